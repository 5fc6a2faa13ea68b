import type { AnswerEvaluation, Difficulty, Evaluator, LanguageModel, Question, ResearchMetrics, SessionSummary, SessionType } from '@interviewkit/core';

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

/** Everything the server needs besides storage and auth. */
export interface ServerPorts {
  evaluator: Evaluator;
  questionGenerator: QuestionGenerator;
  resumeParser: ResumeParser;
  summarizer: Summarizer;
  /** Optional language model (OpenAI when OPENAI_API_KEY is set). */
  languageModel?: LanguageModel;
}
