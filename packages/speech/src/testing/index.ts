export * from './speech-audio';
