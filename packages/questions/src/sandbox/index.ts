export * from './process-pool';
