import type { Difficulty, SessionType } from '@interviewkit/core';
import type { ServerPorts } from './ports';
import type { MasteryRecord } from './storage/storage';

/**
 * The difficulty of a new question list or live session: the one the request names, else the one
 * the user has reached on the session's topic (`MasteryRules.difficultyFor` over their mastery
 * records), else `medium`.
 */
export function sessionDifficulty(
  ports: ServerPorts,
  request: { named?: Difficulty | undefined; records: readonly MasteryRecord[]; sessionType: SessionType; topic?: string | undefined },
): Difficulty {
  if (request.named) return request.named;
  const reached = ports.masteryRules?.difficultyFor?.({
    records: request.records,
    sessionType: request.sessionType,
    ...(request.topic ? { topic: request.topic } : {}),
  });
  return reached ?? 'medium';
}
