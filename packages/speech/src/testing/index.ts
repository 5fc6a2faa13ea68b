export * from './speech-audio';
export * from './noise';
export * from './librivox';
