import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { FAKE_ASSEMBLYAI_TLS_CERT, FAKE_ASSEMBLYAI_TLS_KEY, trustFakeAssemblyAICertificate } from './fake-assemblyai-tls';

/**
 * A misbehaviour of one connection of {@link FakeAssemblyAIServer}, scripted with
 * `server.enqueueFaults(...)` (consumed one per connection, in order).
 *
 * `afterAudioMs` counts audio received on that connection; 0 means right after the handshake,
 * before `Begin`.
 */
export type FakeAssemblyAIFault =
  /** `Begin` comes only after `delayMs` (the client's connect timeout may fire first). */
  | { kind: 'slow-begin'; delayMs: number }
  /** The TCP connection is cut (no close frame: the client sees 1006) once `afterAudioMs` of audio arrived. */
  | { kind: 'drop'; afterAudioMs: number }
  /** An `Error` message (unless `message` is null) and a close with `code` (e.g. 1008/4001 auth, 4002 quota, 3005 server error). */
  | { kind: 'error-close'; code: number; message?: string | null; errorCode?: number; afterAudioMs?: number }
  /** The WebSocket upgrade is refused with an HTTP status (401, 402, 429, 503…). */
  | { kind: 'reject-upgrade'; status: number }
  /** A text frame that is not JSON, once `afterAudioMs` of audio arrived. */
  | { kind: 'malformed-json'; afterAudioMs: number }
  /** `Terminate` is ignored (no `Termination`, no close): the client must give up waiting on its own. */
  | { kind: 'ignore-terminate' };

/**
 * Close codes and reasons of AssemblyAI's "Common session errors and closures" (v3), for scripting
 * `error-close` faults exactly as the service sends them (an `Error` message with `error_code`,
 * then a close with the same code).
 */
export const ASSEMBLYAI_CLOSES = {
  sessionExpired: { code: 3008, message: 'Session Expired: Maximum session duration exceeded' },
  inputDuration: { code: 3007, message: 'Input duration violation: 20.0 ms. Expected between 50 and 1000 ms' },
  tooFast: { code: 3007, message: 'Audio Transmission Rate Exceeded: Received 6.0 sec. audio in 1.0 sec' },
  invalidMessage: { code: 3006, message: 'Invalid Message Type: Flush' },
  serverError: { code: 3005, message: 'Session Cancelled: An error occurred' },
  tooManySessions: { code: 3009, message: 'Unauthorized Connection: Too many concurrent sessions' },
  missingAuth: { code: 1008, message: 'Unauthorized Connection: Missing Authorization header' },
  insufficientBalance: { code: 1008, message: 'Unauthorized Connection: Insufficient account balance' },
} as const;

/** What the fake saw of one WebSocket connection. */
export interface FakeAssemblyAIConnection {
  /** 0-based order of the connection. */
  readonly index: number;
  /** The query parameters of the handshake (sample_rate, speech_model, format_turns, keyterms_prompt…). */
  readonly query: Record<string, string>;
  /** How the client authenticated: `api-key` (Authorization header), `token` or `none`. */
  readonly auth: 'api-key' | 'token' | 'none';
  /** The temporary token presented, if any. */
  readonly token: string | null;
  /** The session's settings: the query's, updated by `UpdateConfiguration` messages. */
  readonly settings: Record<string, unknown>;
  /** Session id sent in `Begin` (null when no Begin was sent). */
  sessionId: string | null;
  /** Milliseconds of audio received, at the connection's sample rate. */
  audioMs: number;
  /** Binary frames received (before `Begin` included). */
  audioFrames: number;
  /** Binary frames received before `Begin` was sent (a well-behaved client sends none). */
  audioFramesBeforeBegin: number;
  /** Types of the JSON control messages received (`Terminate`, `ForceEndpoint`…). */
  readonly controlMessages: string[];
  /** Every server message sent, in order (for assertions on the sequence). */
  readonly sent: Array<Record<string, unknown>>;
  /** Whether `Termination` was sent. */
  terminated: boolean;
  /** Close code, once closed: the fake's own when it closed first, else the client's (1005: none given; 1006: cut). */
  closeCode: number | null;
}

/** A local AssemblyAI Universal-Streaming v3 server for tests (see {@link startFakeAssemblyAIServer}). */
export interface FakeAssemblyAIServer {
  /** `wss://127.0.0.1:<port>/v3/ws` — pass as `websocketBaseUrl`. */
  readonly websocketUrl: string;
  /** `https://127.0.0.1:<port>` — the HTTP API base (temporary tokens: `GET /v3/token`). */
  readonly httpUrl: string;
  /** Every WebSocket connection, in order. */
  readonly connections: FakeAssemblyAIConnection[];
  /** WebSocket upgrades refused by a `reject-upgrade` fault. */
  readonly rejectedUpgrades: number;
  /** Temporary tokens issued by `GET /v3/token`, with the parameters they were requested with and whether a session redeemed them. */
  readonly tokens: Array<{ token: string; expiresInSeconds: number; maxSessionDurationSeconds: number | null; used: boolean }>;
  /** Scripts misbehaviours of the next connections, one per connection. */
  enqueueFaults(...faults: Array<FakeAssemblyAIFault | null>): void;
  /** Adds what the candidate will say: each string is one turn, released word by word as audio arrives. */
  say(...turns: string[]): void;
  /** Resolves once `count` connections exist (bounded by `timeoutMs`). */
  waitForConnections(count: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** Options of {@link startFakeAssemblyAIServer}. */
export interface FakeAssemblyAIServerOptions {
  /** Accepted API key (`Authorization` header). Default `fake-key`. Other keys get an auth error close (1008). */
  apiKey?: string;
  /** Turns the candidate says, in order (more can be added with `say`). */
  turns?: string[];
  /** Milliseconds of audio per released word. Default 300. */
  msPerWord?: number;
  /** Audio after a turn's last word before its end of turn. Default 400 ms. */
  endOfTurnSilenceMs?: number;
  /** Refuse audio chunks shorter than 50 ms or longer than 1000 ms (close 3007), as the real service does. Default true. */
  strictChunkDuration?: boolean;
  /** Adds the fake's test certificate to the process's trusted CAs on start. Default true. */
  trustCertificate?: boolean;
  /**
   * Audio may run this far (ms) ahead of real time — audio received vs time since `Begin` — before
   * the session is closed with 3007 "Audio Transmission Rate Exceeded", as the service does.
   * AssemblyAI does not document its allowance; default 1 000. `null` switches the check off.
   */
  realTimeToleranceMs?: number | null;
  /**
   * How formatted turns arrive with `format_turns=true`: `separate` (default) — the end-of-turn
   * `Turn` unformatted, then a formatted copy; `inline` — one end-of-turn `Turn`, already
   * formatted (`turn_is_formatted: true`), as newer models send it.
   */
  turnFormatting?: 'separate' | 'inline';
}

interface PendingTurn {
  words: string[];
  released: Array<{ text: string; start: number; end: number }>;
  startMs: number;
  lastWordEndMs: number;
}

/**
 * Starts a fake AssemblyAI v3 streaming server on `wss://127.0.0.1:<random port>/v3/ws` (with the
 * test-only certificate of `trustFakeAssemblyAICertificate`, since the official SDK only accepts
 * `wss:` URLs) and the temporary-token endpoint `GET /v3/token`.
 *
 * It speaks the real message sequence: `Begin` after the handshake; for each scripted turn, `Turn`
 * partials (`end_of_turn: false`) carrying word timings in ms of the received audio — a word is
 * released for every `msPerWord` of audio — then `end_of_turn: true` once `endOfTurnSilenceMs` more
 * audio arrived, and with `format_turns=true` a formatted copy (`turn_is_formatted: true`).
 * `ForceEndpoint` ends the current turn now; `Terminate` flushes the turn, sends `Termination` and
 * closes with 1000. It validates what the real service validates — credentials (a temporary token
 * opens one session, within its `expires_in_seconds`), `sample_rate`, `speech_model`, chunk
 * durations, and the real-time rate (3007 when audio arrives faster than real time) — closes with
 * the documented codes and messages ({@link ASSEMBLYAI_CLOSES}), applies `UpdateConfiguration`,
 * sends formatted turns either way the service does (`turnFormatting`), and misbehaves on demand
 * ({@link FakeAssemblyAIFault}).
 */
export async function startFakeAssemblyAIServer(options: FakeAssemblyAIServerOptions = {}): Promise<FakeAssemblyAIServer> {
  if (options.trustCertificate ?? true) trustFakeAssemblyAICertificate();
  const apiKey = options.apiKey ?? 'fake-key';
  const msPerWord = options.msPerWord ?? 300;
  const eotSilenceMs = options.endOfTurnSilenceMs ?? 400;
  const strict = options.strictChunkDuration ?? true;
  const tolerance = options.realTimeToleranceMs === undefined ? 1000 : options.realTimeToleranceMs;
  const inlineFormatting = options.turnFormatting === 'inline';
  const issuedAt = new Map<string, number>();
  const script: string[] = [...(options.turns ?? [])];
  const faults: Array<FakeAssemblyAIFault | null> = [];
  const connections: FakeAssemblyAIConnection[] = [];
  const tokens: FakeAssemblyAIServer['tokens'] = [];
  const sockets = new Set<WebSocket>();
  const connectionWaiters: Array<() => void> = [];
  let sessionCounter = 0;
  let rejectedUpgrades = 0;

  const http = createServer({ key: FAKE_ASSEMBLYAI_TLS_KEY, cert: FAKE_ASSEMBLYAI_TLS_CERT }, (req, res) => handleHttp(req, res));
  const wss = new WebSocketServer({ noServer: true });

  function json(res: ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  }

  function handleHttp(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'https://127.0.0.1');
    if (req.method !== 'GET' || url.pathname !== '/v3/token') return json(res, 404, { error: 'Not found' });
    if (req.headers.authorization !== apiKey) return json(res, 401, { error: 'Invalid API key' });
    const expires = Number(url.searchParams.get('expires_in_seconds'));
    if (!Number.isInteger(expires) || expires < 1 || expires > 600) return json(res, 400, { error: 'expires_in_seconds must be an integer between 1 and 600' });
    const max = url.searchParams.get('max_session_duration_seconds');
    const token = `fake-temp-token-${tokens.length + 1}`;
    tokens.push({ token, expiresInSeconds: expires, maxSessionDurationSeconds: max === null ? null : Number(max), used: false });
    issuedAt.set(token, Date.now());
    json(res, 200, { token });
  }

  http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'https://127.0.0.1');
    const fault = faults.shift() ?? null;
    if (url.pathname !== '/v3/ws') {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      return;
    }
    if (fault?.kind === 'reject-upgrade') {
      rejectedUpgrades += 1;
      socket.end(
        `HTTP/1.1 ${fault.status} Rejected\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n{"error":"rejected by the fake server (${fault.status})"}`,
      );
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => handleSession(ws, req, url, fault));
  });

  function handleSession(ws: WebSocket, req: IncomingMessage, url: URL, fault: FakeAssemblyAIFault | null): void {
    sockets.add(ws);
    const query = Object.fromEntries(url.searchParams.entries());
    const token = url.searchParams.get('token');
    const auth: FakeAssemblyAIConnection['auth'] = token ? 'token' : req.headers.authorization ? 'api-key' : 'none';
    const conn: FakeAssemblyAIConnection = {
      index: connections.length,
      query,
      auth,
      token,
      settings: { ...query },
      sessionId: null,
      audioMs: 0,
      audioFrames: 0,
      audioFramesBeforeBegin: 0,
      controlMessages: [],
      sent: [],
      terminated: false,
      closeCode: null,
    };
    connections.push(conn);
    for (const wake of connectionWaiters.splice(0)) wake();

    const sampleRate = Number(query.sample_rate);
    const formatTurns = query.format_turns === 'true';
    let begun = false;
    let closing = false;
    let turnOrder = 0;
    let current: PendingTurn | null = null;
    let beginTimer: ReturnType<typeof setTimeout> | undefined;
    const startedAt = Date.now();
    let begunAt = 0;

    const send = (message: Record<string, unknown>): void => {
      if (ws.readyState !== ws.OPEN) return;
      conn.sent.push(message);
      ws.send(JSON.stringify(message));
    };
    const closeWith = (code: number, reason: string): void => {
      if (closing) return;
      closing = true;
      clearTimeout(beginTimer);
      conn.closeCode = code;
      ws.close(code, reason);
    };
    const errorClose = (code: number, message: string | null, errorCode = code): void => {
      if (message !== null) send({ type: 'Error', error_code: errorCode, error: message });
      // A close reason holds at most 123 bytes: longer ones are only in the Error message.
      closeWith(code, message === null ? '' : Buffer.byteLength(message) > 123 ? 'See Error message for details' : message);
    };
    ws.on('close', (code) => {
      conn.closeCode ??= code;
      clearTimeout(beginTimer);
      sockets.delete(ws);
    });
    ws.on('error', () => undefined);

    // The real service checks credentials and parameters before Begin. A temporary token opens
    // one session, within `expires_in_seconds` of being issued.
    if (token) {
      const record = tokens.find((t) => t.token === token);
      if (!record) return errorClose(1008, 'Unauthorized Connection: Invalid temporary token', 1008);
      if (record.used) return errorClose(1008, 'Unauthorized Connection: Temporary token already used', 1008);
      if (Date.now() - issuedAt.get(token)! > record.expiresInSeconds * 1000) return errorClose(1008, 'Unauthorized Connection: Temporary token expired', 1008);
      record.used = true;
    } else if (req.headers.authorization !== apiKey) return errorClose(ASSEMBLYAI_CLOSES.missingAuth.code, ASSEMBLYAI_CLOSES.missingAuth.message);
    if (!Number.isInteger(sampleRate) || sampleRate < 8000 || sampleRate > 48000)
      return errorClose(3006, 'Input validation error: sample_rate is required (8000-48000)');
    if (!query.speech_model) return errorClose(3006, 'Input validation error: speech_model is required');
    if (fault?.kind === 'error-close' && (fault.afterAudioMs ?? 0) === 0)
      return errorClose(fault.code, fault.message === undefined ? `fake error ${fault.code}` : fault.message, fault.errorCode ?? fault.code);

    const begin = (): void => {
      if (closing) return;
      begun = true;
      begunAt = Date.now();
      sessionCounter += 1;
      conn.sessionId = `00000000-0000-4000-8000-${String(sessionCounter).padStart(12, '0')}`;
      send({ type: 'Begin', id: conn.sessionId, expires_at: Math.floor(Date.now() / 1000) + 3600 });
    };
    if (fault?.kind === 'slow-begin') beginTimer = setTimeout(begin, fault.delayMs);
    else begin();

    const turnMessage = (turn: PendingTurn, endOfTurn: boolean, formatted: boolean): Record<string, unknown> => {
      const words = turn.released.map((w, i) => ({
        start: w.start,
        end: w.end,
        text: w.text,
        confidence: 0.9,
        word_is_final: endOfTurn || i < turn.released.length - 1,
      }));
      const finalWords = words.filter((w) => w.word_is_final).map((w) => w.text);
      let transcript = finalWords.join(' ');
      if (formatted) transcript = formatText(transcript);
      return {
        type: 'Turn',
        turn_order: turnOrder,
        turn_is_formatted: formatted,
        end_of_turn: endOfTurn,
        transcript,
        utterance: endOfTurn ? transcript : '',
        end_of_turn_confidence: endOfTurn ? 0.9 : 0.1,
        words: formatted ? words.map((w, i) => ({ ...w, text: formatWord(w.text, i === 0, i === words.length - 1) })) : words,
      };
    };
    const endTurn = (): void => {
      const turn = current;
      if (!turn || turn.released.length === 0) return;
      if (!(formatTurns && inlineFormatting)) send(turnMessage(turn, true, false));
      if (formatTurns) send(turnMessage(turn, true, true));
      turnOrder += 1;
      // Words not yet released (ForceEndpoint, Terminate) start the next turn.
      const rest = turn.words.slice(turn.released.length);
      current = null;
      if (rest.length > 0) script.unshift(rest.join(' '));
    };
    /** Releases the words due; a new turn starts at `fromMs` (the start of the audio that brought it). */
    const advance = (fromMs: number): void => {
      if (!current) {
        const next = script.shift();
        if (next === undefined) return;
        current = { words: next.split(/\s+/).filter(Boolean), released: [], startMs: fromMs, lastWordEndMs: 0 };
      }
      const turn = current;
      const due = Math.min(turn.words.length, Math.floor((conn.audioMs - turn.startMs) / msPerWord));
      if (due > turn.released.length) {
        while (turn.released.length < due) {
          const k = turn.released.length;
          const start = Math.round(turn.startMs + k * msPerWord);
          const end = Math.round(start + msPerWord * 0.8);
          turn.released.push({ text: turn.words[k]!, start, end });
          turn.lastWordEndMs = end;
        }
        send(turnMessage(turn, false, false));
      }
      if (turn.released.length === turn.words.length && conn.audioMs - turn.lastWordEndMs >= eotSilenceMs) {
        endTurn();
        advance(conn.audioMs);
      }
    };

    ws.on('message', (data, isBinary) => {
      if (closing) return;
      if (isBinary) {
        const bytes = Array.isArray(data) ? data.reduce((n, b) => n + b.length, 0) : data instanceof ArrayBuffer ? data.byteLength : data.length;
        const ms = (bytes / 2 / sampleRate) * 1000;
        conn.audioFrames += 1;
        if (!begun) conn.audioFramesBeforeBegin += 1;
        if (strict && (ms < 50 || ms > 1000)) return errorClose(3007, `Input duration violation: ${ms.toFixed(1)} ms. Expected between 50 and 1000 ms`);
        const before = conn.audioMs;
        conn.audioMs += ms;
        const elapsed = begun ? Date.now() - begunAt : 0;
        if (tolerance !== null && conn.audioMs > elapsed + tolerance) {
          return errorClose(
            3007,
            `Audio Transmission Rate Exceeded: Received ${(conn.audioMs / 1000).toFixed(1)} sec. audio in ${(elapsed / 1000).toFixed(1)} sec`,
          );
        }
        if (fault?.kind === 'drop' && conn.audioMs >= fault.afterAudioMs) {
          closing = true;
          // Cut the TCP connection (no close frame) once the frames already sent are written out.
          ws.ping(undefined, undefined, () => ws.terminate());
          return;
        }
        if (fault?.kind === 'error-close' && conn.audioMs >= (fault.afterAudioMs ?? 0)) {
          return errorClose(fault.code, fault.message === undefined ? `fake error ${fault.code}` : fault.message, fault.errorCode ?? fault.code);
        }
        if (fault?.kind === 'malformed-json' && conn.audioMs >= fault.afterAudioMs && !conn.sent.some((m) => m.type === '__malformed')) {
          conn.sent.push({ type: '__malformed' });
          ws.send('{"type":"Turn","turn_order":');
        }
        if (begun) advance(before);
        return;
      }
      let message: { type?: unknown };
      try {
        message = JSON.parse(data.toString()) as { type?: unknown };
      } catch {
        return errorClose(3006, 'Input validation error: malformed JSON message');
      }
      const type = typeof message.type === 'string' ? message.type : 'unknown';
      conn.controlMessages.push(type);
      if (type === 'UpdateConfiguration') {
        const { type: _type, ...update } = message as Record<string, unknown>;
        Object.assign(conn.settings, update);
      } else if (type === 'ForceEndpoint') endTurn();
      else if (type === 'Terminate') {
        if (fault?.kind === 'ignore-terminate') return;
        endTurn();
        conn.terminated = true;
        send({
          type: 'Termination',
          audio_duration_seconds: Math.round(conn.audioMs / 1000),
          session_duration_seconds: Math.round((Date.now() - startedAt) / 1000),
        });
        closeWith(1000, '');
      }
    });
  }

  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const port = (http.address() as AddressInfo).port;

  return {
    websocketUrl: `wss://127.0.0.1:${port}/v3/ws`,
    httpUrl: `https://127.0.0.1:${port}`,
    connections,
    get rejectedUpgrades() {
      return rejectedUpgrades;
    },
    tokens,
    enqueueFaults: (...next) => {
      faults.push(...next);
    },
    say: (...turns) => {
      script.push(...turns);
    },
    waitForConnections: (count, timeoutMs = 5000) =>
      new Promise<void>((resolve, reject) => {
        const deadline = setTimeout(() => reject(new Error(`expected ${count} connections, got ${connections.length}`)), timeoutMs);
        const check = (): void => {
          if (connections.length >= count) {
            clearTimeout(deadline);
            resolve();
          } else connectionWaiters.push(check);
        };
        check();
      }),
    close: async () => {
      for (const ws of sockets) ws.terminate();
      wss.close();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The fake's "formatting": sentence case and a final period. */
function formatText(text: string): string {
  return text === '' ? text : formatWord(text, true, true);
}

function formatWord(text: string, first: boolean, last: boolean): string {
  const cased = first ? capitalize(text) : text;
  return last && !/[.!?]$/.test(cased) ? `${cased}.` : cased;
}
