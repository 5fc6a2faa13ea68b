import type { ResearchMetrics } from '../metrics/research-metrics-schema';
import type { SessionSummary } from '../summary/session-summary-schema';
import type { SummaryTurn } from '../summary/session-summary';
import type { ProviderIdentity } from './specification';

/** Input of {@link Summarizer.summarize}: the answered questions and, for spoken sessions, the metrics. */
export interface SummarizeInput {
  answers: readonly SummaryTurn[];
  metrics?: ResearchMetrics | null;
  abortSignal?: AbortSignal;
}

/**
 * Builds the end-of-session summary (`specificationVersion: 'v1'`). `@interviewkit/questions`
 * implements it: core's deterministic summary, with narrative and recommendations from a
 * language model when one is configured (`modelId` names it, or `deterministic`).
 */
export interface Summarizer extends ProviderIdentity {
  summarize(input: SummarizeInput): Promise<SessionSummary>;
}
