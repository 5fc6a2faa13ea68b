import { describe, expect, it } from 'vitest';
import { configFromEnv, loadConfig, resolveConfig } from './config';

const SECRET = 'x'.repeat(40);

describe('server configuration', () => {
  it('reads the environment and lets code override it', () => {
    const config = loadConfig(
      { PORT: '4000', HOST: '0.0.0.0', JWT_SECRET: SECRET, CORS_ORIGINS: 'https://a.example, https://b.example', DOCS: 'false' },
      { port: 5000 },
    );
    expect(config).toMatchObject({
      port: 5000,
      host: '0.0.0.0',
      corsOrigins: ['https://a.example', 'https://b.example'],
      docs: false,
      databaseUrl: 'sqlite:./interviewkit.db',
    });
  });

  it('requires JWT_SECRET outside development, with a clear message', () => {
    expect(() => loadConfig({})).toThrow(/JWT_SECRET is required/);
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET is required/);
    expect(loadConfig({ NODE_ENV: 'development' }).jwtSecret).toBeUndefined();
  });

  it('names the environment variable of a bad value', () => {
    expect(() => loadConfig({ PORT: 'abc', JWT_SECRET: SECRET })).toThrow(/PORT \(port\)/);
    expect(() => loadConfig({ JWT_SECRET: 'short' })).toThrow(/JWT_SECRET \(jwtSecret\): JWT_SECRET must be at least 32/);
    expect(() => resolveConfig({ jwtSecret: SECRET, corsOrigins: ['*'] })).toThrow(/CORS_ORIGINS=\*/);
  });

  it('ignores empty variables', () => {
    expect(configFromEnv({ PORT: '', REDIS_URL: '  ' })).toEqual({});
  });
});

describe('README configuration table', () => {
  it('documents every configuration field and its environment variable, and nothing else', async () => {
    const { readFileSync } = await import('node:fs');
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const rows = [...readme.matchAll(/^\| `([A-Z_]+)` \| `([a-zA-Z]+)` \|/gm)].map((m) => [m[1], m[2]]);
    const { ENV_VARS } = await import('./config');
    expect(Object.fromEntries(rows.map(([env, field]) => [field, env]))).toEqual(ENV_VARS);
  });

  it('gives each default the schema gives (where the table names a value)', async () => {
    const { readFileSync } = await import('node:fs');
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const { ServerConfigSchema } = await import('./config');
    const defaults = ServerConfigSchema.parse({}) as Record<string, unknown>;
    const rows = [...readme.matchAll(/^\| `[A-Z_]+` \| `([a-zA-Z]+)` \| `([^`|]+)` \|/gm)].map((m) => [m[1]!, m[2]!] as const);
    expect(rows.length).toBeGreaterThan(15);
    for (const [field, documented] of rows) expect({ field, default: String(defaults[field]) }).toEqual({ field, default: documented });
  });
});

describe('provider configuration', () => {
  it('reads the OpenAI models, the transcriber and the voice (TTS_VOICE still read, OPENAI_TTS_VOICE first)', () => {
    const config = loadConfig({
      NODE_ENV: 'test',
      TRANSCRIBER: 'openai',
      OPENAI_MODEL: 'gpt-4.1-mini',
      OPENAI_TTS_MODEL: 'tts-1',
      OPENAI_EMBEDDING_MODEL: 'text-embedding-3-large',
      OPENAI_EMBEDDING_DIMENSIONS: '512',
      OPENAI_TRANSCRIPTION_MODEL: 'whisper-1',
      TTS_VOICE: 'sage',
    });
    expect(config).toMatchObject({
      transcriber: 'openai',
      openAiModel: 'gpt-4.1-mini',
      openAiTtsModel: 'tts-1',
      openAiEmbeddingModel: 'text-embedding-3-large',
      openAiEmbeddingDimensions: 512,
      openAiTranscriptionModel: 'whisper-1',
      ttsVoice: 'sage',
    });
    expect(loadConfig({ NODE_ENV: 'test', TTS_VOICE: 'sage', OPENAI_TTS_VOICE: 'coral' }).ttsVoice).toBe('coral');
    expect(loadConfig({ NODE_ENV: 'test' })).toMatchObject({
      transcriber: 'auto',
      openAiModel: 'gpt-5.4-mini',
      openAiTtsModel: 'gpt-4o-mini-tts',
      openAiTranscriptionModel: 'gpt-transcribe',
      ttsVoice: 'alloy',
    });
    expect(() => loadConfig({ NODE_ENV: 'test', TRANSCRIBER: 'whisper' })).toThrow(/TRANSCRIBER \(transcriber\)/);
    expect(() => loadConfig({ NODE_ENV: 'test', OPENAI_TRANSCRIPTION_LANGUAGE: 'English' })).toThrow(/OPENAI_TRANSCRIPTION_LANGUAGE/);
  });
});
