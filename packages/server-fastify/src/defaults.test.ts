import { describe, expect, it } from 'vitest';
import { loadConfig } from './config';
import { selectProviders } from './defaults';

const pick = (env: Record<string, string>) => selectProviders(loadConfig({ NODE_ENV: 'test', ...env }));

describe('the composition root picks the vendors', () => {
  it('runs offline without keys, on the mock transcriber', () => {
    const p = pick({});
    expect(p.languageModel).toMatchObject({ provider: 'offline', offline: true });
    expect(p.embedder).toBeUndefined();
    expect(p.interviewerVoice).toBeUndefined();
    expect(p.transcriber).toBeUndefined();
  });

  it('gives the whole voice interview to one OpenAI key: chat, embeddings, voice and speech-to-text', () => {
    const p = pick({ OPENAI_API_KEY: 'sk-test', OPENAI_MODEL: 'gpt-4.1-mini', OPENAI_TRANSCRIPTION_MODEL: 'whisper-1' });
    expect(p.languageModel).toMatchObject({ provider: 'openai', modelId: 'gpt-4.1-mini' });
    expect(p.embedder).toMatchObject({ provider: 'openai', modelId: 'text-embedding-3-small' });
    expect(p.interviewerVoice).toMatchObject({ provider: 'openai', modelId: 'gpt-4o-mini-tts' });
    expect(p.transcriber).toMatchObject({ provider: 'openai', modelId: 'whisper-1', capabilities: { streaming: false, wordTimestamps: true } });
  });

  it('prefers AssemblyAI for speech-to-text when its key is set, unless TRANSCRIBER says otherwise', () => {
    expect(pick({ OPENAI_API_KEY: 'sk-test', ASSEMBLYAI_API_KEY: 'aai' }).transcriber).toMatchObject({
      provider: 'assemblyai',
      capabilities: { streaming: true },
    });
    expect(pick({ OPENAI_API_KEY: 'sk-test', ASSEMBLYAI_API_KEY: 'aai', TRANSCRIBER: 'openai' }).transcriber?.provider).toBe('openai');
    expect(pick({ OPENAI_API_KEY: 'sk-test', ASSEMBLYAI_API_KEY: 'aai', TRANSCRIBER: 'mock' }).transcriber).toBeUndefined();
  });

  it('uses a compatible server given by OPENAI_BASE_URL alone for chat only (speech-to-text when asked)', () => {
    const p = pick({ OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1', OPENAI_MODEL: 'llama3.1:8b' });
    expect(p.languageModel).toMatchObject({ provider: 'openai', modelId: 'llama3.1:8b', capabilities: { temperature: true } });
    expect(p.embedder).toBeUndefined();
    expect(p.interviewerVoice).toBeUndefined();
    expect(p.transcriber).toBeUndefined();
    expect(pick({ OPENAI_BASE_URL: 'http://127.0.0.1:8000/v1', TRANSCRIBER: 'openai' }).transcriber?.provider).toBe('openai');
  });

  it('refuses at start a transcriber named without its credentials', () => {
    expect(() => pick({ TRANSCRIBER: 'assemblyai' })).toThrow(
      expect.objectContaining({ code: 'CONFIG_MISSING', message: expect.stringContaining('ASSEMBLYAI_API_KEY') }),
    );
    expect(() => pick({ TRANSCRIBER: 'openai' })).toThrow(
      expect.objectContaining({ code: 'CONFIG_MISSING', message: expect.stringContaining('OPENAI_API_KEY') }),
    );
  });
});
