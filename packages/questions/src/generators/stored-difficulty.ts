import { DifficultySchema, type Difficulty, type SessionType } from '@interviewkit/core';
import { resolveTopic } from '../bank';

/** What {@link storedDifficulty} reads of a mastery record (core's `TopicMastery`, or a stored row). */
export interface DifficultyRecord {
  topic: string;
  /** The difficulty the topic's next question should have (mastery's progression). */
  difficulty: string;
  /** ISO timestamp of the record's last update. */
  updated_at: string;
}

/**
 * The mastery topics a session's answers are filed under: a technical topic (resolved like the
 * question endpoints resolve it, "OS" → `operating_systems`), or the topics of the session type's
 * questions — coding `sql` (bank challenges) and `coding` (generated questions), debugging
 * `debugging`, hr `hr`, mock and mock_resume `behavioral`, `situational` and `resume`. Agentic
 * sessions without a topic span every technical topic: none is returned.
 */
export function masteryTopicsFor(sessionType: SessionType, topic?: string): string[] {
  const named = topic?.trim() ? (resolveTopic(topic) ?? topic.trim()) : undefined;
  switch (sessionType) {
    case 'technical':
    case 'agentic':
      return named ? [named] : [];
    case 'coding':
      return ['sql', 'coding'];
    case 'debugging':
      return ['debugging'];
    case 'hr':
      return ['hr'];
    case 'mock':
    case 'mock_resume':
      return ['behavioral', 'situational', 'resume'];
  }
}

/**
 * The difficulty a user has reached on a session's topic — the `difficulty` of the most recently
 * updated of the user's mastery records for {@link masteryTopicsFor} — or undefined when there is
 * none. Servers use it as the session's difficulty when the request does not name one, so the
 * progression that mastery records (two good answers up, two poor ones down) is applied.
 */
export function storedDifficulty(records: readonly DifficultyRecord[], sessionType: SessionType, topic?: string): Difficulty | undefined {
  const topics = new Set(masteryTopicsFor(sessionType, topic));
  let latest: DifficultyRecord | undefined;
  for (const record of records) {
    if (topics.has(record.topic) && (latest === undefined || record.updated_at > latest.updated_at)) latest = record;
  }
  const parsed = DifficultySchema.safeParse(latest?.difficulty);
  return parsed.success ? parsed.data : undefined;
}
