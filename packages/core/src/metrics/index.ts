export * from './metrics-config';
export * from './transcript-text';
export * from './running-statistics';
export * from './fluency';
export * from './research-metrics-schema';
export * from './research-metrics';
export * from './metrics-table';
