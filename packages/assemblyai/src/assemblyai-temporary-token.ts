import { InterviewKitError, invalidArgumentError } from '@interviewkit/core';
import { AssemblyAI } from 'assemblyai';
import * as z from 'zod';
import { assemblyAIError, failureFromSdkError } from './assemblyai-error';

const TokenOptionsSchema = z.object({
  apiKey: z.string().min(1),
  expiresInSeconds: z.number().int().min(1).max(600),
  maxSessionDurationSeconds: z.number().int().min(60).max(10_800).optional(),
  baseUrl: z.url({ protocol: /^https?$/ }).optional(),
  timeoutMs: z.number().int().min(1).max(60_000).default(10_000),
});

/** Options of {@link createAssemblyAITemporaryToken}. */
export interface AssemblyAITemporaryTokenOptions {
  /** The AssemblyAI API key (server side only; never send it to a browser). */
  apiKey: string;
  /** How long the token can be used to open a session: 1–600 s. */
  expiresInSeconds: number;
  /** Longest session the token may open (60–10 800 s); the service default (3 h) when unset. */
  maxSessionDurationSeconds?: number;
  /** The streaming HTTP API base; default `https://streaming.assemblyai.com` (set it for the EU endpoint, a proxy or the fake server). */
  baseUrl?: string;
  /** Longest wait for the service. Default 10 000 ms. */
  timeoutMs?: number;
}

/**
 * Mints a temporary streaming token (`GET /v3/token`, through the official SDK) that a browser
 * uses instead of the API key — as the `token` of `createAssemblyAITranscriber` (a function that
 * fetches a fresh token from your server for each connection: a token opens one session only) or
 * of the SDK's browser transcriber. Failures raise `PROVIDER_AUTH` (bad key), `PROVIDER_UNAVAILABLE`
 * (network), `TIMEOUT` or `PROVIDER_ERROR`; bad options raise `INVALID_ARGUMENT`.
 */
export async function createAssemblyAITemporaryToken(options: AssemblyAITemporaryTokenOptions): Promise<string> {
  const parsed = TokenOptionsSchema.safeParse(options);
  if (!parsed.success) throw invalidArgumentError('temporary token options', parsed.error.issues, parsed.error);
  const o = parsed.data;
  const client = new AssemblyAI({ apiKey: o.apiKey, ...(o.baseUrl ? { streamingBaseUrl: o.baseUrl.replace(/\/+$/, '') } : {}) });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new InterviewKitError('TIMEOUT', `AssemblyAI did not issue a token within ${o.timeoutMs} ms`)), o.timeoutMs);
  });
  try {
    const token: unknown = await Promise.race([
      client.streaming.createTemporaryToken({
        expires_in_seconds: o.expiresInSeconds,
        ...(o.maxSessionDurationSeconds !== undefined ? { max_session_duration_seconds: o.maxSessionDurationSeconds } : {}),
      }),
      timeout,
    ]);
    if (typeof token !== 'string' || token === '')
      throw new InterviewKitError('PROVIDER_ERROR', 'AssemblyAI answered the token request without a token', {
        details: { provider: 'assemblyai', kind: 'protocol' },
      });
    return token;
  } catch (error) {
    if (InterviewKitError.isInstance(error)) throw error;
    // The SDK throws the body's `error` message (the status is not kept); fetch failures are TypeErrors.
    const failure = failureFromSdkError(error);
    if (error instanceof TypeError)
      throw new InterviewKitError('PROVIDER_UNAVAILABLE', `AssemblyAI token request failed: ${failure.message ?? 'network error'}`, {
        cause: error,
        details: { provider: 'assemblyai', kind: 'unavailable' },
      });
    throw assemblyAIError(failure, {}, 'AssemblyAI token request failed');
  } finally {
    clearTimeout(timer);
  }
}
