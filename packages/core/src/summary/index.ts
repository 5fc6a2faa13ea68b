export * from './session-summary-schema';
