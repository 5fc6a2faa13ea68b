export * from './mastery';
