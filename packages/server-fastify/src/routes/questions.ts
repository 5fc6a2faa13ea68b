import {
  type Difficulty,
  InterviewKitError,
  type MasteryUpdate,
  type Question,
  QuestionSchema,
  type SessionType,
  gradeForScore,
  sessionScore,
} from '@interviewkit/core';
import type { FastifyInstance } from 'fastify';
import type * as z from 'zod';
import { type Authenticator, defineRoute } from '../http/route';
import type { UserRateLimiter } from '../http/user-rate-limit';
import { trustedQuestion } from '../scoring/trusted-question';
import type { ServerPorts } from '../ports';
import { sessionDifficulty } from '../session-difficulty';
import type { Storage } from '../storage/storage';
import {
  MockQuestionsBodySchema,
  TechnicalQuestionsBodySchema,
  CodingQuestionsBodySchema,
  HrQuestionsBodySchema,
  QuestionsResponseSchema,
  EvaluateAnswerBodySchema,
  SessionSummaryBodySchema,
  EvaluateAnswerResponseSchema,
  SessionSummaryResponseSchema,
} from '@interviewkit/core';

export {
  MockQuestionsBodySchema,
  TechnicalQuestionsBodySchema,
  CodingQuestionsBodySchema,
  HrQuestionsBodySchema,
  QuestionsResponseSchema,
  EvaluateAnswerBodySchema,
  SessionSummaryBodySchema,
};

function withId(q: z.input<typeof EvaluateAnswerBodySchema>['question'], index = 0): Question {
  return QuestionSchema.parse({ ...q, id: q.id ?? `adhoc-${index}-${Buffer.from(q.text).toString('base64url').slice(0, 16)}` });
}

/** How the evaluation routes score and how much they may be used. */
export interface EvaluationRouteOptions {
  /** Score with the server's own questions only; ignore client reference answers and evaluations. */
  trustedScoring: boolean;
  /** Answers evaluated per user (evaluate-answer costs 1, session_summary 1 per answer). */
  limiter: UserRateLimiter;
  /** Question lists generated per user (each list costs 1; with a language model, each is a paid call). */
  generations: UserRateLimiter;
}

/** Answers of one session_summary evaluated at once: one request cannot take every sandbox process. */
const SUMMARY_CONCURRENCY = 2;

/** Maps `items` with at most `concurrency` calls of `fn` in flight, keeping order. */
async function mapBounded<T, R>(items: readonly T[], concurrency: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return out;
}

/** Registers the question-list, answer-evaluation and session-summary routes. */
export function registerQuestionRoutes(
  app: FastifyInstance,
  storage: Storage,
  authenticate: Authenticator,
  ports: ServerPorts,
  scoring: EvaluationRouteOptions,
): void {
  const scoredQuestion = (q: z.input<typeof EvaluateAnswerBodySchema>['question'], index = 0): Question =>
    scoring.trustedScoring ? trustedQuestion(q, ports.questionCatalog) : withId(q, index);
  // Without a named difficulty, the one the caller has reached on the topic (mastery's progression).
  const generate = async (
    userId: string,
    sessionType: SessionType,
    count: number,
    named: Difficulty | undefined,
    extra: { topic?: string; resume?: { text: string; parsed: unknown } } = {},
  ) => {
    const records = named || !ports.masteryRules?.difficultyFor ? [] : await storage.mastery.list(userId);
    const difficulty = sessionDifficulty(ports, { named, records, sessionType, topic: extra.topic });
    const questions = await ports.questionGenerator.generate({ sessionType, count, difficulty, ...extra });
    return { questions, question_count: questions.length };
  };

  defineRoute(app, authenticate, {
    method: 'POST',
    url: '/api/mock_interview/questions',
    operationId: 'mockInterviewQuestions',
    summary: "Questions from the caller's resume (upload one first: 412 otherwise)",
    tags: ['questions'],
    body: MockQuestionsBodySchema,
    responses: { 200: QuestionsResponseSchema },
    userRateLimit: { limiter: scoring.generations },
    errors: [412],
    handler: async ({ body, userId }) => {
      const resume = await storage.resumes.latest(userId);
      if (!resume) throw new InterviewKitError('PRECONDITION_FAILED', 'Upload a resume first (POST /api/upload_resume)');
      return generate(userId, 'mock_resume', body.question_count, body.difficulty, { resume: { text: resume.text, parsed: resume.parsed } });
    },
  });

  defineRoute(app, authenticate, {
    method: 'POST',
    url: '/api/technical/questions',
    operationId: 'technicalQuestions',
    summary: 'Technical questions on a topic',
    tags: ['questions'],
    body: TechnicalQuestionsBodySchema,
    responses: { 200: QuestionsResponseSchema },
    userRateLimit: { limiter: scoring.generations },
    handler: async ({ body, userId }) => generate(userId, 'technical', body.count, body.difficulty, { topic: body.topic }),
  });

  defineRoute(app, authenticate, {
    method: 'POST',
    url: '/api/coding/questions',
    operationId: 'codingQuestions',
    summary: 'Data-science coding (SQL) challenges',
    tags: ['questions'],
    body: CodingQuestionsBodySchema,
    responses: { 200: QuestionsResponseSchema },
    userRateLimit: { limiter: scoring.generations },
    handler: async ({ body, userId }) => generate(userId, 'coding', body.count, body.difficulty),
  });

  defineRoute(app, authenticate, {
    method: 'POST',
    url: '/api/debugging/questions',
    operationId: 'debuggingQuestions',
    summary: 'Debugging challenges (a snippet with one bug to find and explain)',
    tags: ['questions'],
    body: CodingQuestionsBodySchema,
    responses: { 200: QuestionsResponseSchema },
    userRateLimit: { limiter: scoring.generations },
    handler: async ({ body, userId }) => generate(userId, 'debugging', body.count, body.difficulty),
  });

  for (const url of ['/api/hr/questions', '/api/hr_questions']) {
    defineRoute(app, authenticate, {
      method: 'POST',
      url,
      operationId: url === '/api/hr/questions' ? 'hrQuestions' : 'hrQuestionsAlias',
      summary: url === '/api/hr/questions' ? 'HR screening questions (culture fit, soft skills)' : 'HR screening questions (the same as /api/hr/questions)',
      tags: ['questions'],
      body: HrQuestionsBodySchema,
      responses: { 200: QuestionsResponseSchema },
      userRateLimit: { limiter: scoring.generations },
      handler: async ({ body, userId }) => generate(userId, 'hr', body.count, body.difficulty),
    });
  }

  for (const url of ['/api/evaluate-answer', '/api/mock_interview/evaluate_answer']) {
    defineRoute(app, authenticate, {
      method: 'POST',
      url,
      operationId: url === '/api/evaluate-answer' ? 'evaluateAnswer' : 'evaluateAnswerAlias',
      summary: "Evaluates one typed answer (similarity, keyword coverage, suggestions); updates the caller's mastery",
      responses: { 200: EvaluateAnswerResponseSchema },
      tags: ['evaluation'],
      body: EvaluateAnswerBodySchema,
      userRateLimit: { limiter: scoring.limiter },
      handler: async ({ body, userId }) => {
        const question = scoredQuestion(body.question);
        await ports.checkQuestion?.(question);
        const evaluation = await ports.evaluator.evaluate({ question, answer: body.answer });
        let masteryUpdates: MasteryUpdate[] = [];
        const rules = ports.masteryRules;
        if (rules) {
          const topic = question.topic ?? question.sessionType ?? 'general';
          const { record, updates } = rules.apply(await storage.mastery.get(userId, topic), {
            userId,
            question: { ...question, topic },
            evaluation,
            at: new Date().toISOString(),
          });
          await storage.mastery.upsert(record);
          masteryUpdates = updates;
        }
        return { evaluation, mastery_updates: masteryUpdates };
      },
    });
  }

  defineRoute(app, authenticate, {
    method: 'POST',
    url: '/api/mock_interview/session_summary',
    operationId: 'sessionSummary',
    responses: { 200: SessionSummaryResponseSchema },
    errors: [404, 409],
    summary: "Summarises a text-mode interview; the summary is saved to the session's feedback",
    tags: ['evaluation'],
    body: SessionSummaryBodySchema,
    userRateLimit: { limiter: scoring.limiter, cost: (body) => body.answers.length },
    handler: async ({ body, userId }) => {
      const answers = await mapBounded(body.answers, SUMMARY_CONCURRENCY, async (a, i) => {
        const question = scoredQuestion(typeof a.question === 'string' ? { text: a.question } : a.question, i);
        // Under trusted scoring a client's ready-made evaluation never sets a score.
        const given = scoring.trustedScoring ? undefined : a.evaluation;
        if (!given) await ports.checkQuestion?.(question);
        const evaluation = given ?? (a.answer.trim() ? await ports.evaluator.evaluate({ question, answer: a.answer }) : null);
        return { question, answer: a.answer, evaluation };
      });
      const summary = await ports.summarizer.summarize({ answers });
      const similarities = answers.flatMap((a) => (a.evaluation ? [a.evaluation.similarity] : []));
      const score = sessionScore(similarities);
      const stored = answers.map((a, index) => ({
        index,
        questionId: a.question.id,
        question: a.question.text,
        answer: a.answer,
        reason: 'text' as const,
        evaluation: a.evaluation,
      }));
      let sessionId: number;
      if (body.session_id !== undefined) {
        const session = await storage.sessions.get(body.session_id, userId);
        if (!session) throw new InterviewKitError('SESSION_NOT_FOUND', `Session ${body.session_id} not found`);
        if (session.status === 'live') throw new InterviewKitError('INVALID_STATE', 'The session is still live; its summary is produced when it ends');
        await storage.sessions.update(session.id, { feedback: summary });
        sessionId = session.id;
      } else {
        const created = await storage.sessions.create({ userId, sessionType: 'mock_resume', status: 'completed', questions: answers.map((a) => a.question) });
        await storage.sessions.update(created.id, {
          answers: stored,
          questions_count: answers.length,
          score,
          feedback: summary,
          duration: body.duration_seconds ?? 0,
          completed_at: new Date().toISOString(),
          analysis_valid: similarities.length > 0,
        });
        sessionId = created.id;
      }
      return { summary, session_id: sessionId, score, grade: score === null ? null : gradeForScore(score) };
    },
  });
}
