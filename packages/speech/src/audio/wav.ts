// The WAV codec moved to @interviewkit/core (provider packages send segment audio as WAV and may
// not depend on speech); re-exported so speech's API is unchanged.
export { readWav, writeWav, type WavAudio } from '@interviewkit/core';
