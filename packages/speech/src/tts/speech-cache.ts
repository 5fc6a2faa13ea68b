import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  invalidArgumentError,
  speechRenderingKey,
  SPEECH_MIME_TYPES,
  validateSpeechText,
  type SpeechAudioFormat,
  type SpeechSynthesizer,
  type SpeechSynthesizerCapabilities,
  type SynthesizeCallOptions,
  type SynthesizedSpeech,
} from '@interviewkit/core';
import * as z from 'zod';

/** Options of {@link CachedSpeechSynthesizer}. */
export const SpeechCacheOptionsSchema = z.object({
  /** Most renderings kept in memory (least recently used evicted first). Default 256. */
  maxEntries: z.number().int().min(0).max(100_000).default(256),
  /** Most audio bytes kept in memory. Default 32 MiB. */
  maxBytes: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31)
    .default(32 * 1024 * 1024),
  /**
   * Optional directory for a persistent cache: one file per rendering, named
   * `<sha256(voiceId + text)>.<format>`, written atomically (temporary file + rename), so
   * renderings survive restarts and can be shared by several server processes.
   */
  directory: z.string().min(1).optional(),
});
/** Options of {@link CachedSpeechSynthesizer} (all optional). */
export type SpeechCacheOptions = z.input<typeof SpeechCacheOptionsSchema> & {
  /** Called when the directory cache cannot be read or written (synthesis still succeeds). */
  onCacheError?: (error: unknown) => void;
};

/**
 * Renders each text once: wraps a {@link SpeechSynthesizer} with an in-memory LRU cache bounded
 * by entries and bytes, an optional directory cache, and de-duplication of concurrent requests for
 * the same text (one provider call however many sessions ask for the same question at once).
 * Failures are not cached.
 */
export class CachedSpeechSynthesizer implements SpeechSynthesizer {
  readonly specificationVersion = 'v1' as const;
  readonly provider: string;
  readonly modelId: string;
  readonly capabilities: SpeechSynthesizerCapabilities;
  readonly format: SpeechAudioFormat;
  readonly voiceId: string;
  private readonly options: z.output<typeof SpeechCacheOptionsSchema>;
  private readonly onCacheError: ((error: unknown) => void) | undefined;
  private readonly memory = new Map<string, Uint8Array>();
  private readonly inFlight = new Map<string, Promise<SynthesizedSpeech>>();
  private bytes = 0;
  private directoryReady: Promise<void> | null = null;

  constructor(
    private readonly inner: SpeechSynthesizer,
    options: SpeechCacheOptions = {},
  ) {
    const { onCacheError, ...rest } = options;
    const parsed = SpeechCacheOptionsSchema.safeParse(rest);
    if (!parsed.success) throw invalidArgumentError('speech cache options', parsed.error.issues, parsed.error);
    this.options = parsed.data;
    this.onCacheError = onCacheError;
    this.provider = inner.provider;
    this.modelId = inner.modelId;
    this.capabilities = inner.capabilities;
    this.format = inner.format;
    this.voiceId = inner.voiceId;
  }

  /** Renderings held in memory and their total size in bytes. */
  get memoryUsage(): { entries: number; bytes: number } {
    return { entries: this.memory.size, bytes: this.bytes };
  }

  async synthesize(text: string, options: SynthesizeCallOptions = {}): Promise<SynthesizedSpeech> {
    const input = validateSpeechText(text);
    const key = await speechRenderingKey(this.voiceId, input);
    const held = this.memory.get(key);
    if (held) {
      // Refresh its place in the LRU order.
      this.memory.delete(key);
      this.memory.set(key, held);
      return this.result(held, key, 'memory');
    }
    const pending = this.inFlight.get(key);
    if (pending) return pending;
    const promise = this.load(input, key, options).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, promise);
    return promise;
  }

  /** Empties the memory cache (the directory cache is kept). */
  clearMemory(): void {
    this.memory.clear();
    this.bytes = 0;
  }

  private async load(input: string, key: string, options: SynthesizeCallOptions): Promise<SynthesizedSpeech> {
    const fromDisk = await this.readDisk(key);
    if (fromDisk) {
      this.remember(key, fromDisk);
      return this.result(fromDisk, key, 'disk');
    }
    const rendered = await this.inner.synthesize(input, options);
    this.remember(key, rendered.audio);
    await this.writeDisk(key, rendered.audio);
    return this.result(rendered.audio, key, 'provider');
  }

  private result(audio: Uint8Array, key: string, source: SynthesizedSpeech['source']): SynthesizedSpeech {
    return { audio, format: this.format, mimeType: SPEECH_MIME_TYPES[this.format], key, source };
  }

  private remember(key: string, audio: Uint8Array): void {
    if (audio.byteLength > this.options.maxBytes || this.options.maxEntries === 0) return;
    this.memory.set(key, audio);
    this.bytes += audio.byteLength;
    for (const [oldest, value] of this.memory) {
      if (this.memory.size <= this.options.maxEntries && this.bytes <= this.options.maxBytes) break;
      this.memory.delete(oldest);
      this.bytes -= value.byteLength;
    }
  }

  private file(key: string): string {
    return join(this.options.directory!, `${key}.${this.format}`);
  }

  private async readDisk(key: string): Promise<Uint8Array | null> {
    if (!this.options.directory) return null;
    try {
      const data = await readFile(this.file(key));
      return data.byteLength > 0 ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : null;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') this.onCacheError?.(error);
      return null;
    }
  }

  private async writeDisk(key: string, audio: Uint8Array): Promise<void> {
    const directory = this.options.directory;
    if (!directory) return;
    const target = this.file(key);
    const temporary = `${target}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      this.directoryReady ??= mkdir(directory, { recursive: true }).then(() => undefined);
      await this.directoryReady;
      await writeFile(temporary, audio);
      await rename(temporary, target);
    } catch (error) {
      this.directoryReady = null;
      await rm(temporary, { force: true }).catch(() => undefined);
      this.onCacheError?.(error);
    }
  }
}
