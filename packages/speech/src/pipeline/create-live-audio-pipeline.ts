import { MockTranscriber } from '../transcription/mock-transcriber';
import type { StreamingTranscriber } from '../transcription/streaming-transcriber';
import { FailoverTranscriber, type TranscriberFallback } from './failover-transcriber';
import { LiveAudioPipeline, type LiveAudioPipelineOptions } from './live-audio-pipeline';

/** Options of {@link createLiveAudioPipeline}. */
export interface CreateLiveAudioPipelineOptions extends LiveAudioPipelineOptions {
  /**
   * What takes over when `transcriber` fails for good (auth, quota, retry budget spent…).
   * Default: a {@link MockTranscriber} with the pipeline's VAD settings. `false`: no fallback (the
   * failure is only reported to `target.onError`).
   */
  fallback?: (() => StreamingTranscriber) | false;
  /** Called when the fallback takes over (after the `provider_fallback` event was ingested). */
  onFallback?: (fallback: TranscriberFallback) => void;
}

/**
 * A {@link LiveAudioPipeline} over any {@link StreamingTranscriber} that survives its provider:
 * when a real transcriber fails for good, the mock (or `fallback`) takes over for the rest of the
 * session, and a core `provider_fallback` event (`provider: 'transcriber'`, `from`, `to`, `code`)
 * is ingested — the engine then marks every later transcript `mock: true` and tells the client,
 * so the interview goes on with a visible flag. `pipeline.mock` follows the active transcriber.
 * Without a transcriber (or with a mock one) this is a plain `LiveAudioPipeline`.
 */
export function createLiveAudioPipeline(options: CreateLiveAudioPipelineOptions): LiveAudioPipeline {
  const { fallback, onFallback, ...pipelineOptions } = options;
  const primary = options.transcriber;
  if (!primary || primary.mock || fallback === false) return new LiveAudioPipeline(pipelineOptions);
  const target = options.target;
  let pipeline: LiveAudioPipeline | null = null;
  const failover = new FailoverTranscriber({
    primary,
    fallback: fallback ?? (() => new MockTranscriber(options.vad ? { vad: options.vad } : {})),
    ...(options.vad?.sampleRate !== undefined ? { sampleRate: options.vad.sampleRate } : {}),
    onFallback: (info) => {
      const now = target.now();
      // At the audio time of the switch when known (the log stays in audio order), never in the future.
      const t = pipeline && pipeline.audioMs > 0 ? Math.min(now, pipeline.toSessionMs(pipeline.audioMs)) : now;
      try {
        target.ingest({ type: 'provider_fallback', t, provider: 'transcriber', from: info.from, to: info.to, code: info.error.code });
      } catch (error) {
        target.onError(error);
      }
      onFallback?.(info);
    },
  });
  pipeline = new LiveAudioPipeline({ ...pipelineOptions, transcriber: failover });
  return pipeline;
}
