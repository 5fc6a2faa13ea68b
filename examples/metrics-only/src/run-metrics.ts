import { EventLogDecoder, InterviewKitError, RunningStatistics, computeResearchMetrics, formatMetricsTable } from '@interviewkit/core';
import type { RejectedEventLine, ResearchMetrics } from '@interviewkit/core';

/** Options of {@link runMetrics}. */
export interface RunMetricsOptions {
  /** Output format. */
  format: 'table' | 'json';
  /** Skip lines that cannot be parsed instead of failing on the first one. */
  skipInvalid: boolean;
}

/** The result of folding a log. */
export interface MetricsRun {
  metrics: ResearchMetrics;
  events: number;
  rejected: RejectedEventLine[];
  output: string;
}

/**
 * Folds a JSON-lines event log, chunk by chunk (constant memory whatever the log's size), into
 * research metrics and renders them. Errors are typed `InterviewKitError`s naming the line.
 */
export async function runMetrics(chunks: AsyncIterable<string | Uint8Array>, options: RunMetricsOptions): Promise<MetricsRun> {
  const decoder = new EventLogDecoder({ onInvalidLine: options.skipInvalid ? 'skip' : 'throw' });
  const stats = new RunningStatistics();
  const text = new TextDecoder();
  let events = 0;
  const fold = (batch: ReturnType<EventLogDecoder['push']>): void => {
    for (const event of batch) {
      stats.apply(event);
      events++;
    }
  };
  for await (const chunk of chunks) fold(decoder.push(typeof chunk === 'string' ? chunk : text.decode(chunk, { stream: true })));
  fold(decoder.end());
  if (events === 0) throw new InterviewKitError('INVALID_ARGUMENT', 'The event log is empty');
  const metrics = computeResearchMetrics(stats);
  const output = options.format === 'json' ? JSON.stringify(metrics, null, 2) : formatMetricsTable(metrics);
  return { metrics, events, rejected: decoder.rejected, output };
}
