import { pcm16Frames, voicedTone } from '@interviewkit/client/testing';
import { concatSamples, hasSpeechTools as speechToolsInstalled, silence, synthesizeSpeech } from '@interviewkit/speech/testing';

/** Spoken audio for an answer: 100 ms PCM16 16 kHz frames, and whether it is real speech. */
export interface SpokenAnswer {
  frames: Int16Array[];
  seconds: number;
  /** `espeak-ng` when real synthesized speech, `tone` when espeak-ng/sox are not installed. */
  source: 'espeak-ng' | 'tone';
}

let available: boolean | undefined;

/** Whether espeak-ng and sox are on the PATH (checked once). */
export function hasSpeechTools(): boolean {
  available ??= speechToolsInstalled();
  return available;
}

/**
 * Speaks `text` with espeak-ng (160 words/min, converted by sox to PCM16 mono 16 kHz) followed by
 * 0.8 s of silence (the end of the turn), in 100 ms frames. Without the tools, a voiced tone of
 * the same expected length stands in, so the example still runs (the mock transcriber paces the
 * words by voice activity either way).
 */
export function speak(text: string): SpokenAnswer {
  if (!hasSpeechTools()) {
    const ms = Math.round(((text.split(/\s+/).length / 160) * 60_000) / 100) * 100;
    const frames = voicedTone(ms, 800);
    return { frames, seconds: frames.length / 10, source: 'tone' };
  }
  const samples = concatSamples([synthesizeSpeech(text, { wordsPerMinute: 160 }), silence(800)]);
  return { frames: pcm16Frames(samples), seconds: samples.length / 16_000, source: 'espeak-ng' };
}
