import { InterviewKitError } from '@interviewkit/core';
import { levelOf, PcmFramer } from './pcm-frames';

/** The AudioWorklet processor: posts each 128-sample block of channel 0 to the main thread. */
const WORKLET_SOURCE = `
class InterviewKitCapture extends AudioWorkletProcessor {
  process(inputs) {
    const channel = inputs[0] && inputs[0][0];
    if (channel && channel.length) this.port.postMessage(channel.slice(0));
    return true;
  }
}
registerProcessor('interviewkit-capture', InterviewKitCapture);
`;

/** Options of {@link startMicrophone}. */
export interface MicrophoneOptions {
  /** Receives PCM16 mono 16 kHz frames of `frameMs` (pass them to `LiveInterview.sendAudio`). */
  onFrame: (frame: Int16Array) => void;
  /** Receives the input level about every 50 ms (RMS and dBFS), for a level meter. */
  onLevel?: (level: { rms: number; dbfs: number }) => void;
  /** A `deviceId` from {@link listMicrophones} (default: the system's default input). */
  deviceId?: string;
  /** Frame length in ms (default 100). */
  frameMs?: number;
  /**
   * Browser processing of the input. Defaults: echo cancellation and noise suppression on,
   * automatic gain control OFF (gain changes would distort the speech metrics).
   */
  constraints?: { echoCancellation?: boolean; noiseSuppression?: boolean; autoGainControl?: boolean };
}

/** A running capture. */
export interface MicrophoneCapture {
  /** The input's label (e.g. "Built-in Microphone"). */
  readonly label: string;
  /** The AudioContext's sample rate (resampled to 16 kHz). */
  readonly inputSampleRate: number;
  /** Stops the capture and releases the device; the last partial frame is sent zero-padded. */
  stop(): Promise<void>;
}

/** The audio inputs the page may use (labels appear after the user granted microphone access). */
export async function listMicrophones(): Promise<Array<{ deviceId: string; label: string }>> {
  const media = globalThis.navigator?.mediaDevices;
  if (!media?.enumerateDevices) throw new InterviewKitError('CONFIG_MISSING', 'This environment has no media devices (a browser is needed)');
  const devices = await media.enumerateDevices();
  return devices.filter((d) => d.kind === 'audioinput').map((d, i) => ({ deviceId: d.deviceId, label: d.label || `Microphone ${i + 1}` }));
}

/**
 * Captures the microphone in the browser: getUserMedia → AudioWorklet → resampled, framed PCM16
 * mono 16 kHz ({@link PcmFramer}). No gain is applied anywhere.
 */
export async function startMicrophone(options: MicrophoneOptions): Promise<MicrophoneCapture> {
  const media = globalThis.navigator?.mediaDevices;
  const AudioContextImpl = (globalThis as { AudioContext?: typeof AudioContext }).AudioContext;
  if (!media?.getUserMedia || !AudioContextImpl)
    throw new InterviewKitError('CONFIG_MISSING', 'Microphone capture needs a browser with getUserMedia and AudioWorklet');
  const c = options.constraints ?? {};
  let stream: MediaStream;
  try {
    stream = await media.getUserMedia({
      audio: {
        ...(options.deviceId ? { deviceId: { exact: options.deviceId } } : {}),
        channelCount: 1,
        echoCancellation: c.echoCancellation ?? true,
        noiseSuppression: c.noiseSuppression ?? true,
        autoGainControl: c.autoGainControl ?? false,
      },
    });
  } catch (cause) {
    const name = (cause as { name?: string }).name;
    if (name === 'NotAllowedError' || name === 'SecurityError') throw new InterviewKitError('FORBIDDEN', 'Microphone access was denied', { cause });
    if (name === 'NotFoundError' || name === 'OverconstrainedError') throw new InterviewKitError('NOT_FOUND', 'No such microphone', { cause });
    throw new InterviewKitError('INTERNAL', 'The microphone could not be opened', { cause });
  }
  const context = new AudioContextImpl();
  const moduleUrl = URL.createObjectURL(new Blob([WORKLET_SOURCE], { type: 'text/javascript' }));
  try {
    await context.audioWorklet.addModule(moduleUrl);
  } finally {
    URL.revokeObjectURL(moduleUrl);
  }
  const source = context.createMediaStreamSource(stream);
  const node = new AudioWorkletNode(context, 'interviewkit-capture', { numberOfInputs: 1, numberOfOutputs: 0, channelCount: 1, channelCountMode: 'explicit' });
  const framer = new PcmFramer({ inputSampleRate: context.sampleRate, frameMs: options.frameMs ?? 100, onFrame: options.onFrame });
  const levelEvery = Math.round(context.sampleRate / 20);
  let levelBuffer: Float32Array[] = [];
  let levelSamples = 0;
  node.port.onmessage = (event: MessageEvent<Float32Array>) => {
    framer.push(event.data);
    if (!options.onLevel) return;
    levelBuffer.push(event.data);
    levelSamples += event.data.length;
    if (levelSamples >= levelEvery) {
      const joined = new Float32Array(levelSamples);
      let offset = 0;
      for (const b of levelBuffer) {
        joined.set(b, offset);
        offset += b.length;
      }
      options.onLevel(levelOf(joined));
      levelBuffer = [];
      levelSamples = 0;
    }
  };
  source.connect(node);
  if (context.state === 'suspended') await context.resume();
  const track = stream.getAudioTracks()[0];
  return {
    label: track?.label ?? 'microphone',
    inputSampleRate: context.sampleRate,
    async stop() {
      node.port.onmessage = null;
      source.disconnect();
      node.disconnect();
      for (const t of stream.getTracks()) t.stop();
      framer.flush();
      await context.close();
    },
  };
}
