import type { EngineTurn, InterviewResult, MasteryUpdate, Question, SessionAnswer } from '@interviewkit/core';
import type { FastifyBaseLogger } from 'fastify';
import type { SessionsRepository } from '../storage/storage';
import type { EventLogBuffer } from './event-log-buffer';
import type { SessionMastery } from './session-mastery';

/** What the session row holds of a session in progress. */
export interface SessionProgress {
  questions: Question[];
  answers: SessionAnswer[];
  masteryUpdates: MasteryUpdate[];
}

/** The stored answers of the engine's finished turns. */
export function sessionAnswers(turns: readonly EngineTurn[]): SessionAnswer[] {
  return turns.map((t) => ({
    index: t.index,
    questionId: t.question.id,
    question: t.question.text,
    answer: t.answer,
    reason: t.reason,
    evaluation: t.evaluation,
  }));
}

/** What the session's progress is, taken when asked (so a save stores what holds at that moment). */
export type ProgressSource = () => SessionProgress;

/** Options of {@link SessionRecordWriter}. */
export interface SessionRecordWriterOptions {
  sessionId: number;
  sessions: Pick<SessionsRepository, 'update'>;
  events: EventLogBuffer;
  mastery: SessionMastery | null;
  log: FastifyBaseLogger;
}

/**
 * Writes one live session's row: its progress after each answer, and its result at the end. The
 * row never runs ahead of the event log (the one source of truth after a crash): the log is
 * flushed first, and the row is written only once every event behind it is stored.
 */
export class SessionRecordWriter {
  constructor(private readonly options: SessionRecordWriterOptions) {}

  /**
   * Saves the answers so far. The snapshot is taken before the flush, so it never holds more than
   * the flushed log. Best effort: a failure is logged (the final save writes everything).
   */
  async saveProgress(progress: ProgressSource): Promise<void> {
    const { questions, answers, masteryUpdates } = progress();
    try {
      if (!(await this.options.events.flush())) return;
      await this.options.sessions.update(this.options.sessionId, {
        questions,
        questions_count: questions.length,
        answers,
        mastery_updates: masteryUpdates,
      });
      await this.options.mastery?.persist();
    } catch (error) {
      this.options.log.warn({ err: error, sessionId: this.options.sessionId }, 'saving session progress failed (the final save retries)');
    }
  }

  /** Saves the finished session: the whole event log (with retries), then its row and mastery. */
  async saveResult(result: InterviewResult, progress: ProgressSource): Promise<void> {
    await this.options.events.flushAll();
    const { questions, answers } = progress();
    await this.options.sessions.update(this.options.sessionId, {
      status: result.status,
      score: result.score,
      duration: result.duration,
      completed_at: result.completed_at,
      speech_metrics: result.metrics,
      analysis_valid: result.analysis_valid,
      questions,
      questions_count: questions.length,
      answers,
      feedback: result.summary,
      mastery_updates: result.turns.flatMap((t) => t.masteryUpdates),
      owner_instance: null,
    });
    await this.options.mastery?.persist();
  }
}
