import {
  type AnswerEvaluation,
  buildSessionSummary,
  computeResearchMetrics,
  gradeForScore,
  type Question,
  QuestionSchema,
  type ResearchMetrics,
  RunningStatistics,
  type SessionAnswer,
  type SessionEvent,
  type SessionStatus,
  type SessionSummary,
  sessionScore,
  similarityToScore,
  type StopReason,
} from '@interviewkit/core';
import type { SessionRecord, Storage } from '../storage/storage';

/** The outcome of finalising a session from its log (the `interview_complete` data). */
export interface RecoveredResult {
  session_id: number;
  status: SessionStatus;
  reason: StopReason;
  score: number | null;
  grade: ReturnType<typeof gradeForScore> | null;
  duration: number;
  completed_at: string;
  analysis_valid: boolean;
  metrics: ResearchMetrics;
  summary: SessionSummary | null;
}

/** What a session's event log says about its questions and answers. */
export interface LoggedInterview {
  /** Questions asked, by index. */
  questions: Question[];
  answers: SessionAnswer[];
  /** Similarities of the evaluated answers, in log order. */
  similarities: number[];
}

type Evaluated = Extract<SessionEvent, { type: 'answer_evaluated' }>;

/**
 * The evaluation an `answer_evaluated` event records. The row's own copy is used when it is the
 * same evaluation (same similarity): it carries detail the log does not (suggestion codes); else
 * the evaluation is rebuilt from the event alone.
 */
function loggedEvaluation(event: Evaluated, saved: AnswerEvaluation | null | undefined): AnswerEvaluation {
  if (saved && saved.similarity === event.similarity) return saved;
  const score = similarityToScore(event.similarity);
  return {
    similarity: event.similarity,
    keywordCoverage: event.keyword_coverage,
    matchedKeywords: event.matched_keywords ?? [],
    missingKeywords: event.missing_keywords ?? [],
    suggestions: [],
    concepts: [
      ...(event.concepts_mentioned ?? []).map((concept) => ({ concept, mentioned: true })),
      ...(event.concepts_missed ?? []).map((concept) => ({ concept, mentioned: false })),
    ],
    score,
    grade: gradeForScore(score),
    evaluator: event.evaluator ?? 'unknown',
    offline: false,
  };
}

/**
 * Reads a session's questions and answers from its event log — the one source of truth: an
 * answer exists when its `answer_complete` is logged, it is evaluated when its
 * `answer_evaluated` is logged. The row only lends detail for what the log confirms (the full
 * question objects by index and id, an evaluation's suggestion codes).
 */
export function interviewFromLog(events: readonly SessionEvent[], row: Pick<SessionRecord, 'questions' | 'answers'>): LoggedInterview {
  const questions: Question[] = [];
  const answers = new Map<number, SessionAnswer>();
  const similarities: number[] = [];
  const savedEvaluation = new Map(row.answers.map((a) => [a.index, a.evaluation]));
  for (const event of events) {
    if (event.type === 'question_asked') {
      const known = row.questions[event.index];
      questions[event.index] =
        known && (event.question_id === undefined || known.id === event.question_id)
          ? known
          : QuestionSchema.parse({ id: event.question_id ?? `q${event.index}`, text: event.question });
    } else if (event.type === 'answer_complete') {
      const q = questions[event.index];
      answers.set(event.index, {
        index: event.index,
        questionId: q?.id ?? `q${event.index}`,
        question: q?.text ?? '',
        answer: event.text,
        reason: event.reason,
        evaluation: null,
      });
    } else if (event.type === 'answer_evaluated') {
      const answer = answers.get(event.index);
      if (!answer) continue;
      answer.evaluation = loggedEvaluation(event, savedEvaluation.get(event.index));
      similarities.push(event.similarity);
    }
  }
  return { questions: questions.filter((q): q is Question => q !== undefined), answers: [...answers.values()].sort((a, b) => a.index - b.index), similarities };
}

/**
 * Finalises a live session that no process holds any more (after a crash, a restart, or an HTTP
 * stop for a session whose server is gone) from its persisted event log: everything logged is
 * kept, a `session_stopped` event (reason `recovered`) closes the log at its last time, and the
 * row's answers, questions, score, metrics and summary are all recomputed from the log (see
 * {@link interviewFromLog}), so row and log cannot disagree. Events that break the log's ordering
 * are skipped, never fatal. The summary is core's deterministic one.
 */
export async function finalizeFromLog(storage: Storage, session: SessionRecord, reason: StopReason = 'recovered'): Promise<RecoveredResult> {
  const stored = await storage.events.list(session.id);
  const stats = new RunningStatistics();
  let lastSeq = 0;
  const applied: SessionEvent[] = [];
  for (const { seq, event } of stored) {
    lastSeq = seq;
    try {
      stats.apply(event);
      applied.push(event);
    } catch {
      // An event that breaks the ordering rules is kept in the log but not folded.
    }
  }
  if (!stats.state.started) {
    const start: SessionEvent = { type: 'session_started', t: 0, session_type: session.session_type, ...(session.topic ? { topic: session.topic } : {}) };
    stats.apply(start);
    await storage.events.append(session.id, [{ seq: ++lastSeq, event: start }]);
  }
  if (!stats.state.stopped) {
    const stop: SessionEvent = { type: 'session_stopped', t: stats.state.lastT, reason };
    stats.apply(stop);
    await storage.events.append(session.id, [{ seq: ++lastSeq, event: stop }]);
  }
  const metrics = computeResearchMetrics(stats);
  const { questions, answers, similarities } = interviewFromLog(applied, session);
  const score = metrics.analysis_valid && similarities.length > 0 ? sessionScore(similarities) : null;
  const summary =
    answers.length > 0
      ? buildSessionSummary({
          turns: answers.map((a) => ({
            question: questions.find((q) => q.id === a.questionId) ?? QuestionSchema.parse({ id: a.questionId, text: a.question || 'Question' }),
            answer: a.answer,
            evaluation: a.evaluation,
          })),
          totalQuestions: questions.length,
          metrics,
        })
      : null;
  const completedAt = new Date().toISOString();
  const status: SessionStatus = reason === 'recovered' || reason === 'disconnected' ? 'abandoned' : 'stopped';
  await storage.sessions.update(session.id, {
    status,
    score,
    duration: Math.floor(metrics.session_duration),
    completed_at: completedAt,
    speech_metrics: metrics,
    analysis_valid: metrics.analysis_valid,
    questions,
    answers,
    questions_count: questions.length,
    feedback: summary,
    owner_instance: null,
  });
  return {
    session_id: session.id,
    status,
    reason,
    score,
    grade: score === null ? null : gradeForScore(score),
    duration: Math.floor(metrics.session_duration),
    completed_at: completedAt,
    analysis_valid: metrics.analysis_valid,
    metrics,
    summary,
  };
}

/** Finalises every live session in storage that `isOrphan` says no process holds. */
export async function recoverOrphanedSessions(storage: Storage, isOrphan: (session: SessionRecord) => boolean | Promise<boolean>): Promise<number[]> {
  const recovered: number[] = [];
  for (const session of await storage.sessions.listLive()) {
    if (!(await isOrphan(session))) continue;
    await finalizeFromLog(storage, session, 'recovered');
    recovered.push(session.id);
  }
  return recovered;
}
