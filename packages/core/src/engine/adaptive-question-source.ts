import { InterviewKitError } from '../errors/interviewkit-error';
import { MASTERY_RULES, applyEvaluation, emptyTopicMastery, type TopicMastery } from '../mastery/mastery';
import type { Difficulty, SessionType } from '../session/session-types';
import type { NextQuestion, QuestionProvider, QuestionSource, QuestionSourceContext } from './question-source';

/** Options of {@link createAdaptiveQuestionSource}. */
export interface AdaptiveQuestionSourceOptions {
  provider: QuestionProvider;
  sessionType: SessionType;
  /** Topics to rotate through, in order (at least one). */
  topics: readonly string[];
  /** The candidate's mastery so far, by topic (from storage); fresh records otherwise. */
  mastery?: Readonly<Record<string, TopicMastery>>;
  /** Difficulty of topics without a record. Default `medium`. */
  startDifficulty?: Difficulty;
  /** Questions before the interview ends. Default 8. */
  maxQuestions?: number;
  /** Session time (ms) after which no new question is asked. Off by default. */
  timeLimitMs?: number;
  /** Questions in a row on one topic before rotating. Default 3. */
  questionsPerTopic?: number;
  /** Question ids asked recently to this user (not repeated). */
  recentQuestionIds?: readonly string[];
}

/** Why the next question was chosen, with the note shown to the candidate. */
const NOTES: Record<string, string | undefined> = {
  simplify: "Let's try a simpler question on the same topic.",
  deepen: "Good answer — let's go deeper.",
  move_topic: "Let's move on to another topic.",
  follow_up: undefined,
  start: undefined,
};

/**
 * The agentic question source: each next question comes from the candidate's mastery. It keeps a
 * mastery record per topic (updated with the same pure rules as storage, {@link applyEvaluation}),
 * asks for the topic's weakest concepts first at the topic's current difficulty, simplifies after
 * a poor answer, goes deeper after a good one, and rotates topics after `questionsPerTopic`
 * questions (or earlier when a topic has no more questions). It ends at `maxQuestions`, at the
 * time limit, or when no topic yields a question.
 */
export function createAdaptiveQuestionSource(options: AdaptiveQuestionSourceOptions): QuestionSource & {
  /** The current mastery by topic (a snapshot). */
  mastery(): Record<string, TopicMastery>;
} {
  if (options.topics.length === 0) throw new InterviewKitError('INVALID_ARGUMENT', 'The adaptive question source needs at least one topic');
  const maxQuestions = options.maxQuestions ?? 8;
  const perTopic = options.questionsPerTopic ?? 3;
  const start = options.startDifficulty ?? 'medium';
  const mastery: Record<string, TopicMastery> = {};
  for (const topic of options.topics) mastery[topic] = options.mastery?.[topic] ?? emptyTopicMastery(topic, start);
  const asked = new Map<string, string>(); // id -> text, this session
  const recent = [...(options.recentQuestionIds ?? [])];
  let folded = 0;
  let topicIndex = 0;
  let onTopic = 0;

  const fold = (context: QuestionSourceContext): void => {
    for (; folded < context.history.length; folded++) {
      const turn = context.history[folded]!;
      asked.set(turn.question.id, turn.question.text);
      if (!turn.evaluation) continue;
      const topic = turn.question.topic && mastery[turn.question.topic] ? turn.question.topic : options.topics[topicIndex]!;
      mastery[topic] = applyEvaluation(mastery[topic] ?? null, { question: turn.question, evaluation: turn.evaluation, at: String(context.elapsedMs), topic }).mastery;
    }
  };

  const intentAfter = (context: QuestionSourceContext): string => {
    const last = context.history.at(-1);
    if (!last) return 'start';
    if (onTopic >= perTopic && options.topics.length > 1) return 'move_topic';
    const s = last.evaluation?.similarity;
    if (s === undefined) return 'follow_up';
    if (s < MASTERY_RULES.poorBelow) return 'simplify';
    if (s >= MASTERY_RULES.goodFrom) return 'deepen';
    return 'follow_up';
  };

  const conceptsFor = (topic: string): string[] =>
    Object.entries(mastery[topic]?.concepts ?? {})
      .sort((a, b) => a[1].mastery - b[1].mastery || b[1].misses - a[1].misses || a[0].localeCompare(b[0]))
      .filter(([, c]) => c.mastery < MASTERY_RULES.strongFrom)
      .map(([name]) => name)
      .slice(0, 3);

  return {
    total: null,
    mastery: () => structuredClone(mastery),
    async next(context) {
      if (context.index >= maxQuestions) return null;
      if (options.timeLimitMs !== undefined && context.elapsedMs >= options.timeLimitMs) return null;
      fold(context);
      let intent = intentAfter(context);
      if (intent === 'move_topic') {
        topicIndex = (topicIndex + 1) % options.topics.length;
        onTopic = 0;
      }
      // Try the current topic, then the others in rotation order.
      for (let attempt = 0; attempt < options.topics.length; attempt++) {
        const topic = options.topics[(topicIndex + attempt) % options.topics.length]!;
        const record = mastery[topic]!;
        const question = await options.provider.find({
          sessionType: options.sessionType,
          topic,
          difficulty: record.difficulty,
          concepts: conceptsFor(topic),
          excludeIds: [...asked.keys(), ...recent],
          excludeTexts: [...asked.values()],
          intent,
          ...(context.abortSignal ? { abortSignal: context.abortSignal } : {}),
        });
        if (question) {
          if (attempt > 0) {
            topicIndex = (topicIndex + attempt) % options.topics.length;
            onTopic = 0;
            intent = 'move_topic';
          }
          onTopic++;
          asked.set(question.id, question.text);
          const note = NOTES[intent];
          const next: NextQuestion = note ? { question, note } : { question };
          return next;
        }
      }
      return null;
    },
  };
}
