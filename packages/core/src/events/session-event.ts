import * as z from 'zod';
import { SessionTypeSchema } from '../session/session-types';

/**
 * Milliseconds since the session started, on a monotonic clock. Every event carries one;
 * the log is ordered by it (non-decreasing).
 */
const T = z
  .number()
  .finite()
  .nonnegative()
  .max(7 * 24 * 3600 * 1000);
/** A duration in milliseconds. */
const Ms = z
  .number()
  .finite()
  .nonnegative()
  .max(7 * 24 * 3600 * 1000);
/** Index of a question within the session, from 0. */
const Index = z.number().int().nonnegative().max(10_000);
const Unit = z.number().finite().min(0).max(1);

/** A word with its timing in session milliseconds (same clock as `t`). */
export const TimedWordSchema = z.object({
  text: z.string().max(200),
  start: Ms,
  end: Ms,
  confidence: Unit.optional(),
});
/** A transcribed word with start and end in session milliseconds. */
export type TimedWord = z.infer<typeof TimedWordSchema>;

/** Why a candidate's answer ended. */
export const AnswerCompleteReasonSchema = z.enum(['manual', 'silence_timeout', 'text', 'stopped']);
/** `manual`: the candidate pressed "done"; `silence_timeout`: no speech for the configured time; `text`: a typed answer; `stopped`: the session ended mid-answer. */
export type AnswerCompleteReason = z.infer<typeof AnswerCompleteReasonSchema>;

/** Why a session ended. */
export const StopReasonSchema = z.enum(['completed', 'stopped', 'time_limit', 'disconnected', 'shutdown', 'recovered', 'error']);
/** `completed`: all questions done; `stopped`: the user stopped; `time_limit`; `disconnected`: reconnection grace expired; `shutdown`: server shut down; `recovered`: finalised after a crash; `error`. */
export type StopReason = z.infer<typeof StopReasonSchema>;

/** A pipeline stage whose latency is logged. */
export const LatencyStageSchema = z.enum(['stt_final', 'evaluation', 'question', 'tts']);

const base = { t: T };

/**
 * Every event of the session event log. Metrics, scores and mastery updates are pure functions
 * of this log, so a finished session can be re-analysed exactly and a crashed one recovered.
 *
 * | type | meaning |
 * |---|---|
 * | `session_started` | the clock starts (`t` is normally 0) |
 * | `question_asked` | the interviewer starts question `index` |
 * | `question_end` | the interviewer finished asking; the candidate's turn starts (latency reference) |
 * | `speech_start` / `speech_end` | candidate voice activity (VAD or word timings) |
 * | `transcript_partial` / `transcript_final` | speech-to-text output |
 * | `answer_complete` | the candidate's answer to `index` ended; `text` is the answer as evaluated |
 * | `forced_silence` | a system wait of `duration` ms ending at `t`, excluded from candidate silence |
 * | `answer_evaluated` | evaluation result of answer `index` |
 * | `evaluation_failed` | evaluation of answer `index` failed; the answer is kept, unevaluated |
 * | `pitch_summary` | pitch statistics of a stretch of candidate speech |
 * | `provider_fallback` | a provider failed and a fallback took over (visible degraded flag) |
 * | `stage_latency` | how long a pipeline stage took; no effect on metrics |
 * | `session_stopped` | the clock stops |
 */
export const SessionEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('session_started'), ...base, session_type: SessionTypeSchema, topic: z.string().max(100).optional() }),
  z.object({
    type: z.literal('question_asked'),
    ...base,
    index: Index,
    question: z.string().min(1).max(4000),
    question_id: z.string().max(200).optional(),
  }),
  z.object({ type: z.literal('question_end'), ...base, index: Index }),
  z.object({ type: z.literal('speech_start'), ...base }),
  z.object({ type: z.literal('speech_end'), ...base }),
  z.object({
    type: z.literal('transcript_partial'),
    ...base,
    text: z.string().max(20_000),
    words: z.array(TimedWordSchema).max(5000).optional(),
    index: Index.optional(),
  }),
  z.object({
    type: z.literal('transcript_final'),
    ...base,
    text: z.string().max(20_000),
    words: z.array(TimedWordSchema).max(5000).optional(),
    index: Index.optional(),
  }),
  z.object({
    type: z.literal('answer_complete'),
    ...base,
    index: Index,
    reason: AnswerCompleteReasonSchema,
    text: z.string().max(50_000),
  }),
  z.object({ type: z.literal('forced_silence'), ...base, duration: Ms }),
  z.object({
    type: z.literal('answer_evaluated'),
    ...base,
    index: Index,
    similarity: Unit,
    keyword_coverage: Unit,
    matched_keywords: z.array(z.string().max(100)).max(100).optional(),
    missing_keywords: z.array(z.string().max(100)).max(100).optional(),
    suggestions: z.array(z.string().max(500)).max(20).optional(),
    concepts_mentioned: z.array(z.string().max(100)).max(50).optional(),
    concepts_missed: z.array(z.string().max(100)).max(50).optional(),
    evaluator: z.string().max(100).optional(),
  }),
  z.object({ type: z.literal('evaluation_failed'), ...base, index: Index, code: z.string().max(50), message: z.string().max(500).optional() }),
  z.object({
    type: z.literal('pitch_summary'),
    ...base,
    /** Number of voiced pitch frames summarised. */
    count: z.number().int().positive().max(1e9),
    /** Mean f0 in Hz. */
    mean: z.number().finite().positive().max(2000),
    /** Sum of squared deviations from the mean (Welford's M2), Hz². */
    m2: z.number().finite().nonnegative(),
    min: z.number().finite().positive().max(2000),
    max: z.number().finite().positive().max(2000),
    /** 10th and 90th percentile f0 of this stretch, Hz. */
    p10: z.number().finite().positive().max(2000),
    p90: z.number().finite().positive().max(2000),
  }),
  z.object({
    type: z.literal('provider_fallback'),
    ...base,
    provider: z.enum(['transcriber', 'language_model', 'embedder', 'synthesizer']),
    from: z.string().max(100),
    to: z.string().max(100),
    code: z.string().max(50),
  }),
  z.object({ type: z.literal('stage_latency'), ...base, stage: LatencyStageSchema, ms: Ms }),
  z.object({ type: z.literal('session_stopped'), ...base, reason: StopReasonSchema }),
]);

/** One event of the session log (see {@link SessionEventSchema}). */
export type SessionEvent = z.infer<typeof SessionEventSchema>;
/** The `type` of a {@link SessionEvent}. */
export type SessionEventType = SessionEvent['type'];
/** The event of a given type. */
export type SessionEventOf<K extends SessionEventType> = Extract<SessionEvent, { type: K }>;

/** All event types, in the order of the table above. */
export const SESSION_EVENT_TYPES: readonly SessionEventType[] = SessionEventSchema.options.map((option) => option.shape.type.value);
