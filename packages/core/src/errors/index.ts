export * from './codes';
export * from './interviewkit-error';
