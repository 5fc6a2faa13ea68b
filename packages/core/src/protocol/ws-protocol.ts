import * as z from 'zod';
import { GRADES, SuggestionSchema } from '../evaluation/evaluator';
import { AnswerCompleteReasonSchema, StopReasonSchema, TimedWordSchema } from '../events/session-event';
import { LiveMetricsSchema, ResearchMetricsSchema } from '../metrics/research-metrics-schema';
import { boundedJsonObject } from '../session/json-limits';
import { QuestionSchema } from '../session/question';
import { DifficultySchema, SessionStatusSchema, SessionTypeSchema } from '../session/session-types';
import { SessionSummarySchema } from '../summary/session-summary-schema';

/**
 * The live-interview WebSocket protocol (endpoint `/ws`), shared by server and client so the two
 * ends cannot drift.
 *
 * Text frames are JSON envelopes `{"event": name, "data": {...}, "ack"?: n}`. A client request
 * that carries `ack` gets exactly one `{"event":"ack","ack":n,"data":{...}}` or
 * `{"event":"ack","ack":n,"error":{code,message}}`. Server events that belong to a session carry
 * a per-session sequence number `seq` (from 1), so a client that reconnects can resume without
 * losing or duplicating events. Binary frames are PCM16 little-endian mono 16 kHz audio for the
 * caller's active session. Identity comes from the bearer token, never from the payload.
 *
 * **Capture times (protocol version 2).** A client that sends `start_interview` with
 * `audio_timestamps: true` and gets `audio_timestamps: true` back in the ack prefixes every binary
 * frame of that session (also after a resume) with an {@link WS_AUDIO_HEADER_BYTES}-byte header:
 * the capture time of the frame's first sample, a float64 little-endian in milliseconds of the
 * client's monotonic clock (e.g. `performance.now()`), then the PCM16 samples. On the same clock
 * it may stamp `interviewer_done` with `t`, the moment the question finished playing. The server
 * maps that clock onto the session timeline with one offset, fixed at the first stamp it sees, so
 * response latencies and pauses are differences on the client's own clock: network delay, jitter,
 * pauses in sending and reconnects change none of them. A capture time later than the end of the
 * audio so far is a gap in capturing and counts as silence. Servers that do not know the field
 * ignore it and ack without it — the client then sends plain frames (version 1), and the server
 * times audio by its arrival (see the README's "Timeline" section).
 */

/** The version of this protocol (2: capture-time headers on audio frames, `interviewer_done.t`). */
export const WS_PROTOCOL_VERSION = 2;
/** Bytes of the capture-time header on a binary frame when `audio_timestamps` was agreed. */
export const WS_AUDIO_HEADER_BYTES = 8;

/** A binary frame with a capture-time header: the capture time (client ms) of its first sample and the PCM16 bytes. */
export function encodeTimedAudioFrame(capturedAtMs: number, pcm: Uint8Array): Uint8Array {
  const frame = new Uint8Array(WS_AUDIO_HEADER_BYTES + pcm.byteLength);
  new DataView(frame.buffer).setFloat64(0, capturedAtMs, true);
  frame.set(pcm, WS_AUDIO_HEADER_BYTES);
  return frame;
}

/** Splits a binary frame with a capture-time header; null when it is too short or the time is not finite. */
export function decodeTimedAudioFrame(frame: Uint8Array): { capturedAtMs: number; pcm: Uint8Array } | null {
  if (frame.byteLength <= WS_AUDIO_HEADER_BYTES) return null;
  const capturedAtMs = new DataView(frame.buffer, frame.byteOffset, WS_AUDIO_HEADER_BYTES).getFloat64(0, true);
  if (!Number.isFinite(capturedAtMs)) return null;
  return { capturedAtMs, pcm: frame.subarray(WS_AUDIO_HEADER_BYTES) };
}

/** Largest text frame the server accepts, in bytes. */
export const MAX_WS_TEXT_FRAME_BYTES = 64 * 1024;
/** Largest binary audio frame the server accepts, in bytes (2 s of 16 kHz PCM16). */
export const MAX_WS_AUDIO_FRAME_BYTES = 64_000;
/** The audio format of binary frames. */
export const WS_AUDIO_FORMAT = Object.freeze({ encoding: 'pcm_s16le', sampleRate: 16_000, channels: 1 });

const UserIdSchema = z.union([z.string().min(1).max(200), z.number().int()]);
const SessionIdSchema = z.number().int().positive();
const IndexSchema = z.number().int().nonnegative().max(10_000);

// ---------------------------------------------------------------- client -> server

/** `start_interview`: begins a live interview. */
export const StartInterviewSchema = z.object({
  session_type: SessionTypeSchema,
  topic: z.string().min(1).max(100).optional(),
  /** Checked against the token's user; a different value is rejected with `FORBIDDEN`. */
  user_id: UserIdSchema.optional(),
  difficulty: DifficultySchema.optional(),
  /** Number of questions (the session type's default when omitted). */
  question_count: z.number().int().min(1).max(30).optional(),
  /** Run the interview on these questions instead of generating them. */
  questions: z
    .array(QuestionSchema.partial({ id: true }))
    .min(1)
    .max(30)
    .optional(),
  /** Silence (ms since the last speech) that completes an answer; 0 switches it off. Default 15000. */
  silence_timeout_ms: z.union([z.literal(0), z.number().int().min(2000).max(120_000)]).optional(),
  /** Answers are typed only; no audio will be sent. */
  text_only: z.boolean().optional(),
  /**
   * Protocol version 2: the client will prefix binary frames with their capture time (see the
   * protocol notes), once the ack answers `audio_timestamps: true`.
   */
  audio_timestamps: z.boolean().optional(),
});
/** `start_interview` data. */
export type StartInterview = z.infer<typeof StartInterviewSchema>;

/** Data of each client -> server event. */
export const ClientEventSchemas = {
  start_interview: StartInterviewSchema,
  /** The client finished playing or showing question `index`; the candidate's turn begins. */
  interviewer_done: z
    .object({
      index: IndexSchema.optional(),
      user_id: UserIdSchema.optional(),
      /** When the question finished, in ms of the client's clock (the clock of the audio capture times; version 2). */
      t: z.number().finite().optional(),
    })
    .default({}),
  /** Manual submit: the candidate finished the current answer. */
  user_done_speaking: z.object({ user_id: UserIdSchema.optional() }).default({}),
  /** A typed answer to the current question. */
  answer_text: z.object({ text: z.string().min(1).max(20_000), index: IndexSchema.optional() }),
  /** Ends the interview now (final metrics are computed and saved). */
  stop_interview: z.object({ user_id: UserIdSchema.optional(), session_id: SessionIdSchema.optional() }).default({}),
  /**
   * Mock transcription only (`use_mock: true`): the words the candidate is about to say. The mock
   * transcriber releases them as transcripts paced by the voice activity in the audio that follows
   * (demos, tests, load generators). Ignored, with an error event, when a real recognizer is used.
   */
  mock_script: z.object({ text: z.string().min(1).max(20_000) }),
  /** After a reconnect: continue a live session, replaying every event after `last_seq`. */
  resume_interview: z.object({ session_id: SessionIdSchema, last_seq: z.number().int().nonnegative() }),
} as const;
/** Names of client -> server events. */
export type ClientEventName = keyof typeof ClientEventSchemas;
/** Data of client event `K`. */
export type ClientEventData<K extends ClientEventName> = z.infer<(typeof ClientEventSchemas)[K]>;
/** All client event names. */
export const CLIENT_EVENT_NAMES = Object.keys(ClientEventSchemas) as ClientEventName[];

/** Whether `name` is a client -> server event name (own keys only: `constructor` or `__proto__` are not). */
export function isClientEventName(name: string): name is ClientEventName {
  return Object.prototype.hasOwnProperty.call(ClientEventSchemas, name);
}

/** Validates the data of client event `name` with its schema; the result is typed by the event. */
export function parseClientEventData<K extends ClientEventName>(name: K, data: unknown): z.ZodSafeParseResult<ClientEventData<K>> {
  // The one widening: TypeScript cannot relate the schema map's indexed union to K.
  return (ClientEventSchemas[name] as unknown as z.ZodType<ClientEventData<K>>).safeParse(data);
}

/**
 * One handler per client -> server event, each typed by its event's data: what a server (or a
 * test double of one) implements. `Context` is whatever the caller passes beside the data.
 */
export type ClientEventHandlers<Context = void, Result = unknown> = {
  readonly [K in ClientEventName]: (data: ClientEventData<K>, context: Context) => Result;
};

/** The envelope of a client text frame (its `data` is validated per event afterwards). */
export const ClientEnvelopeSchema = z.object({
  event: z.string().min(1).max(64),
  data: z.unknown().optional(),
  ack: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER).optional(),
});

// ---------------------------------------------------------------- server -> client

/** What the client is shown of a question: never the reference answer or expected keywords. */
export const PublicQuestionSchema = z.object({
  id: z.string(),
  text: z.string(),
  topic: z.string().optional(),
  subtopic: z.string().optional(),
  difficulty: DifficultySchema,
  kind: z.string().optional(),
  hint: z.string().optional(),
  /** Extra data the candidate needs (a coding challenge's tables, a debugging snippet); bounded like the question's. */
  extra: boundedJsonObject().optional(),
});
/** A question as shown to the candidate. */
export type PublicQuestion = z.infer<typeof PublicQuestionSchema>;

/** `start_interview` ack data (the seed's response). */
export const StartInterviewAckSchema = z.object({
  status: z.literal('started'),
  message: z.string(),
  use_mock: z.boolean(),
  session_id: SessionIdSchema,
  /** True when the server reads capture-time headers on this session's binary frames (the client asked for them). */
  audio_timestamps: z.boolean().optional(),
});
/** `start_interview` ack data. */
export type StartInterviewAck = z.infer<typeof StartInterviewAckSchema>;

/** A mastery change caused by one answer. */
export const MasteryUpdateSchema = z.object({
  topic: z.string(),
  /** The concept, or null for the topic-level mastery. */
  concept: z.string().nullable(),
  before: z.number().min(0).max(1),
  after: z.number().min(0).max(1),
});
/** A mastery change caused by one answer. */
export type MasteryUpdate = z.infer<typeof MasteryUpdateSchema>;

/**
 * Why an adaptive (`agentic`) session asked its next question: `start` (the first, at the level
 * the candidate reached on the topic), `deepen` (after a good answer: harder, or deeper at the
 * top level), `simplify` (after a poor one: easier), `follow_up` (same topic and level, on what
 * the last answer missed) or `move_topic` (on to the weakest other topic).
 */
export const ADAPTATION_REASONS = ['start', 'follow_up', 'deepen', 'simplify', 'move_topic'] as const;
/** One of {@link ADAPTATION_REASONS}. */
export type AdaptationReason = (typeof ADAPTATION_REASONS)[number];

const ErrorBodySchema = z.object({ code: z.string(), message: z.string(), details: z.record(z.string(), z.unknown()).optional() });

/** Data of each server -> client event. */
export const ServerEventSchemas = {
  question: z.object({
    session_id: SessionIdSchema,
    index: IndexSchema,
    /** Planned number of questions, or null for open-ended (agentic) sessions. */
    total: z.number().int().positive().nullable(),
    question: PublicQuestionSchema,
    /** URL of the question's synthesized audio, when text-to-speech is configured. */
    audio_url: z.string().optional(),
    /** Why this question follows (agentic mode), a sentence for the candidate, e.g. "You did well on indexing, so here is a harder one." */
    note: z.string().optional(),
    /** The same reason for programs (agentic mode): see {@link ADAPTATION_REASONS}. */
    adaptation: z.enum(ADAPTATION_REASONS).optional(),
  }),
  /** A partial transcript of the current answer. */
  transcription: z.object({ session_id: SessionIdSchema, index: IndexSchema, text: z.string(), mock: z.boolean() }),
  /** A finalized transcript segment; `text` is the segment, `answer` the whole answer so far. */
  final_transcription: z.object({
    session_id: SessionIdSchema,
    index: IndexSchema,
    text: z.string(),
    answer: z.string(),
    words: z.array(TimedWordSchema).optional(),
    mock: z.boolean(),
  }),
  /** The answer to question `index` is complete; stop sending audio until the next question. */
  answer_complete: z.object({ session_id: SessionIdSchema, index: IndexSchema, reason: AnswerCompleteReasonSchema, text: z.string() }),
  answer_evaluated: z.object({
    session_id: SessionIdSchema,
    index: IndexSchema,
    /** False when evaluation failed: the answer is kept, unevaluated, and the interview goes on. */
    evaluated: z.boolean(),
    similarity: z.number().min(0).max(1).nullable(),
    keyword_coverage: z.number().min(0).max(1).nullable(),
    score: z.number().min(0).max(100).nullable(),
    grade: z.enum(GRADES).nullable(),
    matched_keywords: z.array(z.string()),
    missing_keywords: z.array(z.string()),
    suggestions: z.array(SuggestionSchema),
    mastery_updates: z.array(MasteryUpdateSchema),
    error: ErrorBodySchema.optional(),
  }),
  /** Live metrics, after each answer and periodically while the candidate speaks. */
  metrics: LiveMetricsSchema.extend({ session_id: SessionIdSchema }),
  /** The candidate has been silent longer than the long-pause threshold in this answer. */
  long_pause: z.object({ session_id: SessionIdSchema, index: IndexSchema, duration: z.number().nonnegative() }),
  /** A provider failed and a fallback took over (e.g. speech-to-text fell back to the mock). */
  provider_fallback: z.object({ session_id: SessionIdSchema, provider: z.string(), from: z.string(), to: z.string(), code: z.string(), message: z.string() }),
  interview_complete: z.object({
    session_id: SessionIdSchema,
    status: SessionStatusSchema,
    reason: StopReasonSchema,
    /** Average similarity × 100; null when no question was answered (`analysis_valid` false). */
    score: z.number().min(0).max(100).nullable(),
    grade: z.enum(GRADES).nullable(),
    /** Whole seconds. */
    duration: z.number().int().nonnegative(),
    completed_at: z.string(),
    analysis_valid: z.boolean(),
    metrics: ResearchMetricsSchema,
    summary: SessionSummarySchema.nullable(),
  }),
  /** An error not tied to an acked request. */
  error: ErrorBodySchema.extend({ event: z.string().optional() }),
} as const;
/** Names of server -> client events (besides `ack`). */
export type ServerEventName = keyof typeof ServerEventSchemas;
/** Data of server event `K`. */
export type ServerEventData<K extends ServerEventName> = z.infer<(typeof ServerEventSchemas)[K]>;
/** All server event names. */
export const SERVER_EVENT_NAMES = Object.keys(ServerEventSchemas) as ServerEventName[];

/** A server event envelope. */
export type ServerEnvelope = {
  [K in ServerEventName]: { event: K; data: ServerEventData<K>; seq?: number };
}[ServerEventName];

/** The ack envelope answering a request that carried `ack`. */
export const AckEnvelopeSchema = z.object({
  event: z.literal('ack'),
  ack: z.number().int().nonnegative(),
  data: z.unknown().optional(),
  error: ErrorBodySchema.optional(),
});
/** The ack envelope. */
export type AckEnvelope = z.infer<typeof AckEnvelopeSchema>;

/** The envelope of any server text frame (data validated per event afterwards). */
export const ServerEnvelopeSchema = z.object({
  event: z.string(),
  data: z.unknown().optional(),
  ack: z.number().int().nonnegative().optional(),
  seq: z.number().int().positive().optional(),
  error: ErrorBodySchema.optional(),
});
