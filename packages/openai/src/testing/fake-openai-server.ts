import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { readWav, writeWav } from '@interviewkit/core';
import { checkChatRequest, checkEmbeddingRequest, checkSpeechRequest, checkTranscriptionFields, type ApiFailure } from './fake-openai-rules';

/** A scripted misbehaviour of one request (any endpoint). */
export type FakeOpenAIFault =
  /** An HTTP error with an OpenAI-style body (`code` e.g. `rate_limit_exceeded`, `insufficient_quota`). */
  | { kind: 'error'; status: number; code?: string; message?: string; headers?: Record<string, string> }
  /** No answer for `ms` (the client's timeout should fire first). */
  | { kind: 'hang'; ms: number }
  /** The connection is cut before any answer (a dropped connection). */
  | { kind: 'drop' }
  /** 200 with a body that is JSON but not the documented shape. */
  | { kind: 'malformed' }
  /** 200 with an empty body. */
  | { kind: 'empty' };

/** One scripted reply to a chat completion. */
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
  /** A completion refused by the model (`content: null`, `message.refusal`). */
  | { kind: 'refusal'; refusal: string }
  | FakeOpenAIFault;

/** `finish_reason` of a scripted completion (default `stop`). */
export type FakeFinishReason = 'stop' | 'length' | 'content_filter';

/** A request the fake received. Multipart bodies are given as their fields, the file summarised. */
export interface FakeOpenAIRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: unknown;
}

/** A local OpenAI server for tests (see {@link startFakeOpenAIServer}). */
export interface FakeOpenAIServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** `http://127.0.0.1:<port>/v1` — pass as the SDK's `baseURL` (or `OPENAI_BASE_URL`). */
  readonly baseURL: string;
  /** Every request, in order (valid or not). */
  readonly requests: FakeOpenAIRequest[];
  /** Speech requests answered with audio. */
  readonly rendered: number;
  /** Scripts the next chat-completion replies (consumed in order). */
  enqueue(...replies: FakeChatReply[]): void;
  /** Scripts misbehaviours of the next embeddings requests (otherwise vectors are computed). */
  enqueueEmbeddings(...faults: FakeOpenAIFault[]): void;
  /** Scripts misbehaviours of the next speech requests (otherwise audio is rendered). */
  enqueueSpeech(...faults: FakeOpenAIFault[]): void;
  /** Scripts misbehaviours of the next transcription requests (otherwise the next said text is returned). */
  enqueueTranscriptions(...faults: FakeOpenAIFault[]): void;
  /** What the speaker says: each string is the transcript of one transcription request, in order. */
  say(...utterances: string[]): void;
  close(): Promise<void>;
}

/** Options of {@link startFakeOpenAIServer}. */
export interface FakeOpenAIServerOptions {
  /** The chat reply when the script is empty (default: content `{}`). */
  defaultReply?: FakeChatReply | ((body: unknown) => FakeChatReply);
  /** Required bearer token; other tokens get 401 `invalid_api_key` (default: any token). */
  apiKey?: string;
  /**
   * Check model names against OpenAI's (404 `model_not_found` otherwise). Default true; false acts
   * like an OpenAI-compatible server that serves models under its own names.
   */
  knownModelsOnly?: boolean;
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

/**
 * Deterministic audio for `input`: for `wav` and `pcm` a real 24 kHz tone whose length grows with
 * the text (as speech does); for compressed formats a tagged byte string, enough to check that
 * bytes arrive intact.
 */
export function fakeSpeechAudio(input: string, voice: string, format: string): Uint8Array {
  if (format === 'wav' || format === 'pcm') {
    const samples = new Int16Array(Math.min(24_000 * 10, 24 * 60 * Math.max(1, input.length)));
    const hz = 100 + (voice.length % 10) * 20;
    for (let i = 0; i < samples.length; i++) samples[i] = Math.round(8000 * Math.sin((2 * Math.PI * hz * i) / 24_000));
    return format === 'wav' ? writeWav(samples, 24_000) : new Uint8Array(samples.buffer);
  }
  return new TextEncoder().encode(`FAKE-${format.toUpperCase()}|${voice}|${input}`);
}

const SPEECH_TYPES: Record<string, string> = { mp3: 'audio/mpeg', opus: 'audio/ogg', aac: 'audio/aac', flac: 'audio/flac', wav: 'audio/wav', pcm: 'audio/pcm' };

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

function sendFailure(res: ServerResponse, f: ApiFailure, headers: Record<string, string> = {}): void {
  send(res, f.status, { error: { message: f.message, type: f.type, param: f.param, code: f.code } }, headers);
}

function completion(message: { content: string | null; refusal: string | null }, model: string, finishReason: FakeFinishReason = 'stop'): unknown {
  const length = (message.content ?? message.refusal ?? '').length;
  return {
    id: `chatcmpl-fake-${Date.now()}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, message: { role: 'assistant', ...message }, finish_reason: finishReason, logprobs: null }],
    usage: { prompt_tokens: 10, completion_tokens: Math.ceil(length / 4), total_tokens: 10 + Math.ceil(length / 4) },
  };
}

/**
 * Starts a fake OpenAI server on 127.0.0.1 (a free port) for tests with the real `openai` SDK
 * (`baseURL`). It speaks the real API and enforces its rules (see `fake-openai-rules.ts`): known
 * model names, reasoning models refusing `temperature` and `max_tokens`, embeddings of the
 * requested `dimensions` (and `dimensions` refused by `text-embedding-ada-002`), built-in voices
 * by name and custom voices only as `{ id }`, transcription formats per model (verbose JSON and
 * word timings from Whisper only), WAV uploads of at least 0.1 s. Endpoints:
 * `POST /v1/chat/completions` (scripted replies, also cut at the token limit or refused), `/v1/embeddings` (deterministic vectors),
 * `/v1/audio/speech` (deterministic audio), `/v1/audio/transcriptions` (multipart; the text of
 * the next {@link FakeOpenAIServer.say} utterance, words spread over the audio). Each endpoint
 * misbehaves on demand ({@link FakeOpenAIFault}: errors, hangs, dropped connections, malformed
 * or empty bodies).
 */
export async function startFakeOpenAIServer(options: FakeOpenAIServerOptions = {}): Promise<FakeOpenAIServer> {
  const known = options.knownModelsOnly ?? true;
  const chatScript: FakeChatReply[] = [];
  const faults = { embeddings: [] as FakeOpenAIFault[], speech: [] as FakeOpenAIFault[], transcriptions: [] as FakeOpenAIFault[] };
  const utterances: string[] = [];
  const requests: FakeOpenAIRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const sockets = new Set<Socket>();
  let rendered = 0;

  /** Plays a fault; returns false when there is none (the request is answered normally). */
  const playFault = (fault: FakeOpenAIFault | undefined, req: IncomingMessage, res: ServerResponse): boolean => {
    if (!fault) return false;
    if (fault.kind === 'error') {
      const type =
        fault.status === 429
          ? fault.code === 'insufficient_quota'
            ? 'insufficient_quota'
            : 'requests'
          : fault.status >= 500
            ? 'server_error'
            : 'invalid_request_error';
      sendFailure(
        res,
        { status: fault.status, message: fault.message ?? `fake error ${fault.status}`, type, param: null, code: fault.code ?? null },
        fault.headers,
      );
    } else if (fault.kind === 'hang') {
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (!res.destroyed) send(res, 504, { error: { message: 'fake hang ended', type: 'server_error', param: null, code: null } });
      }, fault.ms);
      timers.add(timer);
      res.on('close', () => {
        clearTimeout(timer);
        timers.delete(timer);
      });
    } else if (fault.kind === 'drop') req.socket.destroy();
    else if (fault.kind === 'malformed') send(res, 200, { object: 'unexpected', data: 'not what the API documents' });
    else {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end();
    }
    return true;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const path = (req.url ?? '/').split('?')[0]!;
    const multipart = (req.headers['content-type'] ?? '').startsWith('multipart/form-data');
    let body: Record<string, unknown> = {};
    let form: FormData | null = null;
    try {
      if (multipart)
        form = await new Request('http://fake.local', { method: 'POST', headers: { 'content-type': req.headers['content-type']! }, body: raw }).formData();
      else if (raw.length > 0) body = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
    } catch {
      return sendFailure(res, { status: 400, message: 'We could not parse the body of your request.', type: 'invalid_request_error', param: null, code: null });
    }
    const fields: Record<string, string | string[]> = {};
    let file: File | null = null;
    for (const [name, value] of form?.entries() ?? []) {
      if (typeof value !== 'string') file = value;
      else fields[name] = name in fields ? ([] as string[]).concat(fields[name]!, value) : value;
    }
    requests.push({
      method: req.method ?? 'GET',
      path,
      headers: req.headers,
      body: form ? { ...fields, file: file ? { name: file.name, type: file.type, bytes: file.size } : null } : body,
    });
    if (options.apiKey !== undefined && req.headers.authorization !== `Bearer ${options.apiKey}`) {
      return sendFailure(res, { status: 401, message: 'Incorrect API key provided.', type: 'invalid_request_error', param: null, code: 'invalid_api_key' });
    }
    if (req.method !== 'POST')
      return sendFailure(res, { status: 404, message: `Unknown route ${req.method} ${path}`, type: 'invalid_request_error', param: null, code: null });

    if (path === '/v1/chat/completions') {
      const fallback = options.defaultReply ?? { kind: 'content', content: '{}' };
      const isReply = (r: FakeChatReply): r is Extract<FakeChatReply, { kind: 'json' | 'content' | 'truncated' | 'refusal' }> =>
        r.kind === 'json' || r.kind === 'content' || r.kind === 'truncated' || r.kind === 'refusal';
      const next = chatScript[0];
      if (next && !isReply(next)) return void playFault(chatScript.shift() as FakeOpenAIFault, req, res);
      // A request the API refuses consumes no scripted reply.
      const rejected = checkChatRequest(body, known);
      if (rejected) return sendFailure(res, rejected);
      const reply = chatScript.shift() ?? (typeof fallback === 'function' ? fallback(body) : fallback);
      if (!isReply(reply)) return void playFault(reply, req, res);
      const model = body.model as string;
      if (reply.kind === 'refusal') return send(res, 200, completion({ content: null, refusal: reply.refusal }, model));
      if (reply.kind === 'truncated') {
        const full = JSON.stringify(reply.value);
        return send(res, 200, completion({ content: full.slice(0, reply.keep ?? Math.floor(full.length / 2)), refusal: null }, model, 'length'));
      }
      return send(
        res,
        200,
        completion({ content: reply.kind === 'json' ? JSON.stringify(reply.value) : reply.content, refusal: null }, model, reply.finishReason),
      );
    }
    if (path === '/v1/embeddings') {
      if (playFault(faults.embeddings.shift(), req, res)) return;
      const checked = checkEmbeddingRequest(body, known);
      if ('status' in checked) return sendFailure(res, checked);
      return send(res, 200, {
        object: 'list',
        model: body.model,
        data: checked.values.map((value, index) => ({ object: 'embedding', index, embedding: fakeEmbedding(value, checked.dimensions) })),
        usage: { prompt_tokens: checked.values.length, total_tokens: checked.values.length },
      });
    }
    if (path === '/v1/audio/speech') {
      if (playFault(faults.speech.shift(), req, res)) return;
      const checked = checkSpeechRequest(body, known);
      if ('status' in checked) return sendFailure(res, checked);
      rendered += 1;
      const audio = fakeSpeechAudio(checked.input, checked.voice, checked.format);
      res.writeHead(200, { 'content-type': SPEECH_TYPES[checked.format]!, 'content-length': String(audio.byteLength) });
      return void res.end(audio);
    }
    if (path === '/v1/audio/transcriptions') {
      if (!form)
        return sendFailure(res, { status: 400, message: 'Expected a multipart/form-data body.', type: 'invalid_request_error', param: null, code: null });
      if (playFault(faults.transcriptions.shift(), req, res)) return;
      const checked = checkTranscriptionFields(fields, known);
      if ('status' in checked) return sendFailure(res, checked);
      if (!file)
        return sendFailure(res, {
          status: 400,
          message: "Missing required parameter: 'file'.",
          type: 'invalid_request_error',
          param: 'file',
          code: 'missing_required_parameter',
        });
      let seconds: number;
      try {
        const wav = readWav(new Uint8Array(await file.arrayBuffer()));
        seconds = wav.samples.length / wav.sampleRate;
      } catch {
        return sendFailure(res, {
          status: 400,
          message: 'Invalid file format. Supported formats: flac, m4a, mp3, mp4, mpeg, mpga, oga, ogg, wav, webm',
          type: 'invalid_request_error',
          param: 'file',
          code: 'invalid_value',
        });
      }
      if (seconds < 0.1)
        return sendFailure(res, {
          status: 400,
          message: 'Audio file is too short. Minimum audio length is 0.1 seconds.',
          type: 'invalid_request_error',
          param: 'file',
          code: 'audio_too_short',
        });
      const text = utterances.shift() ?? '';
      if (checked.responseFormat === 'text') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        return void res.end(text);
      }
      if (checked.responseFormat !== 'verbose_json') return send(res, 200, { text, usage: { type: 'duration', seconds: Math.ceil(seconds) } });
      const tokens = text.split(/\s+/).filter(Boolean);
      const slot = seconds / Math.max(1, tokens.length);
      return send(res, 200, {
        task: 'transcribe',
        language: 'english',
        duration: seconds,
        text,
        ...(checked.wordTimestamps
          ? { words: tokens.map((word, i) => ({ word, start: Number((i * slot).toFixed(3)), end: Number(((i + 0.9) * slot).toFixed(3)) })) }
          : {}),
        segments: [],
      });
    }
    return sendFailure(res, { status: 404, message: `Unknown route ${req.method} ${path}`, type: 'invalid_request_error', param: null, code: null });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent && !res.destroyed) send(res, 500, { error: { message: String(error), type: 'server_error', param: null, code: null } });
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
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
    get rendered() {
      return rendered;
    },
    enqueue: (...replies) => void chatScript.push(...replies),
    enqueueEmbeddings: (...next) => void faults.embeddings.push(...next),
    enqueueSpeech: (...next) => void faults.speech.push(...next),
    enqueueTranscriptions: (...next) => void faults.transcriptions.push(...next),
    say: (...next) => void utterances.push(...next),
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
