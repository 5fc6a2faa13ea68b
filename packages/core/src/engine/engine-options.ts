import type { Scheduler } from '../clock/clock';
import type { AnswerEvaluation, Evaluator } from '../evaluation/evaluator';
import type { AnswerCompleteReason, SessionEvent, StopReason } from '../events/session-event';
import type { MetricsConfig } from '../metrics/metrics-config';
import type { ResearchMetrics } from '../metrics/research-metrics-schema';
import type { MasteryUpdate, ServerEnvelope, ServerEventData } from '../protocol/ws-protocol';
import type { Question } from '../session/question';
import type { SessionType } from '../session/session-types';
import type { SessionSummary } from '../summary/session-summary-schema';
import type { QuestionSource } from './question-source';

/** One finished turn of the interview: the question, the answer and its evaluation. */
export interface EngineTurn {
  index: number;
  question: Question;
  /** The answer as evaluated (transcript or typed text); may be empty. */
  answer: string;
  reason: AnswerCompleteReason;
  /** Null until evaluated, and when evaluation failed. */
  evaluation: AnswerEvaluation | null;
  /** The error code when evaluation failed (the answer is kept, unevaluated). */
  evaluationError: string | null;
  masteryUpdates: MasteryUpdate[];
}

/** Input of {@link InterviewEngineOptions.summarize}. */
export interface SummaryInput {
  turns: readonly EngineTurn[];
  metrics: ResearchMetrics;
  abortSignal?: AbortSignal;
}

/** The result of a finished interview (the `interview_complete` message plus the turns). */
export type InterviewResult = ServerEventData<'interview_complete'> & { turns: readonly EngineTurn[] };

/** Options of {@link InterviewEngine}. */
export interface InterviewEngineOptions {
  /** Storage id of the session (sent in every client message). */
  sessionId: number;
  sessionType: SessionType;
  topic?: string;
  /** Where questions come from (a queue or an adaptive source). */
  questionSource: QuestionSource;
  evaluator: Evaluator;
  /** Receives every event of the session log, in order (persist it). Called synchronously. */
  onEvent: (event: SessionEvent) => void;
  /** Receives every message for the client, in order. Called synchronously. */
  onMessage: (message: ServerEnvelope) => void;
  /** Called with errors the engine recovered from (for logging). */
  onError?: (error: unknown) => void;
  /** Time source and timers; defaults to the host's real clock. */
  scheduler?: Scheduler;
  /**
   * Silence (ms since the candidate's last speech, or since the turn began) that completes an
   * answer. 0 switches it off. The wait is logged as `forced_silence`. Default 15 000.
   */
  silenceTimeoutMs?: number;
  /** Typed answers only: no silence timeout, no audio expected. */
  textOnly?: boolean;
  /** How long to wait for the recognizer's last final after a manual submit (ms). Default 1 500. */
  finalTranscriptGraceMs?: number;
  /** Longest an evaluation may take before the answer is kept unevaluated (ms). Default 20 000. */
  evaluationTimeoutMs?: number;
  /** Longest the question source may take for one question (ms). Default 30 000. */
  questionTimeoutMs?: number;
  /** Hard limit on the session's length (ms); reaching it stops with reason `time_limit`. Off by default. */
  timeLimitMs?: number;
  /** Metric thresholds (also used for long-pause notices). */
  metricsConfig?: Partial<MetricsConfig>;
  /** Whether transcripts come from the mock transcriber (flag in transcription messages). */
  mockTranscripts?: boolean;
  /**
   * Asks the speech-to-text provider to finalize what it has heard of answer `index`; resolves
   * when the final transcript has been ingested (bounded by `finalTranscriptGraceMs`).
   */
  flushTranscript?: (index: number) => Promise<void>;
  /**
   * How long the audio pipeline may be silent (ms) before events stop waiting for it, once the
   * host reports an audio watermark (`advanceAudio`). While a question is open, the log releases
   * events in time order only when the audio pipeline can no longer emit a speech boundary before
   * them, so candidate speech keeps its audio-clock time; when the pipeline has not reported for
   * this long (the client stopped sending), events older than this on the session clock are
   * logged. Audio later than that (a long reconnect) has its boundaries logged at the last logged
   * time and counted in `lateBoundaries`. 0 switches holding off. Default 3 000.
   */
  reorderWindowMs?: number;
  /** Prepares a question before it is asked, e.g. synthesizes its audio. */
  prepareQuestion?: (question: Question, index: number) => Promise<{ audioUrl?: string }>;
  /** Folds an evaluated answer into the candidate's mastery; returns what changed. */
  observeMastery?: (question: Question, evaluation: AnswerEvaluation) => MasteryUpdate[];
  /** Builds the end-of-session summary (default: none). Failures leave the summary null. */
  summarize?: (input: SummaryInput) => SessionSummary | null | Promise<SessionSummary | null>;
  /** ISO timestamp of completion. Default: the wall clock (`new Date().toISOString()`); pass one for deterministic results (tests, replays). */
  completedAt?: () => string;
}

/** States of {@link InterviewEngine}. */
export type EngineState =
  /** Not started. */
  | 'created'
  /** Waiting for the next question from the source. */
  | 'preparing'
  /** The interviewer is asking question `index` (until `interviewer_done`). */
  | 'asking'
  /** The candidate's turn. */
  | 'answering'
  /** The answer is complete; waiting for the last transcript. */
  | 'finishing'
  /** The answer is being evaluated. */
  | 'evaluating'
  /** The session has ended; every command is ignored or refused. */
  | 'finished';

/** Reasons accepted by {@link InterviewEngine.stop}. */
export type EngineStopReason = Exclude<StopReason, 'recovered'>;
