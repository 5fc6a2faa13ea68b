// PCM16 WAV, the container the transcriber contract's audio travels in when a provider takes files
// (segment transcribers) — pure byte work, so it runs wherever core runs.
import { InterviewKitError } from '../errors/interviewkit-error';

/** Decoded WAV audio: mono int16 samples. */
export interface WavAudio {
  sampleRate: number;
  /** Channels in the file (the samples are mixed down to mono). */
  channels: number;
  samples: Int16Array;
}

/**
 * Reads a PCM16 WAV file (RIFF/WAVE, format 1 or WAVE_FORMAT_EXTENSIBLE with PCM), mixing
 * several channels down to mono. Other encodings raise `INVALID_AUDIO`.
 */
export function readWav(data: Uint8Array): WavAudio {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const tag = (offset: number) => String.fromCharCode(data[offset]!, data[offset + 1]!, data[offset + 2]!, data[offset + 3]!);
  if (data.byteLength < 12 || tag(0) !== 'RIFF' || tag(8) !== 'WAVE') throw new InterviewKitError('INVALID_AUDIO', 'Not a RIFF/WAVE file');
  let offset = 12;
  let format: { channels: number; sampleRate: number; bits: number; code: number } | null = null;
  while (offset + 8 <= data.byteLength) {
    const id = tag(offset);
    // espeak-ng and sox write 0xFFFFFFFF sizes when streaming to a pipe: treat as "to the end".
    let size = view.getUint32(offset + 4, true);
    const body = offset + 8;
    if (size === 0xffffffff || body + size > data.byteLength) size = data.byteLength - body;
    if (id === 'fmt ') {
      if (size < 16) throw new InterviewKitError('INVALID_AUDIO', 'WAV fmt chunk too short');
      let code = view.getUint16(body, true);
      if (code === 0xfffe && size >= 26) code = view.getUint16(body + 24, true);
      format = { code, channels: view.getUint16(body + 2, true), sampleRate: view.getUint32(body + 4, true), bits: view.getUint16(body + 14, true) };
    } else if (id === 'data') {
      if (!format) throw new InterviewKitError('INVALID_AUDIO', 'WAV data chunk before fmt chunk');
      if (format.code !== 1 || format.bits !== 16)
        throw new InterviewKitError('INVALID_AUDIO', `Only PCM16 WAV is supported (format ${format.code}, ${format.bits} bits)`);
      if (format.channels < 1) throw new InterviewKitError('INVALID_AUDIO', 'WAV file has no channels');
      const frames = Math.floor(size / (2 * format.channels));
      const samples = new Int16Array(frames);
      for (let i = 0; i < frames; i++) {
        let sum = 0;
        for (let c = 0; c < format.channels; c++) sum += view.getInt16(body + (i * format.channels + c) * 2, true);
        samples[i] = Math.round(sum / format.channels);
      }
      return { sampleRate: format.sampleRate, channels: format.channels, samples };
    }
    offset = body + size + (size % 2);
  }
  throw new InterviewKitError('INVALID_AUDIO', 'WAV file has no data chunk');
}

/** Writes mono PCM16 samples as a WAV file. */
export function writeWav(samples: Int16Array, sampleRate: number): Uint8Array {
  const out = new Uint8Array(44 + samples.byteLength);
  const view = new DataView(out.buffer);
  const put = (offset: number, s: string) => {
    for (let i = 0; i < 4; i++) out[offset + i] = s.charCodeAt(i);
  };
  put(0, 'RIFF');
  view.setUint32(4, 36 + samples.byteLength, true);
  put(8, 'WAVE');
  put(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true);
  view.setUint16(22, 1, true);
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  put(36, 'data');
  view.setUint32(40, samples.byteLength, true);
  for (let i = 0; i < samples.length; i++) view.setInt16(44 + i * 2, samples[i]!, true);
  return out;
}
