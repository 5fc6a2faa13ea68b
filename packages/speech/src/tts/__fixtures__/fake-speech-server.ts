import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { writeWav } from '../../audio/wav';

/** A scripted failure of {@link FakeSpeechServer}. */
export type FakeSpeechFailure =
  | { kind: 'error'; status: number; code?: string; message?: string; headers?: Record<string, string> }
  /** No answer for `ms` (the client's timeout should fire first). */
  | { kind: 'hang'; ms: number }
  /** 200 with an empty body. */
  | { kind: 'empty' };

/** One `POST /v1/audio/speech` the server received. */
export interface FakeSpeechRequest {
  authorization: string | undefined;
  body: Record<string, unknown>;
}

/** A local stand-in for OpenAI's speech endpoint, for tests with the real SDK. */
export interface FakeSpeechServer {
  /** `http://127.0.0.1:<port>/v1`: the SDK's `baseURL`. */
  readonly baseURL: string;
  /** Every speech request (valid or not), in order. */
  readonly requests: FakeSpeechRequest[];
  /** Requests answered with audio. */
  readonly rendered: number;
  /** Scripts the next replies (consumed in order before audio is rendered again). */
  fail(...failures: FakeSpeechFailure[]): void;
  close(): Promise<void>;
}

const VOICES = new Set(['alloy', 'ash', 'ballad', 'coral', 'echo', 'fable', 'onyx', 'nova', 'sage', 'shimmer', 'verse', 'marin', 'cedar']);
const FORMATS: Record<string, string> = { mp3: 'audio/mpeg', opus: 'audio/ogg', aac: 'audio/aac', flac: 'audio/flac', wav: 'audio/wav', pcm: 'audio/pcm' };

function sendError(res: ServerResponse, status: number, message: string, type: string, code: string | null, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify({ error: { message, type, param: null, code } }));
}

/**
 * Deterministic audio for `input`: for `wav` and `pcm` a real 24 kHz tone whose length grows with
 * the text (as speech does); for compressed formats a tagged byte string (an ID3-like header and
 * the text), enough to check that bytes arrive intact.
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

/**
 * Starts a fake `POST /v1/audio/speech` on 127.0.0.1: validates the body as OpenAI does (model,
 * input ≤ 4096 characters, voice, response_format, speed), checks the bearer token when `apiKey`
 * is given (401 `invalid_api_key` otherwise), counts calls and can fail on demand.
 */
export async function startFakeSpeechServer(options: { apiKey?: string } = {}): Promise<FakeSpeechServer> {
  const requests: FakeSpeechRequest[] = [];
  const script: FakeSpeechFailure[] = [];
  let rendered = 0;
  const sockets = new Set<Socket>();

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method !== 'POST' || req.url !== '/v1/audio/speech') return sendError(res, 404, `Unknown route ${req.method} ${req.url}`, 'invalid_request_error', null);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
    } catch {
      return sendError(res, 400, 'We could not parse the JSON body of your request.', 'invalid_request_error', null);
    }
    requests.push({ authorization: req.headers.authorization, body });
    if (options.apiKey && req.headers.authorization !== `Bearer ${options.apiKey}`) return sendError(res, 401, 'Incorrect API key provided.', 'invalid_request_error', 'invalid_api_key');
    const failure = script.shift();
    if (failure?.kind === 'error') return sendError(res, failure.status, failure.message ?? `Scripted failure ${failure.status}`, failure.status === 429 ? 'requests' : 'server_error', failure.code ?? null, failure.headers);
    if (failure?.kind === 'hang') {
      await new Promise((resolve) => setTimeout(resolve, failure.ms));
      if (!res.destroyed) sendError(res, 500, 'Too late', 'server_error', null);
      return;
    }
    const { model, input, voice } = body;
    const format = body.response_format ?? 'mp3';
    if (typeof model !== 'string' || !model) return sendError(res, 400, "Missing required parameter: 'model'.", 'invalid_request_error', 'missing_required_parameter');
    if (typeof input !== 'string' || !input) return sendError(res, 400, "Missing required parameter: 'input'.", 'invalid_request_error', 'missing_required_parameter');
    if (input.length > 4096) return sendError(res, 400, "'input' is too long (max 4096 characters).", 'invalid_request_error', 'string_above_max_length');
    if (typeof voice !== 'string' || !VOICES.has(voice)) return sendError(res, 400, `Invalid value for 'voice': ${String(voice)}.`, 'invalid_request_error', 'invalid_value');
    if (typeof format !== 'string' || !(format in FORMATS)) return sendError(res, 400, `Invalid value for 'response_format': ${String(format)}.`, 'invalid_request_error', 'invalid_value');
    if (body.speed !== undefined && !(typeof body.speed === 'number' && body.speed >= 0.25 && body.speed <= 4)) return sendError(res, 400, "Invalid 'speed'.", 'invalid_request_error', 'invalid_value');
    if (failure?.kind === 'empty') {
      res.writeHead(200, { 'content-type': FORMATS[format]! });
      return void res.end();
    }
    rendered++;
    const audio = fakeSpeechAudio(input, voice, format);
    res.writeHead(200, { 'content-type': FORMATS[format]!, 'content-length': String(audio.byteLength) });
    res.end(audio);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendError(res, 500, String(error), 'server_error', null);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    get rendered() {
      return rendered;
    },
    fail: (...failures) => void script.push(...failures),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
