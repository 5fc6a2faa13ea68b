import { afterAll, beforeAll, beforeEach } from 'vitest';
import { startFakeOpenAIServer, type FakeOpenAIServer, type FakeOpenAIServerOptions } from '../testing';

/**
 * One fake OpenAI server for a test file (key `sk-test` unless told otherwise), its request log
 * emptied before each test. Read `fake.server` inside tests.
 */
export function useFakeOpenAIServer(options: FakeOpenAIServerOptions = { apiKey: 'sk-test' }): { server: FakeOpenAIServer } {
  const fake = {} as { server: FakeOpenAIServer };
  beforeAll(async () => {
    fake.server = await startFakeOpenAIServer(options);
  });
  afterAll(async () => {
    await fake.server.close();
  });
  beforeEach(() => {
    fake.server.requests.length = 0;
  });
  return fake;
}
