export * from './session-summary-schema';
export * from './session-summary';
export * from './speech-coaching';
