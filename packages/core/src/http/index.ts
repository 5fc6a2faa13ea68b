export * from './api-schemas';
