import { MasteryResponseSchema, strongConcepts, weakConcepts } from '@interviewkit/core';
import type { FastifyInstance } from 'fastify';
import { type Authenticator, defineRoute } from '../http/route';
import type { MasteryRecord, Storage } from '../storage/storage';

const r3 = (x: number): number => Math.round(x * 1000) / 1000;

/**
 * Learning velocity: the least-squares slope of the last (up to 10) answer scores of a topic, in
 * score points per answer (positive = improving). Null with fewer than 3 answers.
 */
export function learningVelocity(history: readonly number[]): number | null {
  const ys = history.slice(-10);
  const n = ys.length;
  if (n < 3) return null;
  const meanX = (n - 1) / 2;
  const meanY = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  ys.forEach((y, x) => {
    num += (x - meanX) * (y - meanY);
    den += (x - meanX) ** 2;
  });
  return den === 0 ? 0 : Math.round((num / den) * 100) / 100;
}

/**
 * One topic of `GET /api/mastery`. Weak and strong concepts follow core's mastery rules
 * (`weakConcepts`, `strongConcepts`: enough attempts, and a concept last answered well is never weak).
 */
export function topicView(m: MasteryRecord): Record<string, unknown> {
  const concepts = Object.entries(m.concepts).map(([concept, c]) => ({
    concept,
    mastery: r3(c.mastery),
    attempts: c.attempts,
    misses: c.misses,
    ...(c.last ? { last: c.last } : {}),
  }));
  return {
    topic: m.topic,
    mastery_level: r3(m.mastery_level),
    attempts: m.attempts,
    difficulty: m.difficulty,
    learning_velocity: learningVelocity(m.history),
    recent_scores: m.history.slice(-10),
    weak_concepts: weakConcepts(m),
    strong_concepts: strongConcepts(m),
    concepts,
    updated_at: m.updated_at,
  };
}

/** Registers `GET /api/mastery` and `GET /api/mastery/:topic`. */
export function registerMasteryRoutes(app: FastifyInstance, storage: Storage, authenticate: Authenticator): void {
  defineRoute(app, authenticate, {
    method: 'GET',
    url: '/api/mastery',
    operationId: 'getMastery',
    responses: { 200: MasteryResponseSchema },
    summary: 'Per-topic mastery, weak and strong concepts, learning velocity and difficulty progression',
    tags: ['mastery'],
    handler: async ({ userId }) => {
      const records = await storage.mastery.list(userId);
      const sorted = [...records].sort((a, b) => a.mastery_level - b.mastery_level);
      return {
        topics: records.map(topicView),
        overall: {
          avg_mastery: records.length ? r3(records.reduce((s, m) => s + m.mastery_level, 0) / records.length) : 0,
          weakest_topics: sorted.slice(0, 3).map((m) => m.topic),
          strongest_topics: sorted
            .slice(-3)
            .reverse()
            .map((m) => m.topic),
          total_questions: records.reduce((s, m) => s + m.attempts, 0),
        },
      };
    },
  });
}
