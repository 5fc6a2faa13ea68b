import type { InterviewKitError } from '../errors/interviewkit-error';
import { abortedError } from '../retry/retry';
import {
  speechRenderingKey,
  SPEECH_MIME_TYPES,
  validateSpeechText,
  type SpeechAudioFormat,
  type SpeechSynthesizer,
  type SynthesizeCallOptions,
  type SynthesizedSpeech,
} from '../provider/synthesizer';

/**
 * A {@link SpeechSynthesizer} for tests: deterministic "audio" (the bytes `FAKE-<FORMAT>|voice|text`),
 * a call counter, and failures injected with {@link fail} (thrown by the next calls, in order).
 */
export class FakeSpeechSynthesizer implements SpeechSynthesizer {
  readonly specificationVersion = 'v1' as const;
  readonly provider = 'fake';
  readonly modelId = 'fake-voice';
  readonly capabilities = { instructions: false } as const;
  readonly format: SpeechAudioFormat;
  readonly voiceId: string;
  /** Texts rendered (failed calls included), in order. */
  readonly calls: string[] = [];
  private readonly failures: InterviewKitError[] = [];

  constructor(private readonly options: { voice?: string; format?: SpeechAudioFormat } = {}) {
    this.format = options.format ?? 'mp3';
    this.voiceId = JSON.stringify(['fake', options.voice ?? 'fake', this.format]);
  }

  /** The audio rendered for `text`. */
  audioOf(text: string): Uint8Array {
    return new TextEncoder().encode(`FAKE-${this.format.toUpperCase()}|${this.options.voice ?? 'fake'}|${text.trim()}`);
  }

  /** The next calls throw these errors, one each. */
  fail(...errors: InterviewKitError[]): void {
    this.failures.push(...errors);
  }

  async synthesize(text: string, options: SynthesizeCallOptions = {}): Promise<SynthesizedSpeech> {
    const input = validateSpeechText(text);
    if (options.abortSignal?.aborted) throw abortedError(options.abortSignal);
    this.calls.push(input);
    const failure = this.failures.shift();
    if (failure) throw failure;
    return {
      audio: this.audioOf(input),
      format: this.format,
      mimeType: SPEECH_MIME_TYPES[this.format],
      key: await speechRenderingKey(this.voiceId, input),
      source: 'provider',
    };
  }
}
