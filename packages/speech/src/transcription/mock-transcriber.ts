import { createTranscriptStream, type LiveTranscriber, type SessionTranscriptPart, type TranscriberCapabilities } from '@interviewkit/core';
import { EnergyVad, type VadEvent, type VadOptions } from '../vad/energy-vad';
import { TranscriberListeners, type StreamingTranscriber, type TranscriberEvent, type TranscriberListener, type TranscriptWord } from './streaming-transcriber';

/** Options of {@link MockTranscriber}. */
export interface MockTranscriberOptions {
  /** Voice activity settings used to pace the words. */
  vad?: VadOptions;
  /** Speaking rate used to release words during speech. Default 150 words per minute. */
  wordsPerMinute?: number;
  /**
   * A VAD that is fed the same audio, each chunk just before this mock gets it (the live
   * pipeline's own): the mock's VAD reads its speech-band energies instead of filtering the audio
   * again ({@link EnergyVad.sharingBandEnergy}). Its decisions, and so the words, stay the same.
   */
  bandEnergyFrom?: EnergyVad;
}

/**
 * A transcriber for running without an API key that is still useful: it is told what the
 * candidate says (`say(text)`: a typed answer, or a script in tests and demos) and releases those
 * words as partial and final transcripts paced by the voice activity in the real audio it
 * receives — words come out only while the candidate is actually speaking, at a natural rate,
 * with word timings inside the detected speech segments. Each speech segment ends with a final.
 * Everything it produces is mock (`mock: true`); `flush()` releases any words the audio did not
 * cover, so no scripted word is ever lost.
 */
export class MockTranscriber implements StreamingTranscriber {
  readonly provider = 'mock';
  readonly mock = true;
  private readonly listeners = new TranscriberListeners();
  private readonly vad: EnergyVad;
  private readonly msPerWord: number;
  private readonly pending: string[] = [];
  private segment: TranscriptWord[] = [];
  private segmentStart: number | null = null;
  private lastSpeechEnd = 0;
  private audioMs = 0;
  private readonly vadEvents: VadEvent[] = [];
  private closed = false;

  constructor(options: MockTranscriberOptions = {}) {
    this.vad = options.bandEnergyFrom ? EnergyVad.sharingBandEnergy(options.bandEnergyFrom, options.vad) : new EnergyVad(options.vad);
    this.msPerWord = 60_000 / (options.wordsPerMinute ?? 150);
  }

  /** Adds the words the candidate is saying (they are released as speech is heard). */
  say(text: string): void {
    for (const word of text.split(/\s+/)) if (word) this.pending.push(word);
  }

  /** Words told but not yet released. */
  get pendingWords(): number {
    return this.pending.length;
  }

  start(): Promise<void> {
    this.listeners.emit({ type: 'ready', sessionId: 'mock' });
    return Promise.resolve();
  }

  sendAudio(samples: Int16Array): void {
    if (this.closed) return;
    this.vadEvents.length = 0;
    this.vad.process(samples, this.vadEvents);
    this.audioMs = this.vad.processedMs;
    for (const event of this.vadEvents) {
      if (event.type === 'speech_start') this.segmentStart = event.ms;
      else this.endSegment(event.ms);
    }
    if (this.vad.speaking && this.segmentStart !== null) this.release(this.audioMs);
  }

  flush(): Promise<void> {
    const events = this.vad.flush();
    for (const event of events) if (event.type === 'speech_end') this.endSegment(event.ms);
    if (this.pending.length > 0) {
      // Words the audio did not cover: place them at the end of the last speech so timings stay
      // inside what was heard, and release them as one final.
      const at = this.lastSpeechEnd || this.audioMs;
      const words = this.pending.splice(0).map((text) => ({ text, start: at, end: at }));
      this.listeners.emit({ type: 'final', text: words.map((w) => w.text).join(' '), words, endOfTurn: true });
    }
    return Promise.resolve();
  }

  close(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      this.listeners.emit({ type: 'close', code: 1000, reason: 'closed' });
    }
    return Promise.resolve();
  }

  onEvent(listener: TranscriberListener): () => void {
    return this.listeners.add(listener);
  }

  /** Releases the words due by `untilMs` of the current segment, as a partial. */
  private release(untilMs: number): void {
    const start = this.segmentStart!;
    const due = Math.floor((untilMs - start) / this.msPerWord);
    let added = false;
    while (this.segment.length < due && this.pending.length > 0) {
      const k = this.segment.length;
      const wordStart = start + k * this.msPerWord;
      this.segment.push({ text: this.pending.shift()!, start: Math.round(wordStart), end: Math.round(wordStart + this.msPerWord * 0.85) });
      added = true;
    }
    if (added) this.listeners.emit({ type: 'partial', text: this.segment.map((w) => w.text).join(' '), words: [...this.segment] });
  }

  private endSegment(endMs: number): void {
    if (this.segmentStart === null) return;
    this.release(endMs);
    // A short segment that fit no whole word still says one, so each utterance yields text.
    if (this.segment.length === 0 && this.pending.length > 0) {
      this.segment.push({ text: this.pending.shift()!, start: Math.round(this.segmentStart), end: Math.round(endMs) });
    }
    // Keep timings inside the segment.
    for (const word of this.segment) word.end = Math.min(word.end, Math.round(endMs));
    if (this.segment.length > 0) {
      const words = this.segment;
      this.listeners.emit({ type: 'final', text: words.map((w) => w.text).join(' '), words, endOfTurn: true });
    }
    this.segment = [];
    this.segmentStart = null;
    this.lastSpeechEnd = endMs;
  }
}

/** The mock's capabilities: it releases scripted words paced by the audio; it recognizes nothing. */
export const MOCK_TRANSCRIBER_CAPABILITIES: TranscriberCapabilities & { readonly streaming: true } = Object.freeze({
  streaming: true,
  interimResults: true,
  wordTimestamps: true,
  scripting: true,
});

/**
 * The mock as a core `LiveTranscriber` (`provider: 'mock'`, `capabilities.scripting: true`): what
 * the server uses without a speech-to-text key, and what the pipeline's failover falls back to.
 * Scripted words arrive as `script` input parts; each stream runs one {@link MockTranscriber}.
 */
export function createMockTranscriber(options: MockTranscriberOptions = {}): LiveTranscriber {
  return {
    specificationVersion: 'v1',
    provider: 'mock',
    modelId: 'mock-vad-paced',
    capabilities: MOCK_TRANSCRIBER_CAPABILITIES,
    stream({ input, sampleRate, abortSignal }) {
      const stream = createTranscriptStream({
        input,
        provider: 'mock',
        ...(abortSignal ? { abortSignal } : {}),
        open(emit) {
          const mock = new MockTranscriber({ ...options, vad: { ...options.vad, sampleRate } });
          mock.onEvent((event) => {
            const part = partOf(event);
            if (part) emit(part);
          });
          void mock.start();
          return {
            audio: (samples) => mock.sendAudio(samples),
            flush: () => mock.flush(),
            script: (text) => mock.say(text),
            close: () => mock.close(),
            abort: () => void mock.close(),
          };
        },
      });
      return { stream };
    },
  };
}

/** A mock event as a transcript part (its `close` is the stream's `finish`, emitted by the stream). */
function partOf(event: TranscriberEvent): SessionTranscriptPart | null {
  switch (event.type) {
    case 'ready':
      return { type: 'session-start', ...(event.sessionId !== undefined ? { sessionId: event.sessionId } : {}) };
    case 'partial':
      return { type: 'transcript-partial', text: event.text, words: event.words };
    case 'final':
      return { type: 'transcript-final', text: event.text, words: event.words, endOfTurn: event.endOfTurn };
    case 'error':
      return { type: 'error', error: event.error, recoverable: !event.fatal };
    default:
      return null;
  }
}
