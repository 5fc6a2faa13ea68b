import { QuestionSchema, type LanguageModel, type Question, type QuestionProvider, type QuestionRequest } from '@interviewkit/core';
import { questionBank, resolveTopic } from '../bank';
import { createBankQuestionProvider, LlmQuestionSchema, nearDuplicate } from './question-generator';

/** Options of {@link createQuestionProvider}. */
export interface QuestionProviderOptions {
  /** A non-offline model writes the next question; the bank is the fallback. */
  languageModel?: LanguageModel;
  bank?: readonly Question[];
  /** Per-question timeout for the model in ms (default 15,000). */
  timeoutMs?: number;
  /** Called when the model failed or repeated a question and the bank was used. */
  onFallback?: (error: unknown) => void;
}

const INTENTS: Record<string, string> = {
  follow_up: 'a follow-up that digs into what the candidate just missed',
  simplify: 'a simpler question on the same ground, to rebuild confidence',
  deepen: 'a harder question that goes one level deeper',
  move_topic: 'a question that moves on to new ground',
};

function idFor(text: string): string {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return `llm-${(h >>> 0).toString(36)}`;
}

/**
 * Core's `QuestionProvider` for agentic interviews: with a non-offline language model it writes
 * one question for the requested topic, difficulty, concepts and intent (validated, never a
 * near-duplicate of `excludeTexts`), and otherwise — or when the model fails or repeats itself —
 * picks from the bank ({@link createBankQuestionProvider}).
 */
export function createQuestionProvider(options: QuestionProviderOptions = {}): QuestionProvider {
  const bankProvider = createBankQuestionProvider(options.bank ?? questionBank());
  const model = options.languageModel;
  return {
    async find(request: QuestionRequest) {
      if (model && !model.offline) {
        try {
          const question = await generateOne(model, request, options.timeoutMs ?? 15_000);
          if (question) return question;
          options.onFallback?.(new Error('the model repeated an excluded question'));
        } catch (error) {
          if (request.abortSignal?.aborted) throw error;
          options.onFallback?.(error);
        }
      }
      return bankProvider.find(request);
    },
  };
}

async function generateOne(model: LanguageModel, request: QuestionRequest, timeoutMs: number): Promise<Question | null> {
  const topic = request.topic ? (resolveTopic(request.topic) ?? request.topic) : request.sessionType;
  const intent = request.intent ? (INTENTS[request.intent] ?? request.intent) : 'the next question';
  const concepts = request.concepts.length > 0 ? ` It should probe: ${request.concepts.slice(0, 5).join(', ')}.` : '';
  const { object } = await model.generateObject({
    schema: LlmQuestionSchema,
    schemaName: 'interview_question',
    system:
      'You are an experienced interviewer. Write one clear, specific question with a strong reference answer (3-6 sentences), the key terms a good answer uses with synonyms, the concepts probed, and a hint.',
    prompt: `Write ${intent}: one ${request.difficulty} ${request.sessionType} interview question on ${topic}.${concepts}\nDo not repeat or paraphrase any of these: ${JSON.stringify(request.excludeTexts.slice(-30))}`,
    temperature: 0.7,
    timeoutMs,
    ...(request.abortSignal ? { abortSignal: request.abortSignal } : {}),
  });
  if (request.excludeTexts.some((t) => nearDuplicate(t, object.text))) return null;
  const id = idFor(object.text);
  if (request.excludeIds.includes(id)) return null;
  return QuestionSchema.parse({
    id,
    text: object.text,
    sessionType: request.sessionType,
    topic,
    ...(request.subtopic ? { subtopic: request.subtopic } : {}),
    difficulty: request.difficulty,
    referenceAnswer: object.reference_answer,
    expectedKeywords: object.keywords,
    concepts: object.concepts,
    hint: object.hint,
    source: 'llm',
  });
}
