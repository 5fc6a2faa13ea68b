/**
 * @interviewkit/questions — where interview content comes from: question banks and generators
 * for every session type, reference answers, resume-based questions, coding and debugging
 * challenges, LLM adapters with an offline fallback, and end-of-session summaries.
 */
export * from './bank';
export * from './coding';
export * from './debugging';
export * from './generators';
export * from './reference-answers';
export * from './llm';
export * from './resume';
export * from './sandbox';
export * from './summary';

/** The package version, injected at build time. */
/** Replaced at build time by tsup with the package's version (see scripts/tsup.shared.ts). */
declare const __PACKAGE_VERSION__: string | undefined;

export const VERSION: string = typeof __PACKAGE_VERSION__ === 'string' ? __PACKAGE_VERSION__ : '0.0.0-dev';
