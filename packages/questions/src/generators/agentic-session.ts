import {
  createAdaptiveQuestionSource,
  TopicMasterySchema,
  type Difficulty,
  type LanguageModel,
  type QuestionProvider,
  type QuestionSource,
  type TopicMastery,
} from '@interviewkit/core';
import { TECHNICAL_TOPICS, resolveTopic } from '../bank';
import { createQuestionProvider } from './question-provider';

/** Options of {@link createAgenticQuestionSource}. */
export interface AgenticQuestionSourceOptions {
  /** Where questions come from (default: {@link createQuestionProvider} with `languageModel`, the bank as fallback). */
  provider?: QuestionProvider;
  /** A non-offline model writes each question (see {@link createQuestionProvider}). */
  languageModel?: LanguageModel;
  /** Called when the model failed and the bank was used. */
  onFallback?: (error: unknown) => void;
  /** Keep the session on this technical topic ("OS", "dbms", …); all technical topics when omitted. */
  topic?: string;
  /** Start every topic at this difficulty; without it each starts where the user's mastery has reached. */
  difficulty?: Difficulty;
  /** Questions before the interview ends. */
  maxQuestions: number;
  /** Questions in a row on one topic before moving on (default 3). */
  questionsPerTopic?: number;
  /** The user's mastery records (stored rows are accepted; invalid ones are ignored). */
  mastery?: readonly unknown[];
}

/**
 * The question source of an `agentic` interview over the bank's technical topics: core's
 * adaptive source (`createAdaptiveQuestionSource`), so topic and difficulty follow the answers
 * with a note to the candidate, starting from the user's stored mastery. Without a topic it
 * starts on the user's weakest practised topic (or the first technical topic for a new user).
 */
export function createAgenticQuestionSource(options: AgenticQuestionSourceOptions): QuestionSource {
  const mastery: Record<string, TopicMastery> = {};
  for (const row of options.mastery ?? []) {
    const parsed = TopicMasterySchema.safeParse(row);
    if (parsed.success) mastery[parsed.data.topic] = parsed.data;
  }
  const named = options.topic?.trim() ? (resolveTopic(options.topic) ?? options.topic.trim()) : undefined;
  const practised = TECHNICAL_TOPICS.filter((t) => (mastery[t]?.attempts ?? 0) > 0).sort((a, b) => mastery[a]!.mastery_level - mastery[b]!.mastery_level);
  const topics = named ? [named] : [...new Set([...practised.slice(0, 1), ...TECHNICAL_TOPICS])];
  return createAdaptiveQuestionSource({
    provider:
      options.provider ??
      createQuestionProvider({
        ...(options.languageModel ? { languageModel: options.languageModel } : {}),
        ...(options.onFallback ? { onFallback: options.onFallback } : {}),
      }),
    sessionType: 'agentic',
    topics,
    mastery,
    maxQuestions: options.maxQuestions,
    ...(options.difficulty ? { difficulty: options.difficulty } : {}),
    ...(options.questionsPerTopic ? { questionsPerTopic: options.questionsPerTopic } : {}),
  });
}
