import { invalidArgumentError } from '@interviewkit/core';
import * as z from 'zod';

/** Universal-Streaming models this adapter accepts (the SDK's list; `universal-streaming-english` is the default). */
export const ASSEMBLYAI_SPEECH_MODELS = [
  'universal-streaming-english',
  'universal-streaming-multilingual',
  'u3-rt-pro',
  'universal-3-5-pro',
  'universal-3-6',
  'universal-3-6-pro',
  'whisper-rt',
] as const;

/** A Universal-Streaming speech model. */
export type AssemblyAISpeechModel = (typeof ASSEMBLYAI_SPEECH_MODELS)[number];

const ms = (max: number) => z.number().int().min(0).max(max);

/** The zod schema of {@link AssemblyAITranscriberOptions} (validated by the constructor). */
export const AssemblyAITranscriberOptionsSchema = z
  .object({
    apiKey: z.string().min(1).optional(),
    token: z.union([z.string().min(1), z.custom<() => Promise<string>>((v) => typeof v === 'function', 'a token function')]).optional(),
    speechModel: z.enum(ASSEMBLYAI_SPEECH_MODELS).default('universal-streaming-english'),
    sampleRate: z.number().int().min(8000).max(48000).default(16000),
    formatTurns: z.boolean().default(true),
    endOfTurnConfidenceThreshold: z.number().min(0).max(1).optional(),
    minTurnSilenceMs: ms(10_000).optional(),
    maxTurnSilenceMs: ms(60_000).optional(),
    vadThreshold: z.number().min(0).max(1).optional(),
    keyterms: z.array(z.string().min(1).max(50)).max(100).optional(),
    websocketBaseUrl: z.url({ protocol: /^wss$/ }).optional(),
    connectTimeoutMs: z.number().int().min(100).max(60_000).default(5000),
    maxReconnects: z.number().int().min(0).max(20).default(3),
    reconnectBaseDelayMs: ms(60_000).default(250),
    reconnectMaxDelayMs: ms(120_000).default(4000),
    terminationTimeoutMs: z.number().int().min(1).max(60_000).default(3000),
    flushTimeoutMs: z.number().int().min(1).max(60_000).default(1500),
    maxBufferedMs: z.number().int().min(1000).max(300_000).default(15_000),
    chunkMs: z.number().int().min(50).max(1000).default(100),
    maxBurstMs: ms(1000).default(500),
  })
  .refine((o) => (o.apiKey === undefined) !== (o.token === undefined), {
    message: 'Give exactly one of apiKey (server side) or token (a temporary token, for browsers)',
  });

/**
 * Options of {@link AssemblyAITranscriber}. Durations are milliseconds.
 */
export interface AssemblyAITranscriberOptions {
  /** AssemblyAI API key (server side). Exactly one of `apiKey` and `token`. */
  apiKey?: string;
  /**
   * A temporary token (browsers): a function that returns a fresh one from your server
   * ({@link createAssemblyAITemporaryToken}) — called before every connection, because a temporary
   * token opens one session only — or one token string, which is good for the first connection
   * only (a reconnection then fails with `PROVIDER_AUTH`).
   */
  token?: string | (() => Promise<string>);
  /** Default `universal-streaming-english`. */
  speechModel?: AssemblyAISpeechModel;
  /** Sample rate of the PCM16 mono audio. Default 16 000. */
  sampleRate?: number;
  /** Ask for formatted finals (punctuation, casing); finals are then the formatted copy. Default true. */
  formatTurns?: boolean;
  /** End-of-turn confidence threshold (0–1); service default when unset. */
  endOfTurnConfidenceThreshold?: number;
  /** Silence that ends a turn when the model is confident (`min_turn_silence`). */
  minTurnSilenceMs?: number;
  /** Silence that ends a turn regardless of confidence (`max_turn_silence`). */
  maxTurnSilenceMs?: number;
  /** The service's VAD threshold (0–1). */
  vadThreshold?: number;
  /** Words and phrases to boost (`keyterms_prompt`), e.g. the question's technical terms. */
  keyterms?: string[];
  /** The service's WebSocket URL; default `wss://streaming.assemblyai.com/v3/ws`. Use it for the EU endpoint, a proxy or the fake server in tests. Must be `wss:`. */
  websocketBaseUrl?: string;
  /** One connection attempt's limit (handshake and `Begin`). Default 5 000. */
  connectTimeoutMs?: number;
  /** Consecutive failed (re)connection attempts allowed before a fatal error. Default 3. */
  maxReconnects?: number;
  /** First backoff delay; doubles per attempt, with jitter (core's `backoffDelay`). Default 250. */
  reconnectBaseDelayMs?: number;
  /** Largest backoff delay. Default 4 000. */
  reconnectMaxDelayMs?: number;
  /** How long `close` waits for `Termination` after `Terminate`. Default 3 000. */
  terminationTimeoutMs?: number;
  /** How long `flush` waits for the end of the current turn. Default 1 500. */
  flushTimeoutMs?: number;
  /** Audio kept while no session is open (before `Begin`, while reconnecting); the oldest is dropped beyond it. Default 15 000. */
  maxBufferedMs?: number;
  /** Size of the audio messages sent (the service accepts 50–1 000 ms). Default 100. */
  chunkMs?: number;
  /**
   * How far ahead of real time the audio sent to a session may run (0–1 000 ms). The service closes
   * a session that receives audio faster than real time (3007), so buffered audio — before
   * `Begin`, after a reconnection — is sent at real-time pace, at most this much ahead. Default 500.
   */
  maxBurstMs?: number;
}

/** Validated options with defaults applied. */
export type ResolvedAssemblyAIOptions = z.output<typeof AssemblyAITranscriberOptionsSchema>;

/** Validates options; invalid ones raise `INVALID_ARGUMENT` naming the field. */
export function resolveAssemblyAIOptions(options: AssemblyAITranscriberOptions): ResolvedAssemblyAIOptions {
  const parsed = AssemblyAITranscriberOptionsSchema.safeParse(options);
  if (!parsed.success) throw invalidArgumentError('AssemblyAI transcriber options', parsed.error.issues, parsed.error);
  return parsed.data;
}
