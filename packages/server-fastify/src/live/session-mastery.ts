import type { MasteryRecord, MasteryRules, MasteryUpdate, Question } from '@interviewkit/core';
import type { MasteryRepository } from '../storage/storage';

type Evaluation = Parameters<MasteryRules['apply']>[1]['evaluation'];

/** Options of {@link SessionMastery}. */
export interface SessionMasteryOptions {
  userId: string;
  /** The topic of questions that name none (the session's topic, else its type). */
  defaultTopic: string;
  /** The user's mastery records by topic, loaded at start; updated in place. */
  records: Map<string, MasteryRecord>;
  rules: MasteryRules;
  store: Pick<MasteryRepository, 'upsert'>;
}

/**
 * The mastery bookkeeping of one live session: applies the rules to each evaluated answer,
 * keeps the user's records current in memory, and writes the topics that changed when asked to.
 */
export class SessionMastery {
  private readonly dirty = new Set<string>();

  constructor(private readonly options: SessionMasteryOptions) {}

  /** Applies one evaluated answer; returns the mastery changes it caused. */
  observe(question: Question, evaluation: Evaluation): MasteryUpdate[] {
    const { userId, records, rules } = this.options;
    const topic = question.topic ?? this.options.defaultTopic;
    const { record, updates } = rules.apply(records.get(topic) ?? null, {
      userId,
      question: { ...question, topic },
      evaluation,
      at: new Date().toISOString(),
    });
    records.set(topic, record);
    this.dirty.add(topic);
    return updates;
  }

  /** Writes the records changed since the last call. */
  async persist(): Promise<void> {
    const topics = [...this.dirty];
    this.dirty.clear();
    for (const topic of topics) {
      const record = this.options.records.get(topic);
      if (record) await this.options.store.upsert(record);
    }
  }
}
