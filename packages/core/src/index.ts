/**
 * @interviewkit/core — the session event log, research speech metrics, answer evaluation,
 * mastery tracking and the interview engine. Pure TypeScript with zod as its only (peer)
 * dependency: no I/O, no Node built-ins; runs in Node, browsers, Deno, Bun and edge workers.
 */
export * from './errors';
export * from './clock';
export * from './session';
export * from './events';
export * from './metrics';
export * from './evaluation';
export * from './mastery';
export * from './llm';
export * from './provider';
export * from './audio';
export * from './retry';
export * from './cache';
export * from './summary';
export * from './protocol';
export * from './http';
export * from './engine';

/** The package version, injected at build time. */
/** Replaced at build time by tsup with the package's version (see scripts/tsup.shared.ts). */
declare const __PACKAGE_VERSION__: string | undefined;

export const VERSION: string = typeof __PACKAGE_VERSION__ === 'string' ? __PACKAGE_VERSION__ : '0.0.0-dev';
