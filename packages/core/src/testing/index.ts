/**
 * Test helpers shipped with @interviewkit/core: fakes for its interfaces, so users' tests and
 * ours use the same ones.
 */
export * from './fake-clock';
export * from './mock-language-model';
export * from './seed-session-log';
export * from './transcriber-harness';
export * from './fake-transcriber';
export * from './fake-speech-synthesizer';
