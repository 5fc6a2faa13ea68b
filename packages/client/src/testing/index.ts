/**
 * Helpers for demos, tests and load generators: audio that needs no microphone.
 */
export { splitPcm16Wav, type Pcm16Wav, voicedTone } from './audio-sources';
