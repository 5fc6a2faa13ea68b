import { describe, expect, it } from 'vitest';
import { configFromEnv, loadConfig, resolveConfig } from './config';

const SECRET = 'x'.repeat(40);

describe('server configuration', () => {
  it('reads the environment and lets code override it', () => {
    const config = loadConfig({ PORT: '4000', HOST: '0.0.0.0', JWT_SECRET: SECRET, CORS_ORIGINS: 'https://a.example, https://b.example', DOCS: 'false' }, { port: 5000 });
    expect(config).toMatchObject({ port: 5000, host: '0.0.0.0', corsOrigins: ['https://a.example', 'https://b.example'], docs: false, databaseUrl: 'sqlite:./interviewkit.db' });
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
});
