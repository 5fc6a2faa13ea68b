/**
 * @interviewkit/client — the typed InterviewKit client for browsers and Node 22+: the HTTP API,
 * the live interview WebSocket with reconnection, and browser microphone capture.
 */
export { InterviewKitClient, type InterviewKitClientOptions, type ResumeUpload } from './http/client';
export { errorFromResponse } from './http/errors';
export type { BinaryResponse, RequestOptions } from './http/transport';
export {
  LiveInterview,
  type InterviewComplete,
  type LifecycleEvents,
  type LiveInterviewEvents,
  type LiveInterviewOptions,
  type LiveInterviewState,
  type LiveInterviewStats,
  type WebSocketConstructor,
  type WebSocketLike,
} from './live/live-interview';
export type { EventMeta } from './live/emitter';
export { PcmFramer, TARGET_SAMPLE_RATE, floatToPcm16, levelOf, type PcmFramerOptions } from './audio/pcm-frames';
export { listMicrophones, startMicrophone, type MicrophoneCapture, type MicrophoneOptions } from './audio/microphone';
export { InterviewKitError, type ErrorCode } from '@interviewkit/core';

/** Replaced at build time by tsup with the package's version (see scripts/tsup.shared.ts). */
declare const __PACKAGE_VERSION__: string | undefined;

/** The package version. */
export const VERSION: string = typeof __PACKAGE_VERSION__ === 'string' ? __PACKAGE_VERSION__ : '0.0.0-dev';
