export * from './codes';
export * from './interviewkit-error';
export * from './provider-error';
