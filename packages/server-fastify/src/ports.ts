import type {
  AnswerEvaluation,
  Difficulty,
  Evaluator,
  IngestableEvent,
  LanguageModel,
  MasteryUpdate,
  Question,
  QuestionSource,
  ResearchMetrics,
  SessionSummary,
  SessionType,
} from '@interviewkit/core';
import type { MasteryRecord } from './storage/storage';

/**
 * The narrow ports through which the server reaches question generation, evaluation, resume
 * parsing and summaries. `createServer` wires the real offline implementations; embedding apps
 * may replace any of them.
 */

/** A request for a list of questions (the HTTP question endpoints and live sessions). */
export interface QuestionListRequest {
  sessionType: SessionType;
  count: number;
  difficulty: Difficulty;
  topic?: string;
  /** Parsed resume of the user (resume-based sessions). */
  resume?: { text: string; parsed: unknown };
  /** Ids of questions to avoid. */
  excludeIds?: string[];
  abortSignal?: AbortSignal;
}

/** Produces question lists. */
export interface QuestionGenerator {
  generate(request: QuestionListRequest): Promise<Question[]>;
}

/** An uploaded resume file. */
export interface ResumeFile {
  filename: string;
  contentType: string;
  data: Uint8Array;
}

/** Extracts and parses a resume. Raises `UNSUPPORTED_MEDIA_TYPE` / `UNPROCESSABLE_DOCUMENT`. */
export interface ResumeParser {
  parse(file: ResumeFile, options?: { abortSignal?: AbortSignal }): Promise<{ text: string; parsed: Record<string, unknown> }>;
}

/** One answered question given to the summarizer. */
export interface SummaryAnswer {
  question: Question;
  answer: string;
  evaluation: AnswerEvaluation | null;
}

/** Builds the end-of-session summary. */
export interface Summarizer {
  summarize(input: { answers: SummaryAnswer[]; metrics?: ResearchMetrics | null; abortSignal?: AbortSignal }): Promise<SessionSummary>;
}

/**
 * The server's own questions (the bank), for `trustedScoring`: answers are scored against the
 * server's version of a question, never against a reference answer the client sent.
 */
export interface QuestionCatalog {
  /** The server's question with this id, or one asking the same thing; undefined when it has none. */
  find(question: { id?: string; text: string }): Question | undefined;
}

/** Everything the server needs besides storage and auth. */
export interface ServerPorts {
  evaluator: Evaluator;
  /**
   * Checks a question given in a request (answer evaluation, session summaries, `start_interview`
   * with `questions`) before it is used, raising `VALIDATION_FAILED` for one the evaluator cannot
   * judge — the defaults run a SQL question's `setupSql` and `solutionSql` once. Optional.
   */
  checkQuestion?: (question: Question) => Promise<void>;
  questionGenerator: QuestionGenerator;
  resumeParser: ResumeParser;
  summarizer: Summarizer;
  /** Optional language model (OpenAI when OPENAI_API_KEY is set). */
  languageModel?: LanguageModel;
  /** Audio → VAD → transcriber; without it binary frames are refused. */
  audioPipeline?: AudioPipelineFactory;
  /** Mastery bookkeeping; without it answers cause no mastery updates. */
  masteryRules?: MasteryRules;
  /** The server's own questions, looked up under `trustedScoring`. */
  questionCatalog?: QuestionCatalog;
  /**
   * Stops what the ports hold (the default ports: their SQL and document sandbox processes).
   * `createServer` calls it when closing, once live interviews are saved, so queued and running
   * sandbox work ends at once instead of holding a graceful shutdown open.
   */
  close?(): Promise<void>;
  /**
   * The question source of `agentic` live sessions (without `questions`): adaptive, so topic and
   * difficulty follow the answers, each question with a note saying why. Without it agentic
   * sessions get a generated list like the other types.
   */
  agenticQuestions?: AgenticQuestionSourceFactory;
  /**
   * The interviewer's voice (text-to-speech). With it, each `question` event carries an
   * `audio_url` serving the question's audio, rendered once and cached.
   */
  interviewerVoice?: InterviewerVoice;
}

/** What an agentic session starts from (see {@link ServerPorts.agenticQuestions}). */
export interface AgenticSessionRequest {
  userId: string;
  /** The topic `start_interview` named; all topics when absent. */
  topic?: string;
  /** The difficulty `start_interview` named; absent: each topic starts at the level the user reached. */
  difficulty?: Difficulty;
  /** Questions before the interview ends. */
  maxQuestions: number;
  /** The user's mastery records. */
  mastery: readonly MasteryRecord[];
}

/** Creates the question source of one agentic live session. */
export type AgenticQuestionSourceFactory = (request: AgenticSessionRequest) => QuestionSource;

/** Renders interviewer text as audio (`@interviewkit/speech`'s SpeechSynthesizer fits). */
export interface InterviewerVoice {
  synthesize(text: string, options?: { abortSignal?: AbortSignal }): Promise<{ audio: Uint8Array; mimeType: string; key: string }>;
}

/** What an audio pipeline feeds back: VAD and transcript events for the engine. */
export interface AudioPipelineContext {
  sessionId: number;
  /** Session time in ms (the engine's clock). */
  now(): number;
  /** Feeds an audio-derived event into the engine. */
  ingest(event: IngestableEvent): void;
  /** Reports a recoverable error (logged). */
  onError(error: unknown): void;
}

/** Turns binary PCM16 16 kHz mono frames into speech and transcript events. */
export interface AudioPipeline {
  /** Whether transcripts come from the mock transcriber. */
  readonly mock: boolean;
  push(frame: Uint8Array): void;
  /** Mock transcription: the words the candidate is about to say (see the `mock_script` event). */
  script?(text: string): void;
  /** Finalises what was heard of answer `index` (the engine waits, bounded, for the last final). */
  flush(index: number): Promise<void>;
  close(): Promise<void>;
}

/** Creates the audio pipeline of one live session. */
export type AudioPipelineFactory = (context: AudioPipelineContext) => AudioPipeline;

/** Folds evaluated answers into a user's per-topic mastery. */
export interface MasteryRules {
  /**
   * Applies one evaluated answer to the user's mastery of the question's topic; returns the new
   * record and what changed. `record` is null the first time.
   */
  apply(
    record: MasteryRecord | null,
    input: { userId: string; question: Question; evaluation: AnswerEvaluation; at: string },
  ): { record: MasteryRecord; updates: MasteryUpdate[] };
  /**
   * The difficulty the user has reached on a session's topic, from their mastery records: the
   * question endpoints and `start_interview` use it when the request names no difficulty.
   * Undefined (or no method): `medium`.
   */
  difficultyFor?(input: { records: readonly MasteryRecord[]; sessionType: SessionType; topic?: string }): Difficulty | undefined;
}
