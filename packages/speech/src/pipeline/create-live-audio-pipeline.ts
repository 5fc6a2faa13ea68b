import type { Transcriber } from '@interviewkit/core';
import { MockTranscriber } from '../transcription/mock-transcriber';
import { toStreamingTranscriber, type TranscriberAdapterOptions } from '../transcription/stream-adapter';
import { FailoverTranscriber, type TranscriberFallback } from './failover-transcriber';
import { LiveAudioPipeline, type LiveAudioPipelineOptions } from './live-audio-pipeline';

/** Options of {@link createLiveAudioPipeline}. */
export interface CreateLiveAudioPipelineOptions extends Omit<LiveAudioPipelineOptions, 'transcriber'> {
  /**
   * Any core `Transcriber`: live (AssemblyAI, the mock) or per segment (OpenAI), adapted by its
   * declared capabilities ({@link toStreamingTranscriber}). Default: the mock, paced by this
   * pipeline's audio.
   */
  transcriber?: Transcriber;
  /**
   * What takes over when `transcriber` fails for good (auth, quota, retry budget spent…).
   * Default: the mock with the pipeline's VAD settings. `false`: no fallback (the failure is only
   * reported to `target.onError`).
   */
  fallback?: (() => Transcriber) | false;
  /** Called when the fallback takes over (after the `provider_fallback` event was ingested). */
  onFallback?: (fallback: TranscriberFallback) => void;
  /** How segment transcribers are fed (see {@link TranscriberAdapterOptions}). */
  segments?: TranscriberAdapterOptions['segments'];
}

/**
 * A {@link LiveAudioPipeline} over any core `Transcriber` that survives its provider: when a real
 * transcriber fails for good, the mock (or `fallback`) takes over for the rest of the session,
 * and a core `provider_fallback` event (`provider: 'transcriber'`, `from`, `to`, `code`) is
 * ingested — the engine then marks every later transcript `mock: true` and tells the client, so
 * the interview goes on with a visible flag. `pipeline.mock` follows the active transcriber.
 * Without a transcriber (or with a scripting one, the mock) this is a plain `LiveAudioPipeline`.
 */
export function createLiveAudioPipeline(options: CreateLiveAudioPipelineOptions): LiveAudioPipeline {
  const { fallback, onFallback, segments, transcriber, ...pipelineOptions } = options;
  const adapt = (t: Transcriber) => toStreamingTranscriber(t, { ...(options.vad ? { vad: options.vad } : {}), ...(segments ? { segments } : {}) });
  if (!transcriber) return new LiveAudioPipeline(pipelineOptions);
  const primary = adapt(transcriber);
  if (transcriber.capabilities.scripting || fallback === false) return new LiveAudioPipeline({ ...pipelineOptions, transcriber: primary });
  const target = options.target;
  let pipeline: LiveAudioPipeline | null = null;
  const failover = new FailoverTranscriber({
    primary,
    fallback: fallback ? () => adapt(fallback()) : () => new MockTranscriber(options.vad ? { vad: options.vad } : {}),
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
