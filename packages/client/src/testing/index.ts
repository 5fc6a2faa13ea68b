/**
 * Helpers for demos, tests and load generators: audio that needs no microphone.
 */
export { pcm16Frames, voicedTone } from './audio-sources';
