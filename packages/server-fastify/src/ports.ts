import type {
  AudioPipelineTarget,
  Evaluator,
  LanguageModel,
  Difficulty,
  MasteryRecord,
  MasteryRules,
  Question,
  QuestionGenerator,
  QuestionSource,
  ResumeParser,
  SpeechSynthesizer,
  Summarizer,
} from '@interviewkit/core';

/**
 * The ports through which the server reaches question generation, evaluation, résumé parsing,
 * summaries, speech and mastery. Every contract is core's (`@interviewkit/core`'s provider folder):
 * the server declares none of its own, it re-exports them under the names its API has used.
 * `createServer` wires the defaults (`defaultPorts`, the composition root that picks the vendor
 * packages); embedding apps may replace any of them.
 */
export type {
  AudioPipelineTarget,
  MasteryObservationInput,
  MasteryRecord,
  MasteryRules,
  ParsedResume,
  QuestionGenerator,
  QuestionListRequest,
  ResumeFile,
  ResumeParser,
  SpeechSynthesizer,
  SummarizeInput,
  Summarizer,
} from '@interviewkit/core';
/** One answered question given to the summarizer (core's `SummaryTurn`). */
export type { SummaryTurn as SummaryAnswer } from '@interviewkit/core';
/** The interviewer's voice: core's `SpeechSynthesizer` (`@interviewkit/openai`'s, cached by `@interviewkit/speech`). */
export type { SpeechSynthesizer as InterviewerVoice } from '@interviewkit/core';
/** What an audio pipeline feeds back (core's `AudioPipelineTarget`; the server always sets `sessionId`). */
export type { AudioPipelineTarget as AudioPipelineContext } from '@interviewkit/core';

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
  interviewerVoice?: SpeechSynthesizer;
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

/** Turns binary PCM16 16 kHz mono frames into speech and transcript events (one live session's). */
export interface AudioPipeline {
  /** Whether transcripts come from the mock transcriber (the active transcriber declares `capabilities.scripting`). */
  readonly mock: boolean;
  /** One PCM16 frame; `capturedAt`: the session time of its first sample, when the client stamps its frames. */
  push(frame: Uint8Array, capturedAt?: number): void;
  /** Scripted words for a scripting (mock) transcriber — see the `mock_script` event; absent otherwise. */
  script?(text: string): void;
  /** Finalises what was heard of answer `index` (the engine waits, bounded, for the last final). */
  flush(index: number): Promise<void>;
  close(): Promise<void>;
}

/** Creates the audio pipeline of one live session; `context` is where its events go. */
export type AudioPipelineFactory = (context: AudioPipelineTarget & { sessionId: number }) => AudioPipeline;
