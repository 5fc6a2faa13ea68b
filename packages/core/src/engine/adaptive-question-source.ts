import { InterviewKitError } from '../errors/interviewkit-error';
import { MASTERY_RULES, applyEvaluation, emptyTopicMastery, type TopicMastery } from '../mastery/mastery';
import type { AdaptationReason } from '../protocol/ws-protocol';
import type { Question } from '../session/question';
import type { Difficulty, SessionType } from '../session/session-types';
import type { AnsweredTurn, NextQuestion, QuestionProvider, QuestionSource, QuestionSourceContext } from './question-source';

/** Options of {@link createAdaptiveQuestionSource}. */
export interface AdaptiveQuestionSourceOptions {
  provider: QuestionProvider;
  sessionType: SessionType;
  /** Topics the interview may visit, the first one first (at least one). */
  topics: readonly string[];
  /** The candidate's mastery so far, by topic (from storage); fresh records otherwise. */
  mastery?: Readonly<Record<string, TopicMastery>>;
  /**
   * Start every topic at this difficulty (the request named one). Without it each topic starts
   * at the difficulty the candidate has reached on it (`TopicMastery.difficulty`).
   */
  difficulty?: Difficulty;
  /** Difficulty of topics without a record. Default `medium`. */
  startDifficulty?: Difficulty;
  /** Questions before the interview ends. Default 8. */
  maxQuestions?: number;
  /** Session time (ms) after which no new question is asked. Off by default. */
  timeLimitMs?: number;
  /** Questions in a row on one topic before moving on. Default 3. */
  questionsPerTopic?: number;
  /** Question ids asked recently to this user (not repeated). */
  recentQuestionIds?: readonly string[];
}

const STEPS: readonly Difficulty[] = ['easy', 'medium', 'hard'];

function step(difficulty: Difficulty, by: -1 | 1): Difficulty {
  return STEPS[Math.min(STEPS.length - 1, Math.max(0, STEPS.indexOf(difficulty) + by))]!;
}

function humanize(id: string): string {
  return id.replace(/_/g, ' ');
}

/** What the last answer was about, for the note: the question's subtopic, a concept it covered, its first concept, or its topic. */
function labelOf(turn: AnsweredTurn, topic: string): string {
  const covered = turn.evaluation?.concepts.find((c) => c.verdict === 'covered' || (c.verdict === undefined && c.mentioned))?.concept;
  return humanize(turn.question.subtopic ?? covered ?? turn.question.concepts[0] ?? topic);
}

/** Concepts the last answer missed, got wrong or only touched on, in the question's order. */
function shortfalls(turn: AnsweredTurn | undefined): string[] {
  return turn?.evaluation?.concepts.filter((c) => (c.verdict ? c.verdict !== 'covered' : !c.mentioned)).map((c) => c.concept) ?? [];
}

/**
 * The agentic question source: topic and difficulty follow the candidate's answers, and each
 * question comes with a short note saying why (and the reason as `adaptation`).
 *
 * - Each topic starts at the difficulty the candidate has reached on it (their stored mastery),
 *   or at `difficulty` when the request named one.
 * - After a good answer (≥ `MASTERY_RULES.goodFrom`) the next question on the topic is one step
 *   harder ("You did well on indexing, so here is a harder one."); after a poor one
 *   (< `poorBelow`) one step easier, on what the answer missed; in between, the same level on the
 *   concepts the answer missed or the topic's weakest concepts.
 * - After `questionsPerTopic` questions on a topic (or when it has no more questions) it moves on
 *   to the topic with the lowest mastery among the others ("Let's move on to …").
 * - It keeps a mastery record per topic, updated with the same pure rules as storage
 *   ({@link applyEvaluation}), and ends at `maxQuestions`, at the time limit, or when no topic
 *   yields a question.
 */
export function createAdaptiveQuestionSource(options: AdaptiveQuestionSourceOptions): QuestionSource & {
  /** The current mastery by topic (a snapshot). */
  mastery(): Record<string, TopicMastery>;
} {
  if (options.topics.length === 0) throw new InterviewKitError('INVALID_ARGUMENT', 'The adaptive question source needs at least one topic');
  const topics = [...new Set(options.topics)];
  const maxQuestions = options.maxQuestions ?? 8;
  const perTopic = options.questionsPerTopic ?? 3;
  const mastery: Record<string, TopicMastery> = {};
  /** The difficulty of the next question on each topic in this session. */
  const level: Record<string, Difficulty> = {};
  for (const topic of topics) {
    mastery[topic] = options.mastery?.[topic] ?? emptyTopicMastery(topic, options.startDifficulty ?? 'medium');
    level[topic] = options.difficulty ?? mastery[topic].difficulty;
  }
  const asked = new Map<string, string>(); // id -> text, this session
  const recent = [...(options.recentQuestionIds ?? [])];
  let folded = 0;
  let current = topics[0]!;
  let onTopic = 0;

  const fold = (context: QuestionSourceContext): void => {
    for (; folded < context.history.length; folded++) {
      const turn = context.history[folded]!;
      asked.set(turn.question.id, turn.question.text);
      if (!turn.evaluation) continue;
      const topic = turn.question.topic && mastery[turn.question.topic] ? turn.question.topic : current;
      mastery[topic] = applyEvaluation(mastery[topic] ?? null, {
        question: turn.question,
        evaluation: turn.evaluation,
        at: String(context.elapsedMs),
        topic,
      }).mastery;
    }
  };

  /** The other topics, weakest first (lowest mastery level; ties keep the given order). */
  const othersByWeakness = (from: string): string[] =>
    topics.filter((t) => t !== from).sort((a, b) => mastery[a]!.mastery_level - mastery[b]!.mastery_level || topics.indexOf(a) - topics.indexOf(b));

  const conceptsFor = (topic: string, last: AnsweredTurn | undefined): string[] => {
    const missed = last && last.question.topic === topic ? shortfalls(last) : [];
    const weakest = Object.entries(mastery[topic]?.concepts ?? {})
      .filter(([, c]) => c.mastery < MASTERY_RULES.strongFrom)
      .sort((a, b) => a[1].mastery - b[1].mastery || b[1].misses - a[1].misses || a[0].localeCompare(b[0]))
      .map(([name]) => name);
    return [...new Set([...missed, ...weakest])].slice(0, 3);
  };

  /**
   * After an answer: moves the session's level on its topic (a good answer one step up, a poor one
   * one step down) and decides why the next question follows.
   */
  const adapt = (last: AnsweredTurn | undefined): { reason: AdaptationReason; before: Difficulty } => {
    const before = level[current]!;
    if (!last) return { reason: 'start', before };
    const s = last.evaluation?.similarity;
    const good = s !== undefined && s >= MASTERY_RULES.goodFrom;
    const poor = s !== undefined && s < MASTERY_RULES.poorBelow;
    if (good || poor) level[current] = step(before, good ? 1 : -1);
    if (onTopic >= perTopic && topics.length > 1) return { reason: 'move_topic', before };
    return { reason: good ? 'deepen' : poor ? 'simplify' : 'follow_up', before };
  };

  const noteFor = (
    reason: AdaptationReason,
    topic: string,
    previousTopic: string,
    before: Difficulty,
    last: AnsweredTurn | undefined,
    question: Question,
  ): string | undefined => {
    const now = level[topic]!;
    const name = humanize(topic);
    switch (reason) {
      case 'start': {
        const record = mastery[topic]!;
        return record.attempts > 0 && options.difficulty === undefined ? `Starting ${name} at ${now} difficulty, the level you reached last time.` : undefined;
      }
      case 'deepen':
        return now !== before
          ? `You did well on ${labelOf(last!, topic)}, so here is a harder one.`
          : `You did well on ${labelOf(last!, topic)}; here is another ${now} one that goes deeper.`;
      case 'simplify': {
        const missed = shortfalls(last).slice(0, 2).map(humanize);
        const why = missed.length ? `Your answer missed ${missed.join(' and ')}` : 'That one was hard going';
        return now !== before ? `${why}, so here is a simpler question on ${name}.` : `${why}; let's try another ${now} question on ${name}.`;
      }
      case 'follow_up': {
        const probes = question.concepts.filter((c) => shortfalls(last).includes(c)).map(humanize);
        return probes.length
          ? `Let's stay on ${name}: this one probes ${probes.join(' and ')}, which your answer did not fully cover.`
          : `Let's stay on ${name} at ${now} difficulty.`;
      }
      case 'move_topic':
        return `You've covered ${humanize(previousTopic)} for now; let's move on to ${name}, ${mastery[topic]!.attempts > 0 ? 'your weakest of the other topics' : 'which you have not practised yet'}.`;
    }
  };

  return {
    total: null,
    mastery: () => structuredClone(mastery),
    async next(context) {
      if (context.index >= maxQuestions) return null;
      if (options.timeLimitMs !== undefined && context.elapsedMs >= options.timeLimitMs) return null;
      fold(context);
      const last = context.history.at(-1);
      const previousTopic = current;
      let { reason, before } = adapt(last);
      // The current topic first (unless it is time to move on), then the others, weakest first.
      const order = reason === 'move_topic' ? othersByWeakness(current) : [current, ...othersByWeakness(current)];
      for (const topic of order) {
        const question = await options.provider.find({
          sessionType: options.sessionType,
          topic,
          difficulty: level[topic]!,
          concepts: conceptsFor(topic, last),
          excludeIds: [...asked.keys(), ...recent],
          excludeTexts: [...asked.values()],
          intent: topic === current ? reason : 'move_topic',
          ...(context.abortSignal ? { abortSignal: context.abortSignal } : {}),
        });
        if (!question) continue;
        if (topic !== current) {
          current = topic;
          onTopic = 0;
          if (reason !== 'start') reason = 'move_topic';
          before = level[topic]!;
        }
        onTopic++;
        asked.set(question.id, question.text);
        const note = noteFor(reason, topic, previousTopic, before, last, question);
        const next: NextQuestion = { question, adaptation: reason, ...(note ? { note } : {}) };
        return next;
      }
      return null;
    },
  };
}
