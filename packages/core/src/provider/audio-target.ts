import type { IngestableEvent } from '../engine/interview-engine';

/**
 * Where a live audio pipeline sends what it hears: speech and transcript events with session
 * timestamps (an `InterviewEngine`, through the server). The speech pipeline writes into it; the
 * server's live session implements it.
 */
export interface AudioPipelineTarget {
  /** The storage id of the session the audio belongs to (for logs), when the host has one. */
  readonly sessionId?: number;
  /** Session time in ms (the engine's clock). */
  now(): number;
  /** Receives speech, transcript, pitch and provider-fallback events with session timestamps. */
  ingest(event: IngestableEvent): void;
  /**
   * The pipeline's watermark: it will emit no speech boundary earlier than session time `t`
   * (so the host may log what waits up to `t`). Optional: hosts that do not reorder ignore it.
   */
  advance?(t: number): void;
  /** Receives recoverable errors (logged by the server). */
  onError(error: unknown): void;
}
