import {
  InterviewKitError,
  QuestionSchema,
  type Difficulty,
  type LanguageModel,
  type Question,
  type QuestionProvider,
  type SessionType,
} from '@interviewkit/core';
import * as z from 'zod';
import { TECHNICAL_TOPICS, questionBank, resolveTopic } from '../bank';
import { resumeQuestions } from '../resume/resume-questions';
import type { ResumeProfile } from '../resume/resume-profile';

/** A request for a list of questions (the seed's request shapes, normalized). */
export interface GenerateQuestionsRequest {
  sessionType: SessionType;
  count: number;
  difficulty: Difficulty;
  /** Technical topic (required for `technical`). */
  topic?: string;
  /** Parsed resume: required for `mock_resume`; a `mock` (behavioural) interview mixes it in when given. */
  resume?: ResumeProfile | null;
  /** Question ids not to repeat (the user's recent questions). */
  excludeIds?: readonly string[];
  /** Question texts not to repeat (near-duplicates are dropped too). */
  excludeTexts?: readonly string[];
  abortSignal?: AbortSignal;
}

/** Options of {@link createQuestionGenerator}. */
export interface QuestionGeneratorOptions {
  /** A non-offline model writes fresh questions; the bank fills any shortfall and is the fallback. */
  languageModel?: LanguageModel;
  /** The question bank (default: the built-in one). */
  bank?: readonly Question[];
  /** Randomness for picking among equally good questions (default Math.random). */
  random?: () => number;
  /** Called when the language model failed and the bank was used. */
  onFallback?: (error: unknown) => void;
}

/** Generates question lists for every session type. */
export interface QuestionGenerator {
  generate(request: GenerateQuestionsRequest): Promise<Question[]>;
}

/** One question as a language model must return it (a list of them, or one alone for adaptive sessions). */
export const LlmQuestionSchema = z.object({
  text: z.string().min(10).max(1000),
  reference_answer: z.string().min(40).max(4000),
  keywords: z
    .array(z.object({ term: z.string().min(1).max(80), synonyms: z.array(z.string().min(1).max(80)).max(8) }))
    .min(2)
    .max(10),
  concepts: z.array(z.string().min(1).max(100)).min(1).max(6),
  hint: z.string().min(5).max(500),
});

const LlmQuestionsSchema = z.object({ questions: z.array(LlmQuestionSchema).min(1).max(20) });

/**
 * The question generator behind the seed's endpoints: mock `{question_count, difficulty}`
 * (general behavioural and situational questions, with resume-based ones mixed in when a resume is
 * given), mock_resume (the same with the resume required), technical `{topic, count}`, coding `{count, difficulty}` (SQL challenges that run for
 * real), hr, debugging, and agentic (a mix across technical topics). With a language model it
 * writes fresh questions (validated, deduplicated against the session and the user's recent
 * questions) and fills any shortfall from the bank; without one, or when the model fails, it
 * picks from the bank, preferring the requested difficulty, then the nearest.
 */
export function createQuestionGenerator(options: QuestionGeneratorOptions = {}): QuestionGenerator {
  const bank = options.bank ?? questionBank();
  const random = options.random ?? Math.random;

  const fromBank = (request: GenerateQuestionsRequest, pool: readonly Question[], count: number, taken: Question[]): Question[] => {
    const excluded = new Set([...(request.excludeIds ?? []), ...taken.map((q) => q.id)]);
    const texts = [...(request.excludeTexts ?? []), ...taken.map((q) => q.text)];
    const candidates = pool.filter((q) => !excluded.has(q.id) && !texts.some((t) => nearDuplicate(t, q.text)));
    // Requested difficulty first, then the nearest; shuffled within each distance.
    const rank = (d: Difficulty) => Math.abs(DIFFICULTY_ORDER[d] - DIFFICULTY_ORDER[request.difficulty]);
    const ordered = shuffle(candidates, random).sort((a, b) => rank(a.difficulty) - rank(b.difficulty));
    return ordered.slice(0, count);
  };

  const poolFor = (request: GenerateQuestionsRequest): Question[] => {
    switch (request.sessionType) {
      case 'technical': {
        const topic = resolveTopic(request.topic ?? '');
        if (!topic)
          throw new InterviewKitError('VALIDATION_FAILED', `Unknown technical topic "${request.topic ?? ''}"; choose one of ${TECHNICAL_TOPICS.join(', ')}`);
        return bank.filter((q) => q.topic === topic);
      }
      case 'coding':
        return bank.filter((q) => q.sessionType === 'coding');
      case 'hr':
        return bank.filter((q) => q.sessionType === 'hr');
      case 'debugging':
        return bank.filter((q) => q.sessionType === 'debugging');
      case 'agentic':
        return bank.filter((q) => q.sessionType === 'technical');
      case 'mock':
      case 'mock_resume':
        return bank.filter((q) => q.sessionType === 'mock');
    }
  };

  const withLanguageModel = async (request: GenerateQuestionsRequest, model: LanguageModel, count: number, taken: Question[]): Promise<Question[]> => {
    const avoid = [...(request.excludeTexts ?? []), ...taken.map((q) => q.text)].slice(-30);
    const subject =
      request.sessionType === 'technical'
        ? `technical interview questions on ${request.topic}`
        : request.sessionType === 'coding'
          ? 'coding interview questions answered in words (algorithms, complexity, SQL)'
          : request.sessionType === 'hr'
            ? 'HR interview questions about motivation, fit and career'
            : request.sessionType === 'debugging'
              ? 'debugging questions that show a short buggy code snippet and ask for the bug and the fix'
              : 'behavioural and situational interview questions';
    const resume = request.resume
      ? `\nCandidate resume (ask about their own projects and skills where relevant): ${JSON.stringify({ skills: request.resume.skills.slice(0, 15), projects: request.resume.projects.slice(0, 5), experience: request.resume.experience.slice(0, 4) })}`
      : '';
    const { object } = await model.generateObject({
      schema: LlmQuestionsSchema,
      schemaName: 'interview_questions',
      system:
        'You are an experienced interviewer. Write clear, specific questions, each with a strong reference answer (3-6 sentences), the key terms a good answer uses with synonyms, the concepts probed, and a hint.',
      prompt: `Write ${count} ${request.difficulty} ${subject}.${resume}\nDo not repeat or paraphrase any of these: ${JSON.stringify(avoid)}`,
      temperature: 0.7,
      ...(request.abortSignal ? { abortSignal: request.abortSignal } : {}),
    });
    const out: Question[] = [];
    for (const q of object.questions) {
      if ([...avoid, ...out.map((o) => o.text)].some((t) => nearDuplicate(t, q.text))) continue;
      out.push(
        QuestionSchema.parse({
          id: `llm-${hash(q.text)}`,
          text: q.text,
          sessionType: request.sessionType,
          topic:
            request.sessionType === 'technical'
              ? (resolveTopic(request.topic ?? '') ?? request.topic)
              : request.sessionType === 'mock' || request.sessionType === 'mock_resume'
                ? 'behavioral'
                : request.sessionType,
          difficulty: request.difficulty,
          referenceAnswer: q.reference_answer,
          expectedKeywords: q.keywords,
          concepts: q.concepts,
          hint: q.hint,
          source: 'llm',
        }),
      );
    }
    return out.slice(0, count);
  };

  return {
    async generate(request) {
      if (!Number.isInteger(request.count) || request.count < 1 || request.count > 20)
        throw new InterviewKitError('VALIDATION_FAILED', 'count must be an integer from 1 to 20');
      if (request.sessionType === 'mock_resume' && !request.resume) {
        throw new InterviewKitError('PRECONDITION_FAILED', 'Upload a resume first: resume-based interviews ask about your resume (POST /api/upload_resume)');
      }
      const taken: Question[] = [];
      // Resume interviews: about half the questions come from the resume itself.
      if (request.resume && (request.sessionType === 'mock' || request.sessionType === 'mock_resume')) {
        const own = fromBank(request, resumeQuestions(request.resume, request.difficulty), Math.ceil(request.count / 2), taken);
        taken.push(...own);
      }
      const pool = poolFor(request);
      const model = options.languageModel;
      if (model && !model.offline && taken.length < request.count) {
        try {
          taken.push(...(await withLanguageModel(request, model, request.count - taken.length, taken)));
        } catch (error) {
          if (request.abortSignal?.aborted) throw error;
          options.onFallback?.(error);
        }
      }
      if (taken.length < request.count) taken.push(...fromBank(request, pool, request.count - taken.length, taken));
      if (taken.length === 0) throw new InterviewKitError('NOT_FOUND', 'No questions are available for this request');
      return taken;
    },
  };
}

/**
 * A `QuestionProvider` (core's agentic interface) over the bank: a question of the topic and
 * difficulty that probes the requested concepts, falling back to the nearest difficulty.
 */
export function createBankQuestionProvider(bank: readonly Question[] = questionBank()): QuestionProvider {
  return {
    find(request) {
      const topic = request.topic ? (resolveTopic(request.topic) ?? request.topic) : undefined;
      const excluded = new Set(request.excludeIds);
      const candidates = bank.filter(
        (q) =>
          (topic ? q.topic === topic : q.sessionType === request.sessionType || request.sessionType === 'agentic') &&
          !excluded.has(q.id) &&
          !request.excludeTexts.some((t) => nearDuplicate(t, q.text)),
      );
      const score = (q: Question) => {
        const distance = Math.abs(DIFFICULTY_ORDER[q.difficulty] - DIFFICULTY_ORDER[request.difficulty]);
        const concepts = q.concepts.filter((c) => request.concepts.includes(c)).length;
        return distance * 10 - concepts;
      };
      const best = [...candidates].sort((a, b) => score(a) - score(b) || a.id.localeCompare(b.id))[0];
      return Promise.resolve(best ?? null);
    },
  };
}

const DIFFICULTY_ORDER: Record<Difficulty, number> = { easy: 0, medium: 1, hard: 2 };

/** Whether two question texts are near-duplicates (Jaccard similarity of their word sets ≥ 0.8). */
export function nearDuplicate(a: string, b: string): boolean {
  const wa = new Set(a.toLowerCase().match(/[a-z0-9]+/g) ?? []);
  const wb = new Set(b.toLowerCase().match(/[a-z0-9]+/g) ?? []);
  if (wa.size === 0 || wb.size === 0) return false;
  let inter = 0;
  for (const w of wa) if (wb.has(w)) inter++;
  return inter / (wa.size + wb.size - inter) >= 0.8;
}

function shuffle<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

function hash(text: string): string {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return (h >>> 0).toString(36);
}
