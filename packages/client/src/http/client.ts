import {
  AuthResponseSchema,
  CodingQuestionsBodySchema,
  EvaluateAnswerBodySchema,
  EvaluateAnswerResponseSchema,
  HealthResponseSchema,
  HrQuestionsBodySchema,
  InterviewKitError,
  ListSessionsQuerySchema,
  ListSessionsResponseSchema,
  LoginBodySchema,
  MasteryResponseSchema,
  MeResponseSchema,
  MockQuestionsBodySchema,
  QuestionsResponseSchema,
  ReadyResponseSchema,
  RegisterBodySchema,
  ResumeResponseSchema,
  SessionDetailResponseSchema,
  SessionEventsResponseSchema,
  SessionSummaryBodySchema,
  SessionSummaryResponseSchema,
  StopInterviewBodySchema,
  StopInterviewResponseSchema,
  TechnicalQuestionsBodySchema,
  validationError,
} from '@interviewkit/core';
import * as z from 'zod';
import { LiveInterview, type LiveInterviewOptions } from '../live/live-interview';
import { type BinaryResponse, type RequestOptions, Transport } from './transport';

/** Options of {@link InterviewKitClient}. */
export interface InterviewKitClientOptions {
  /** The server's origin, e.g. `http://localhost:3000` (paths start with `/api`). */
  baseUrl: string;
  /** A bearer token (from `login`/`register`, or your own auth when the plugin is embedded). */
  token?: string | null;
  /** Default per-request timeout in ms (default 30 000). */
  timeoutMs?: number;
  /** Retries of idempotent (GET) requests on network errors, 429 and 5xx (default 2). */
  maxRetries?: number;
  /** First retry delay in ms (default 250). */
  retryBaseMs?: number;
  /** A fetch implementation (default: the global one). */
  fetch?: typeof fetch;
  /** Extra headers on every request. */
  headers?: Record<string, string>;
}

const ClientOptionsSchema = z.object({
  baseUrl: z.url(),
  token: z.string().min(1).nullable().optional(),
  timeoutMs: z.number().int().min(1).max(600_000).optional(),
  maxRetries: z.number().int().min(0).max(10).optional(),
  retryBaseMs: z.number().int().min(0).max(60_000).optional(),
});

/** Input of a method: the schema's input type (defaults may be left out). */
type In<S extends z.ZodType> = z.input<S>;
/** Output of a method. */
type Out<S extends z.ZodType> = z.output<S>;

/** `POST /api/upload_resume` input: the file's bytes (or a Blob/File) and its name. */
export interface ResumeUpload {
  data: Blob | Uint8Array | ArrayBuffer;
  filename: string;
  /** MIME type (derived from the file name when omitted). */
  contentType?: string;
}

const RESUME_TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  txt: 'text/plain',
};

function parseInput<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw validationError(what, parsed.error.issues);
  return parsed.data;
}

/**
 * The typed client of the InterviewKit HTTP API: one method per endpoint, request bodies
 * validated before they leave, responses validated against the same zod schemas the server
 * uses (from `@interviewkit/core`), failures as {@link InterviewKitError} carrying the server's
 * code. Every method takes `{ signal, timeoutMs }`; only GET requests are retried.
 *
 * ```ts
 * const client = new InterviewKitClient({ baseUrl: 'http://localhost:3000' });
 * await client.login({ email, password });          // stores the token
 * const { questions } = await client.technicalQuestions({ topic: 'dbms', count: 5 });
 * const live = client.live();                         // the WebSocket interview
 * ```
 */
export class InterviewKitClient {
  readonly baseUrl: string;
  private tokenValue: string | null;
  private readonly transport: Transport;
  private readonly fetchImpl: typeof fetch;

  constructor(options: InterviewKitClientOptions) {
    const checked = parseInput(ClientOptionsSchema, options, 'client options');
    this.baseUrl = checked.baseUrl.replace(/\/+$/, '');
    this.tokenValue = checked.token ?? null;
    const fetchImpl = options.fetch ?? globalThis.fetch;
    if (typeof fetchImpl !== 'function')
      throw new InterviewKitError('CONFIG_MISSING', 'No fetch implementation: pass options.fetch (Node 22+ and browsers have one)');
    this.fetchImpl = fetchImpl.bind(globalThis);
    this.transport = new Transport({
      baseUrl: this.baseUrl,
      token: () => this.tokenValue,
      fetch: this.fetchImpl,
      timeoutMs: checked.timeoutMs ?? 30_000,
      maxRetries: checked.maxRetries ?? 2,
      retryBaseMs: checked.retryBaseMs ?? 250,
      headers: options.headers ?? {},
    });
  }

  /** The bearer token in use, or null. */
  get token(): string | null {
    return this.tokenValue;
  }

  /** Replaces the bearer token (null signs out). */
  setToken(token: string | null): void {
    this.tokenValue = token;
  }

  // ------------------------------------------------------------------ auth

  /** `POST /api/auth/register`: creates an account and stores its token. */
  async register(body: In<typeof RegisterBodySchema>, options?: RequestOptions): Promise<Out<typeof AuthResponseSchema>> {
    const json = parseInput(RegisterBodySchema, body, 'register body');
    const result = await this.transport.request({ method: 'POST', path: '/api/auth/register', json, response: AuthResponseSchema, auth: false }, options);
    this.tokenValue = result.token;
    return result;
  }

  /** `POST /api/auth/login`: signs in and stores the token. */
  async login(body: In<typeof LoginBodySchema>, options?: RequestOptions): Promise<Out<typeof AuthResponseSchema>> {
    const json = parseInput(LoginBodySchema, body, 'login body');
    const result = await this.transport.request({ method: 'POST', path: '/api/auth/login', json, response: AuthResponseSchema, auth: false }, options);
    this.tokenValue = result.token;
    return result;
  }

  /** `GET /api/auth/me`: the signed-in user. */
  async me(options?: RequestOptions): Promise<Out<typeof MeResponseSchema>> {
    return this.transport.request({ method: 'GET', path: '/api/auth/me', response: MeResponseSchema }, options);
  }

  /** `GET /api/health` (liveness, no auth). */
  async health(options?: RequestOptions): Promise<Out<typeof HealthResponseSchema>> {
    return this.transport.request({ method: 'GET', path: '/api/health', response: HealthResponseSchema, auth: false }, options);
  }

  /** `GET /api/ready` (the database answers; no auth). */
  async ready(options?: RequestOptions): Promise<Out<typeof ReadyResponseSchema>> {
    return this.transport.request({ method: 'GET', path: '/api/ready', response: ReadyResponseSchema, auth: false }, options);
  }

  // ------------------------------------------------------------------ resume

  /** `POST /api/upload_resume` (multipart, field `resume`): PDF, DOCX or TXT; answers the parsed resume. */
  async uploadResume(file: ResumeUpload, options?: RequestOptions): Promise<Out<typeof ResumeResponseSchema>> {
    const extension = file.filename.split('.').pop()?.toLowerCase() ?? '';
    const type = file.contentType ?? RESUME_TYPES[extension] ?? 'application/octet-stream';
    const blob = file.data instanceof Blob ? file.data : new Blob([file.data instanceof Uint8Array ? new Uint8Array(file.data) : file.data], { type });
    const form = new FormData();
    form.append('resume', blob, file.filename);
    return this.transport.request({ method: 'POST', path: '/api/upload_resume', form, response: ResumeResponseSchema }, options);
  }

  /** `GET /api/resume`: the latest uploaded resume with its parsed profile and text. */
  async resume(options?: RequestOptions): Promise<Out<typeof ResumeResponseSchema>> {
    return this.transport.request({ method: 'GET', path: '/api/resume', response: ResumeResponseSchema }, options);
  }

  // ------------------------------------------------------------------ questions

  /** `POST /api/mock_interview/questions`: questions from the caller's resume (`PRECONDITION_FAILED` without one). */
  async mockQuestions(body: In<typeof MockQuestionsBodySchema> = {}, options?: RequestOptions): Promise<Out<typeof QuestionsResponseSchema>> {
    return this.postQuestions('/api/mock_interview/questions', MockQuestionsBodySchema, body, options);
  }

  /** `POST /api/technical/questions`: questions on a topic (dbms, operating_systems, oop, …). */
  async technicalQuestions(body: In<typeof TechnicalQuestionsBodySchema>, options?: RequestOptions): Promise<Out<typeof QuestionsResponseSchema>> {
    return this.postQuestions('/api/technical/questions', TechnicalQuestionsBodySchema, body, options);
  }

  /** `POST /api/coding/questions`: SQL challenges with schema, sample rows and expected output. */
  async codingQuestions(body: In<typeof CodingQuestionsBodySchema> = {}, options?: RequestOptions): Promise<Out<typeof QuestionsResponseSchema>> {
    return this.postQuestions('/api/coding/questions', CodingQuestionsBodySchema, body, options);
  }

  /** `POST /api/debugging/questions`: buggy snippets to explain. */
  async debuggingQuestions(body: In<typeof CodingQuestionsBodySchema> = {}, options?: RequestOptions): Promise<Out<typeof QuestionsResponseSchema>> {
    return this.postQuestions('/api/debugging/questions', CodingQuestionsBodySchema, body, options);
  }

  /** `POST /api/hr/questions`: HR screening questions. */
  async hrQuestions(body: In<typeof HrQuestionsBodySchema> = {}, options?: RequestOptions): Promise<Out<typeof QuestionsResponseSchema>> {
    return this.postQuestions('/api/hr/questions', HrQuestionsBodySchema, body, options);
  }

  private async postQuestions<S extends z.ZodType>(
    path: string,
    schema: S,
    body: unknown,
    options?: RequestOptions,
  ): Promise<Out<typeof QuestionsResponseSchema>> {
    const json = parseInput(schema, body, 'questions request');
    return this.transport.request({ method: 'POST', path, json, response: QuestionsResponseSchema }, options);
  }

  // ------------------------------------------------------------------ evaluation

  /** `POST /api/evaluate-answer`: scores one typed answer and updates the caller's mastery. */
  async evaluateAnswer(body: In<typeof EvaluateAnswerBodySchema>, options?: RequestOptions): Promise<Out<typeof EvaluateAnswerResponseSchema>> {
    const json = parseInput(EvaluateAnswerBodySchema, body, 'evaluate-answer body');
    return this.transport.request({ method: 'POST', path: '/api/evaluate-answer', json, response: EvaluateAnswerResponseSchema }, options);
  }

  /** `POST /api/mock_interview/session_summary`: summarises a text-mode interview and saves it. */
  async sessionSummary(body: In<typeof SessionSummaryBodySchema>, options?: RequestOptions): Promise<Out<typeof SessionSummaryResponseSchema>> {
    const json = parseInput(SessionSummaryBodySchema, body, 'session summary body');
    return this.transport.request({ method: 'POST', path: '/api/mock_interview/session_summary', json, response: SessionSummaryResponseSchema }, options);
  }

  /** `POST /api/stop_interview`: stops the caller's live interview (the HTTP fallback of the WebSocket stop). */
  async stopInterview(body: In<typeof StopInterviewBodySchema> = {}, options?: RequestOptions): Promise<Out<typeof StopInterviewResponseSchema>> {
    const json = parseInput(StopInterviewBodySchema, body, 'stop body');
    return this.transport.request({ method: 'POST', path: '/api/stop_interview', json, response: StopInterviewResponseSchema }, options);
  }

  // ------------------------------------------------------------------ history and mastery

  /** `GET /api/sessions`: one page of the caller's sessions, most recent first. */
  async listSessions(query: In<typeof ListSessionsQuerySchema> = {}, options?: RequestOptions): Promise<Out<typeof ListSessionsResponseSchema>> {
    const q = parseInput(ListSessionsQuerySchema, query, 'sessions query');
    return this.transport.request(
      { method: 'GET', path: '/api/sessions', query: { type: q.type, cursor: q.cursor, limit: q.limit }, response: ListSessionsResponseSchema },
      options,
    );
  }

  /** Every session of the caller, page by page (follows `next_cursor`). */
  async *sessions(
    query: Omit<In<typeof ListSessionsQuerySchema>, 'cursor'> = {},
    options?: RequestOptions,
  ): AsyncGenerator<Out<typeof ListSessionsResponseSchema>['sessions'][number]> {
    let cursor: string | undefined;
    do {
      const page = await this.listSessions({ ...query, ...(cursor ? { cursor } : {}) }, options);
      yield* page.sessions;
      cursor = page.next_cursor ?? undefined;
    } while (cursor);
  }

  /** `GET /api/sessions/:id`: questions, answers, transcripts, feedback and speech metrics. */
  async session(id: number, options?: RequestOptions): Promise<Out<typeof SessionDetailResponseSchema>> {
    const sessionId = parseInput(z.number().int().positive(), id, 'session id');
    return this.transport.request({ method: 'GET', path: `/api/sessions/${sessionId}`, response: SessionDetailResponseSchema }, options);
  }

  /** `GET /api/sessions/:id/events`: the event log (after `after`) and the metrics recomputed from it. */
  async sessionEvents(id: number, query: { after?: number } = {}, options?: RequestOptions): Promise<Out<typeof SessionEventsResponseSchema>> {
    const sessionId = parseInput(z.number().int().positive(), id, 'session id');
    const after = parseInput(z.number().int().min(0).default(0), query.after, 'after');
    return this.transport.request(
      { method: 'GET', path: `/api/sessions/${sessionId}/events`, query: { after }, response: SessionEventsResponseSchema },
      options,
    );
  }

  /** `GET /api/mastery`: per-topic mastery, weak and strong concepts, learning velocity. */
  async mastery(options?: RequestOptions): Promise<Out<typeof MasteryResponseSchema>> {
    return this.transport.request({ method: 'GET', path: '/api/mastery', response: MasteryResponseSchema }, options);
  }

  /**
   * The interviewer's audio of a question: fetches a `question` event's `audio_url` (relative to
   * the server) with this client's token. Play it, then call `live.interviewerDone(index)` when
   * playback ends. `NOT_FOUND` when the server has no text-to-speech.
   */
  async questionAudio(audioUrl: string, options?: RequestOptions): Promise<BinaryResponse> {
    if (!/^\/[^/]/.test(audioUrl)) throw new InterviewKitError('INVALID_ARGUMENT', "audioUrl must be a path on this server (a question event's audio_url)");
    return this.transport.request<BinaryResponse>({ method: 'GET', path: `${new URL(this.baseUrl).origin}${audioUrl}`, response: 'binary' }, options);
  }

  // ------------------------------------------------------------------ live

  /**
   * A live interview over the WebSocket `/ws`, authenticated with this client's token. Stopping
   * falls back to `POST /api/stop_interview` when the socket is down.
   */
  live(options: Omit<LiveInterviewOptions, 'url' | 'token' | 'httpStop'> = {}): LiveInterview {
    if (!this.tokenValue) throw new InterviewKitError('UNAUTHENTICATED', 'Sign in (login/register) or pass a token before starting a live interview');
    const url = `${this.baseUrl.replace(/^http/, 'ws')}/ws`;
    return new LiveInterview({
      ...options,
      url,
      token: this.tokenValue,
      httpStop: (sessionId, signal) => this.stopInterview({ session_id: sessionId }, signal ? { signal } : {}),
    });
  }
}
