import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One scripted reply of {@link FakeOpenAIServer} to a chat completion. */
export type FakeChatReply =
  /** A completion whose content is `JSON.stringify(value)`. */
  | { kind: 'json'; value: unknown; finishReason?: FakeFinishReason }
  /** A completion with raw content (fenced JSON, malformed JSON, prose…). */
  | { kind: 'content'; content: string; finishReason?: FakeFinishReason }
  /**
   * A reply cut at the token limit: the first `keep` characters of `JSON.stringify(value)` (default
   * half), with `finish_reason: "length"`, as a model that ran out of `max_completion_tokens` sends.
   */
  | { kind: 'truncated'; value: unknown; keep?: number }
  /** A structured-outputs refusal: `content: null`, `refusal: <text>`. */
  | { kind: 'refusal'; refusal: string }
  /** An HTTP error with an OpenAI-style error body. */
  | { kind: 'error'; status: number; code?: string; message?: string; headers?: Record<string, string> }
  /** No answer for `ms` (the client's timeout should fire first). */
  | { kind: 'hang'; ms: number };

/** `finish_reason` of a scripted completion (default `stop`). */
export type FakeFinishReason = 'stop' | 'length' | 'content_filter';

/** A request the fake server received. */
export interface FakeOpenAIRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: unknown;
}

/** A local OpenAI-compatible server for tests (see {@link startFakeOpenAIServer}). */
export interface FakeOpenAIServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** `http://127.0.0.1:<port>/v1` — pass as the SDK's `baseURL`. */
  readonly baseURL: string;
  /** Every request, in order. */
  readonly requests: FakeOpenAIRequest[];
  /** Scripts the next chat-completion replies (consumed in order). */
  enqueue(...replies: FakeChatReply[]): void;
  /** Scripts the next embeddings replies (errors or hangs); otherwise vectors are computed. */
  enqueueEmbeddings(...replies: Extract<FakeChatReply, { kind: 'error' | 'hang' }>[]): void;
  close(): Promise<void>;
}

/** Options of {@link startFakeOpenAIServer}. */
export interface FakeOpenAIServerOptions {
  /** The reply when the script is empty (default: content `{}`). */
  defaultReply?: FakeChatReply | ((body: unknown) => FakeChatReply);
  /** Required bearer token; other tokens get 401 (default: any token). */
  apiKey?: string;
  /** Embedding dimensions (default 16). */
  dimensions?: number;
}

/** A deterministic unit vector for `text` (bag of hashed words), so similar texts get similar vectors. */
export function fakeEmbedding(text: string, dimensions = 16): number[] {
  const vector = new Array<number>(dimensions).fill(0);
  for (const word of text.toLowerCase().match(/[a-z0-9]+/g) ?? []) {
    let hash = 2166136261;
    for (let i = 0; i < word.length; i++) hash = Math.imul(hash ^ word.charCodeAt(i), 16777619);
    vector[(hash >>> 0) % dimensions]! += 1;
  }
  const norm = Math.hypot(...vector) || 1;
  return vector.map((v) => v / norm);
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

function sendError(res: ServerResponse, reply: Extract<FakeChatReply, { kind: 'error' }>): void {
  send(
    res,
    reply.status,
    { error: { message: reply.message ?? `fake error ${reply.status}`, type: reply.code ?? 'fake_error', code: reply.code ?? null, param: null } },
    reply.headers,
  );
}

function completion(content: string | null, model: string, finishReason: FakeFinishReason = 'stop', refusal: string | null = null): unknown {
  const tokens = Math.ceil((content ?? refusal ?? '').length / 4);
  return {
    id: `chatcmpl-fake-${Date.now()}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, message: { role: 'assistant', content, refusal }, finish_reason: finishReason, logprobs: null }],
    usage: { prompt_tokens: 10, completion_tokens: tokens, total_tokens: 10 + tokens },
  };
}

/** The completion body of a scripted success reply. */
function completionFor(reply: Exclude<FakeChatReply, { kind: 'error' | 'hang' }>, model: string): unknown {
  switch (reply.kind) {
    case 'json':
      return completion(JSON.stringify(reply.value), model, reply.finishReason);
    case 'content':
      return completion(reply.content, model, reply.finishReason);
    case 'truncated': {
      const full = JSON.stringify(reply.value);
      return completion(full.slice(0, reply.keep ?? Math.floor(full.length / 2)), model, 'length');
    }
    case 'refusal':
      return completion(null, model, 'stop', reply.refusal);
  }
}

/**
 * Starts a fake OpenAI-compatible server on 127.0.0.1 (a free port) implementing
 * `POST /v1/chat/completions` (scripted: good JSON, fenced or malformed content, replies truncated
 * at the token limit, structured-outputs refusals, HTTP errors such as 429/500, or hangs for
 * timeouts), `POST /v1/embeddings` (deterministic vectors) and
 * `POST /v1/audio/speech` (deterministic bytes standing in for audio). Tests
 * point the real `openai` SDK at it with `baseURL`.
 */
export async function startFakeOpenAIServer(options: FakeOpenAIServerOptions = {}): Promise<FakeOpenAIServer> {
  const chatScript: FakeChatReply[] = [];
  const embeddingScript: Extract<FakeChatReply, { kind: 'error' | 'hang' }>[] = [];
  const requests: FakeOpenAIRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const dimensions = options.dimensions ?? 16;

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      let body: unknown = undefined;
      try {
        body = chunks.length > 0 ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : undefined;
      } catch {
        send(res, 400, { error: { message: 'invalid JSON body', type: 'invalid_request_error' } });
        return;
      }
      const path = (req.url ?? '/').split('?')[0]!;
      requests.push({ method: req.method ?? 'GET', path, headers: req.headers, body });
      if (options.apiKey !== undefined && req.headers.authorization !== `Bearer ${options.apiKey}`) {
        sendError(res, { kind: 'error', status: 401, code: 'invalid_api_key', message: 'Incorrect API key provided' });
        return;
      }
      const hang = (ms: number): void => {
        const timer = setTimeout(() => {
          timers.delete(timer);
          if (!res.destroyed) send(res, 504, { error: { message: 'fake hang ended' } });
        }, ms);
        timers.add(timer);
        res.on('close', () => {
          clearTimeout(timer);
          timers.delete(timer);
        });
      };
      const model = (body as { model?: string } | undefined)?.model ?? 'fake-model';
      if (req.method === 'POST' && path === '/v1/chat/completions') {
        const fallback = options.defaultReply ?? { kind: 'content', content: '{}' };
        const reply = chatScript.shift() ?? (typeof fallback === 'function' ? fallback(body) : fallback);
        if (reply.kind === 'error') sendError(res, reply);
        else if (reply.kind === 'hang') hang(reply.ms);
        else send(res, 200, completionFor(reply, model));
        return;
      }
      if (req.method === 'POST' && path === '/v1/embeddings') {
        const scripted = embeddingScript.shift();
        if (scripted?.kind === 'error') return sendError(res, scripted);
        if (scripted?.kind === 'hang') return hang(scripted.ms);
        const input = (body as { input?: unknown } | undefined)?.input;
        const values = Array.isArray(input) ? input.map(String) : [String(input ?? '')];
        send(res, 200, {
          object: 'list',
          model,
          data: values.map((value, index) => ({ object: 'embedding', index, embedding: fakeEmbedding(value, dimensions) })),
          usage: { prompt_tokens: values.length, total_tokens: values.length },
        });
        return;
      }
      if (req.method === 'POST' && path === '/v1/audio/speech') {
        // Text-to-speech: deterministic bytes derived from the voice and the text (not real audio).
        const { input, voice, response_format: format } = (body ?? {}) as { input?: unknown; voice?: unknown; response_format?: unknown };
        if (typeof input !== 'string' || input.length === 0) return sendError(res, { kind: 'error', status: 400, message: 'input is required' });
        res.writeHead(200, { 'content-type': format === 'wav' ? 'audio/wav' : 'audio/mpeg' });
        res.end(Buffer.from(`FAKE-SPEECH ${String(voice)} ${input}`, 'utf8'));
        return;
      }
      send(res, 404, { error: { message: `no route ${req.method} ${path}`, type: 'invalid_request_error' } });
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    baseURL: `${url}/v1`,
    requests,
    enqueue: (...replies) => void chatScript.push(...replies),
    enqueueEmbeddings: (...replies) => void embeddingScript.push(...replies),
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
