/**
 * Every provider contract of InterviewKit, in one place: what a vendor package (or your own code)
 * implements to plug a transcriber, synthesizer, language model, embedder, evaluator, question
 * generator, résumé parser or summarizer into the SDK and the server, plus the audio target the
 * speech pipeline writes into and the mastery record the server stores. Each is a plain versioned
 * type (`specificationVersion: 'v1'`, `provider`, `modelId`), takes an options object with an
 * `abortSignal`, declares its capabilities where they vary, and returns a typed result.
 */
export * from './specification';
export * from './transcriber';
export * from './transcript-stream';
export * from './synthesizer';
export * from './language-model';
export * from './embedder';
export * from './evaluator';
export * from './question-generator';
export * from './resume-parser';
export * from './summarizer';
export * from './audio-target';
export * from './mastery-record';
