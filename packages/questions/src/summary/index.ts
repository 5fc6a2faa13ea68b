import { buildSessionSummary, type LanguageModel, type ResearchMetrics, type SessionSummary, type SummaryTurn } from '@interviewkit/core';
import * as z from 'zod';

/** Input of {@link summarizeSession}. */
export interface SummarizeSessionInput {
  answers: readonly SummaryTurn[];
  totalQuestions?: number;
  metrics?: ResearchMetrics | null;
  conceptMastery?: Readonly<Record<string, number>>;
  /** A non-offline model rewrites the narrative and recommendations; the numbers never come from it. */
  languageModel?: LanguageModel;
  abortSignal?: AbortSignal;
  onFallback?: (error: unknown) => void;
}

const ProseSchema = z.object({
  narrative: z.string().min(40).max(1500),
  recommendations: z.array(z.string().min(10).max(400)).min(2).max(6),
});

/**
 * The session summary of the seed's `POST /api/mock_interview/session_summary`: core's
 * deterministic summary (every score, grade, area and concept computed from the evaluations),
 * with the narrative and recommendations written by a language model when one is configured —
 * validated, and replaced by the deterministic prose if the model fails.
 */
export async function summarizeSession(input: SummarizeSessionInput): Promise<SessionSummary> {
  const summary = buildSessionSummary({
    turns: input.answers,
    ...(input.totalQuestions !== undefined ? { totalQuestions: input.totalQuestions } : {}),
    ...(input.metrics !== undefined ? { metrics: input.metrics } : {}),
    ...(input.conceptMastery ? { conceptMastery: input.conceptMastery } : {}),
  });
  const model = input.languageModel;
  if (!model || model.offline || summary.overall.questions_answered === 0) return summary;
  try {
    const digest = input.answers.slice(0, 10).map((a, i) => ({
      n: i + 1,
      question: a.question.text.slice(0, 160),
      score: a.evaluation?.score ?? null,
      missing: a.evaluation?.missingKeywords.slice(0, 4) ?? [],
    }));
    const { object } = await model.generateObject({
      schema: ProseSchema,
      schemaName: 'session_feedback',
      system: 'You are an interview coach. Write specific, encouraging, actionable feedback. Use only the numbers you are given; never invent scores.',
      prompt: `Overall: ${JSON.stringify(summary.overall)}\nStrongest: ${JSON.stringify(summary.strongest_areas)}\nTo improve: ${JSON.stringify(summary.areas_for_improvement)}\nWeakest concepts: ${JSON.stringify(summary.weakest_concepts)}\nDelivery: ${JSON.stringify(summary.delivery)}\nAnswers: ${JSON.stringify(digest)}\nWrite a 3-4 sentence narrative and 2-6 concrete recommendations.`,
      temperature: 0.4,
      ...(input.abortSignal ? { abortSignal: input.abortSignal } : {}),
    });
    return { ...summary, narrative: object.narrative, recommendations: object.recommendations, source: 'llm' };
  } catch (error) {
    if (input.abortSignal?.aborted) throw error;
    input.onFallback?.(error);
    return summary;
  }
}
