import { formatIssues, InterviewKitError } from '@interviewkit/core';
// The model table alone, not the OpenAI SDK: a cluster's primary reads the config too.
import { OPENAI_DEFAULT_MODELS } from '@interviewkit/openai/models';
import * as z from 'zod';

/** Where live speech-to-text comes from; `auto` picks by the keys present (see `defaultPorts`). */
export const TRANSCRIBERS = ['auto', 'assemblyai', 'openai', 'mock'] as const;

/**
 * Server configuration. Every field can come from the environment (see {@link ENV_VARS}) or from
 * code (`createServer({ ... })`); code wins. Validated once at start-up: a bad value stops the
 * server with a message naming the variable.
 */
export const ServerConfigSchema = z.object({
  /** `development`, `production` or `test`. JWT_SECRET may only be omitted in development and test. */
  env: z.enum(['development', 'production', 'test']).default('production'),
  port: z.coerce.number().int().min(0).max(65_535).default(3000),
  host: z.string().min(1).default('127.0.0.1'),
  /** `sqlite:<file>`, a bare file path, `:memory:`, or `postgres://…`. */
  databaseUrl: z.string().min(1).default('sqlite:./interviewkit.db'),
  /**
   * PostgreSQL connections per process. Default 10 — with several workers, 10 shared among them
   * (at least 2 each), so a server opens about as many connections as one process did.
   */
  databasePoolSize: z.coerce.number().int().min(1).max(1000).optional(),
  redisUrl: z.string().url().optional(),
  /**
   * Live speech-to-text: `assemblyai`, `openai`, `mock`, or `auto` — AssemblyAI when
   * ASSEMBLYAI_API_KEY is set, else OpenAI when only OPENAI_API_KEY is, else the mock.
   */
  transcriber: z.enum(TRANSCRIBERS).default('auto'),
  assemblyAiApiKey: z.string().min(1).optional(),
  /** AssemblyAI's streaming WebSocket URL (the EU endpoint, a proxy); `wss://streaming.assemblyai.com/v3/ws` by default. */
  assemblyAiBaseUrl: z
    .string()
    .url()
    .regex(/^wss:\/\//, 'ASSEMBLYAI_BASE_URL must be a wss:// URL')
    .optional(),
  openAiApiKey: z.string().min(1).optional(),
  /** An OpenAI-compatible endpoint (Azure, a proxy, a local model server); OpenAI's by default. */
  openAiBaseUrl: z.string().url().optional(),
  /** Chat model: questions, résumé parsing, summaries. */
  openAiModel: z.string().min(1).max(100).default(OPENAI_DEFAULT_MODELS.chat),
  /** `reasoning_effort` of a reasoning chat model (provider default when unset). */
  openAiReasoningEffort: z.enum(['none', 'minimal', 'low', 'medium', 'high']).optional(),
  /** Embedding model: answer similarity. */
  openAiEmbeddingModel: z.string().min(1).max(100).default(OPENAI_DEFAULT_MODELS.embedding),
  /** Shortened embedding vectors (`text-embedding-3-*` only). */
  openAiEmbeddingDimensions: z.coerce.number().int().min(1).max(3072).optional(),
  /** Text-to-speech model: the interviewer's voice. */
  openAiTtsModel: z.string().min(1).max(100).default(OPENAI_DEFAULT_MODELS.speech),
  /** The interviewer's voice: a built-in voice, or a custom voice id (`voice_…`). */
  ttsVoice: z.string().min(1).max(100).default('alloy'),
  /** Speech-to-text model (TRANSCRIBER=openai). */
  openAiTranscriptionModel: z.string().min(1).max(100).default(OPENAI_DEFAULT_MODELS.transcription),
  /** ISO-639-1 language of the candidates' speech, for OpenAI transcription (better accuracy and latency). */
  openAiTranscriptionLanguage: z
    .string()
    .regex(/^[a-z]{2}$/, 'an ISO-639-1 code such as en')
    .optional(),
  /** A directory caching rendered question audio across restarts (memory only when unset). */
  ttsCacheDir: z.string().min(1).optional(),
  /** HS256 secret of the bearer tokens: at least 32 characters. */
  jwtSecret: z.string().min(32, 'JWT_SECRET must be at least 32 characters').optional(),
  /** Token lifetime in seconds. */
  jwtTtlSeconds: z.coerce
    .number()
    .int()
    .min(60)
    .max(30 * 24 * 3600)
    .default(24 * 3600),
  /** Allowed CORS origins; empty means no cross-origin access. `*` is refused with credentials. */
  corsOrigins: z.array(z.string().min(1)).default([]),
  /** Largest JSON body in bytes. */
  bodyLimit: z.coerce
    .number()
    .int()
    .min(1024)
    .max(50 * 1024 * 1024)
    .default(1024 * 1024),
  /** Largest resume upload in bytes. */
  resumeMaxBytes: z.coerce
    .number()
    .int()
    .min(1024)
    .max(50 * 1024 * 1024)
    .default(5 * 1024 * 1024),
  /** Login / register attempts per IP per minute. */
  authRateLimitPerMinute: z.coerce.number().int().min(1).max(10_000).default(10),
  /** WebSocket text messages per connection per second before `RATE_LIMITED` errors. */
  wsMessagesPerSecond: z.coerce.number().int().min(1).max(10_000).default(50),
  /** Bytes a WebSocket client may leave unread before the server stops replying and closes it (1008). */
  wsMaxBufferedBytes: z.coerce
    .number()
    .int()
    .min(64 * 1024)
    .max(256 * 1024 * 1024)
    .default(4 * 1024 * 1024),
  /** Open WebSocket connections per user and process; more get a 429 before the upgrade. */
  wsConnectionsPerUser: z.coerce.number().int().min(1).max(10_000).default(8),
  /** Answers evaluated per user per minute, over HTTP (evaluate-answer; session_summary counts each answer) and in live interviews (answer_text, user_done_speaking). */
  evaluationRateLimitPerMinute: z.coerce.number().int().min(1).max(100_000).default(60),
  /** Question lists generated per user per minute: the question routes, and every interview started (each is a paid call with a language model). */
  generationRateLimitPerMinute: z.coerce.number().int().min(1).max(10_000).default(20),
  /** Resume uploads per user per minute. */
  uploadRateLimitPerMinute: z.coerce.number().int().min(1).max(10_000).default(10),
  /**
   * Score only with the server's own questions and evaluations: client-supplied reference
   * answers, keywords, concepts and evaluations are ignored. Default: on, except in development.
   */
  trustedScoring: z.boolean().optional(),
  /** Most live sessions one server holds. */
  maxLiveSessions: z.coerce.number().int().min(1).max(100_000).default(1000),
  /** Largest delay (ms) before a live session's events are written to storage. */
  eventFlushMs: z.coerce.number().int().min(1).max(10_000).default(200),
  /** At most one `transcript_partial` per live session is written to the event log per this many ms (the latest); 0 writes every partial. */
  partialPersistMs: z.coerce.number().int().min(0).max(60_000).default(1000),
  /** Pino log level. */
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Serve the OpenAPI document at /openapi.json and the docs UI at /docs. */
  docs: z.boolean().default(true),
  /** A built web app (a directory with an `index.html`) served at `/`; `pnpm start` serves examples/web's build. */
  webRoot: z.string().min(1).optional(),
  /** An id of this instance (multi-instance routing); random by default. */
  instanceId: z.string().min(1).max(100).optional(),
  /**
   * Processes `interviewkit-server` runs, one worker per core (CLI only; `--workers N` wins over
   * the environment). Default: the number of cores (1 with a `:memory:` database); 1 runs a
   * single process without a primary.
   */
  workers: z.coerce.number().int().min(1).max(256).optional(),
});

/** Validated server configuration (`trustedScoring` resolved from `env` when not given). */
export type ServerConfig = Omit<z.infer<typeof ServerConfigSchema>, 'trustedScoring'> & { trustedScoring: boolean };
/** Configuration as accepted by `createServer` (every field optional). */
export type ServerConfigInput = z.input<typeof ServerConfigSchema>;

/** The environment variable behind each configuration field. */
export const ENV_VARS = {
  env: 'NODE_ENV',
  port: 'PORT',
  host: 'HOST',
  databaseUrl: 'DATABASE_URL',
  databasePoolSize: 'DATABASE_POOL_SIZE',
  redisUrl: 'REDIS_URL',
  transcriber: 'TRANSCRIBER',
  assemblyAiApiKey: 'ASSEMBLYAI_API_KEY',
  assemblyAiBaseUrl: 'ASSEMBLYAI_BASE_URL',
  openAiApiKey: 'OPENAI_API_KEY',
  openAiBaseUrl: 'OPENAI_BASE_URL',
  openAiModel: 'OPENAI_MODEL',
  openAiReasoningEffort: 'OPENAI_REASONING_EFFORT',
  openAiEmbeddingModel: 'OPENAI_EMBEDDING_MODEL',
  openAiEmbeddingDimensions: 'OPENAI_EMBEDDING_DIMENSIONS',
  openAiTtsModel: 'OPENAI_TTS_MODEL',
  ttsVoice: 'OPENAI_TTS_VOICE',
  openAiTranscriptionModel: 'OPENAI_TRANSCRIPTION_MODEL',
  openAiTranscriptionLanguage: 'OPENAI_TRANSCRIPTION_LANGUAGE',
  ttsCacheDir: 'TTS_CACHE_DIR',
  jwtSecret: 'JWT_SECRET',
  jwtTtlSeconds: 'JWT_TTL_SECONDS',
  corsOrigins: 'CORS_ORIGINS',
  bodyLimit: 'BODY_LIMIT',
  resumeMaxBytes: 'RESUME_MAX_BYTES',
  authRateLimitPerMinute: 'AUTH_RATE_LIMIT_PER_MINUTE',
  wsMessagesPerSecond: 'WS_MESSAGES_PER_SECOND',
  wsMaxBufferedBytes: 'WS_MAX_BUFFERED_BYTES',
  wsConnectionsPerUser: 'WS_CONNECTIONS_PER_USER',
  generationRateLimitPerMinute: 'GENERATION_RATE_LIMIT_PER_MINUTE',
  evaluationRateLimitPerMinute: 'EVALUATION_RATE_LIMIT_PER_MINUTE',
  uploadRateLimitPerMinute: 'UPLOAD_RATE_LIMIT_PER_MINUTE',
  trustedScoring: 'TRUSTED_SCORING',
  maxLiveSessions: 'MAX_LIVE_SESSIONS',
  eventFlushMs: 'EVENT_FLUSH_MS',
  partialPersistMs: 'PARTIAL_PERSIST_MS',
  logLevel: 'LOG_LEVEL',
  docs: 'DOCS',
  webRoot: 'WEB_ROOT',
  instanceId: 'INSTANCE_ID',
  workers: 'WORKERS',
} as const satisfies Record<keyof ServerConfig, string>;

/** Older names still read when the current variable is unset (documented as deprecated). */
export const ENV_ALIASES: Partial<Record<keyof ServerConfig, readonly string[]>> = {
  ttsVoice: ['TTS_VOICE'],
};

/** Reads the configuration fields present in `env` (empty strings count as unset). */
export function configFromEnv(env: Record<string, string | undefined>): ServerConfigInput {
  const out: Record<string, unknown> = {};
  for (const [field, name] of Object.entries(ENV_VARS)) {
    const names = [name, ...(ENV_ALIASES[field as keyof ServerConfig] ?? [])];
    const raw = names.map((n) => env[n]).find((v) => v !== undefined && v.trim() !== '');
    if (raw === undefined || raw.trim() === '') continue;
    const value = raw.trim();
    if (field === 'corsOrigins')
      out[field] = value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
    else if (field === 'docs' || field === 'trustedScoring') out[field] = !['0', 'false', 'no', 'off'].includes(value.toLowerCase());
    else out[field] = value;
  }
  return out as ServerConfigInput;
}

/**
 * Validates a configuration. Raises `VALIDATION_FAILED` naming each bad environment variable, and
 * `CONFIG_MISSING` when JWT_SECRET is unset outside development and test (there is no default
 * secret: a published default would make every token forgeable).
 */
export function resolveConfig(input: ServerConfigInput = {}): ServerConfig {
  const parsed = ServerConfigSchema.safeParse(input);
  if (!parsed.success) {
    const lines = formatIssues(parsed.error.issues).map((issue) => {
      const field = issue.path.split('.')[0]!;
      const name = (ENV_VARS as Record<string, string>)[field];
      return `${name ? `${name} (${field})` : field}: ${issue.message}`;
    });
    throw new InterviewKitError('VALIDATION_FAILED', `Invalid server configuration:\n  ${lines.join('\n  ')}`, {
      details: { issues: lines },
    });
  }
  const config: ServerConfig = { ...parsed.data, trustedScoring: parsed.data.trustedScoring ?? parsed.data.env !== 'development' };
  if (config.jwtSecret === undefined && config.env === 'production') {
    throw new InterviewKitError(
      'CONFIG_MISSING',
      'JWT_SECRET is required outside development: set it to a random string of at least 32 characters (e.g. `openssl rand -hex 32`), or set NODE_ENV=development for a per-process random secret.',
    );
  }
  if (config.corsOrigins.includes('*') && config.env === 'production') {
    throw new InterviewKitError('VALIDATION_FAILED', 'CORS_ORIGINS=* is not allowed in production: list the allowed origins');
  }
  return config;
}

/** Environment first, then code overrides, validated. */
export function loadConfig(env: Record<string, string | undefined> = process.env, overrides: ServerConfigInput = {}): ServerConfig {
  return resolveConfig({ ...configFromEnv(env), ...overrides });
}
