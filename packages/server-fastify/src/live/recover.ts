import {
  computeResearchMetrics,
  gradeForScore,
  type ResearchMetrics,
  RunningStatistics,
  type SessionAnswer,
  type SessionEvent,
  type SessionStatus,
  sessionScore,
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
  summary: null;
}

/**
 * Finalises a live session that no process holds any more (after a crash, a restart, or an HTTP
 * stop for a session whose server is gone) from its persisted event log: everything logged is
 * kept, a `session_stopped` event (reason `recovered`) closes the log at its last time, and the
 * metrics, score and answers are recomputed from the log. Events that break the log's ordering
 * are skipped (and counted), never fatal.
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
  if (!stats.started) {
    const start: SessionEvent = { type: 'session_started', t: 0, session_type: session.session_type, ...(session.topic ? { topic: session.topic } : {}) };
    stats.apply(start);
    await storage.events.append(session.id, [{ seq: ++lastSeq, event: start }]);
  }
  if (!stats.stopped) {
    const stop: SessionEvent = { type: 'session_stopped', t: stats.lastT, reason };
    stats.apply(stop);
    await storage.events.append(session.id, [{ seq: ++lastSeq, event: stop }]);
  }
  const metrics = computeResearchMetrics(stats);

  // Answers: the ones already saved with their full evaluations, plus any the log has beyond them.
  const answers: SessionAnswer[] = [...session.answers];
  const known = new Set(answers.map((a) => a.index));
  const questions = new Map<number, { text: string; id: string | undefined }>();
  const similarities: number[] = [];
  for (const event of applied) {
    if (event.type === 'question_asked') questions.set(event.index, { text: event.question, id: event.question_id });
    if (event.type === 'answer_evaluated') similarities.push(event.similarity);
    if (event.type === 'answer_complete' && !known.has(event.index)) {
      const q = questions.get(event.index);
      answers.push({ index: event.index, questionId: q?.id ?? `q${event.index}`, question: q?.text ?? '', answer: event.text, reason: event.reason, evaluation: null });
      known.add(event.index);
    }
  }
  answers.sort((a, b) => a.index - b.index);
  const score = metrics.analysis_valid && similarities.length > 0 ? sessionScore(similarities) : null;
  const completedAt = new Date().toISOString();
  const status: SessionStatus = reason === 'recovered' || reason === 'disconnected' ? 'abandoned' : 'stopped';
  await storage.sessions.update(session.id, {
    status,
    score,
    duration: Math.floor(metrics.session_duration),
    completed_at: completedAt,
    speech_metrics: metrics,
    analysis_valid: metrics.analysis_valid,
    answers,
    questions_count: Math.max(session.questions_count, questions.size),
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
    summary: null,
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
