import { hasErrorCode } from '@interviewkit/core';
import { FakeSpeechSynthesizer } from '@interviewkit/core/testing';
import type { InterviewKitServer } from '@interviewkit/server-fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../__fixtures__/server';
import { InterviewKitClient } from '../http/client';

// A server with an interviewer voice: question events carry audio_url, the client fetches it.
describe('question audio (text-to-speech)', () => {
  let server: InterviewKitServer;
  let baseUrl: string;
  const voice = new FakeSpeechSynthesizer();
  const rendered = voice.calls;

  beforeAll(async () => {
    ({ server, baseUrl } = await startServer({ interviewerVoice: voice }));
  });
  afterAll(async () => {
    await server.close();
  });

  it('plays the question the server read aloud, then hands the turn to the candidate', async () => {
    const client = new InterviewKitClient({ baseUrl });
    await client.register({ email: 'tts@example.com', password: 'correct horse battery' });
    const live = client.live();
    try {
      await live.start({ session_type: 'technical', questions: [{ text: 'What is a mutex?' }], text_only: true });
      const question = await live.waitFor('question', { past: true, timeoutMs: 5000 });
      expect(question.audio_url).toMatch(/\/questions\/0\/audio$/);
      const audio = await client.questionAudio(question.audio_url!);
      expect(audio.contentType).toBe('audio/mpeg');
      expect(new TextDecoder().decode(audio.data)).toBe(new TextDecoder().decode(voice.audioOf('What is a mutex?')));
      expect(rendered).toContain('What is a mutex?');
      live.interviewerDone(question.index);

      const stranger = new InterviewKitClient({ baseUrl });
      await stranger.register({ email: 'stranger@example.com', password: 'correct horse battery' });
      expect(hasErrorCode(await stranger.questionAudio(question.audio_url!).catch((e: unknown) => e), 'SESSION_NOT_FOUND')).toBe(true);
      await expect(client.questionAudio('https://elsewhere.example/x')).rejects.toThrow(/path on this server/);
      await expect(client.questionAudio('//elsewhere.example/x')).rejects.toThrow(/path on this server/);
    } finally {
      live.close();
    }
  });
});
