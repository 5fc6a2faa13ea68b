import type { ErrorCode } from '../errors/codes';
import { InterviewKitError } from '../errors/interviewkit-error';
import type { LiveTranscriber, TranscriptWord } from '../provider/transcriber';
import { createTranscriptStream } from '../provider/transcript-stream';

/** Options of {@link FakeLiveTranscriber}. */
export interface FakeLiveTranscriberOptions {
  /** Provider id it reports (default `fake`). */
  provider?: string;
  /** What the speaker says: each string is one turn, its words released as audio arrives. */
  turns?: string[];
  /** Audio per released word, in ms (default 200). */
  msPerWord?: number;
  /**
   * Fails for good — an `error` part with `recoverable: false` and code `failWith` — once this
   * much audio arrived (0: as soon as the stream opens, like refused credentials).
   */
  failAfterAudioMs?: number;
  /** Code of that failure (default `PROVIDER_UNAVAILABLE`). */
  failWith?: ErrorCode;
}

/**
 * A scripted live transcriber for tests of whatever consumes the transcriber contract (the speech
 * pipeline, failover): words come out one per `msPerWord` of audio received — timing relative to
 * the first sample, never the wall clock — as partials, and each turn ends with a final
 * (`endOfTurn: true`); a flush finalises the words heard so far (`endOfTurn: false`). Failures are
 * injected with `failAfterAudioMs` (the words heard before are delivered first, as adapters do). It counts its streams and the audio it heard.
 */
export class FakeLiveTranscriber implements LiveTranscriber {
  readonly specificationVersion = 'v1' as const;
  readonly provider: string;
  readonly modelId = 'fake-live';
  readonly capabilities = { streaming: true, interimResults: true, wordTimestamps: true, scripting: false } as const;
  /** Streams opened. */
  streams = 0;
  /** Milliseconds of audio received over all streams. */
  audioMs = 0;
  /** Streams closed cleanly (the input ended). */
  closedStreams = 0;
  private readonly turns: string[];
  private readonly msPerWord: number;

  constructor(private readonly options: FakeLiveTranscriberOptions = {}) {
    this.provider = options.provider ?? 'fake';
    this.turns = [...(options.turns ?? [])];
    this.msPerWord = options.msPerWord ?? 200;
  }

  stream(call: Parameters<LiveTranscriber['stream']>[0]): ReturnType<LiveTranscriber['stream']> {
    this.streams += 1;
    const stream = createTranscriptStream({
      input: call.input,
      provider: this.provider,
      ...(call.abortSignal ? { abortSignal: call.abortSignal } : {}),
      open: (emit) => {
        let streamMs = 0;
        let failed = false;
        let turn: { words: string[]; heard: TranscriptWord[]; startMs: number } | null = null;
        const finalize = (endOfTurn: boolean): void => {
          if (!turn || turn.heard.length === 0) return;
          emit({ type: 'transcript-final', text: turn.heard.map((w) => w.text).join(' '), words: [...turn.heard], endOfTurn });
          const rest = turn.words.slice(turn.heard.length);
          if (rest.length > 0) this.turns.unshift(rest.join(' '));
          turn = null;
        };
        const fail = (): boolean => {
          if (failed || this.options.failAfterAudioMs === undefined || streamMs < this.options.failAfterAudioMs) return failed;
          failed = true;
          finalize(false); // like a real adapter: the words heard before the failure are kept
          const code = this.options.failWith ?? 'PROVIDER_UNAVAILABLE';
          emit({
            type: 'error',
            error: new InterviewKitError(code, `${this.provider} failed (${code})`, { details: { provider: this.provider } }),
            recoverable: false,
          });
          return true;
        };
        emit({ type: 'session-start', sessionId: `${this.provider}-${this.streams}` });
        fail();
        return {
          audio: (samples) => {
            if (failed) return;
            const ms = (samples.length * 1000) / call.sampleRate;
            this.audioMs += ms;
            streamMs += ms;
            if (fail()) return;
            if (!turn) {
              const next = this.turns.shift();
              if (next === undefined) return;
              turn = { words: next.split(/\s+/).filter(Boolean), heard: [], startMs: streamMs - ms };
            }
            const current = turn;
            const due = Math.min(current.words.length, Math.floor((streamMs - current.startMs) / this.msPerWord));
            if (due <= current.heard.length) return;
            while (current.heard.length < due) {
              const start = Math.round(current.startMs + current.heard.length * this.msPerWord);
              current.heard.push({ text: current.words[current.heard.length]!, start, end: start + Math.round(this.msPerWord * 0.8) });
            }
            emit({ type: 'transcript-partial', text: current.heard.map((w) => w.text).join(' '), words: [...current.heard] });
            if (current.heard.length === current.words.length) finalize(true);
          },
          flush: async () => finalize(false),
          close: async () => {
            finalize(false);
            this.closedStreams += 1;
          },
          abort: () => undefined,
        };
      },
    });
    return { stream };
  }
}
