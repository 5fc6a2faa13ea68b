import { createHash } from 'node:crypto';
import {
  createQueueQuestionSource,
  type EngineStopReason,
  InterviewKitError,
  QuestionSchema,
  type QuestionSource,
  type StartInterview,
} from '@interviewkit/core';
import type { FastifyBaseLogger } from 'fastify';
import type { ServerPorts } from '../ports';
import { trustedQuestion } from '../scoring/trusted-question';
import { sessionDifficulty } from '../session-difficulty';
import type { LiveKeyClaims } from './coordinator';
import { EventLogWriter } from './event-log-writer';
import type { MasteryRecord, SessionRecord, Storage } from '../storage/storage';
import { LiveSession, liveSessionKey } from './live-session';

/** Options of {@link LiveSessionRegistry}. */
export interface LiveRegistryOptions {
  storage: Storage;
  ports: ServerPorts;
  log: FastifyBaseLogger;
  /** This process's id, stored on the sessions it holds. */
  instanceId: string;
  flushMs: number;
  /** At most one partial transcript per session is written per this many ms (default 1000; see EventLogWriter). */
  partialPersistMs?: number;
  maxLiveSessions: number;
  /** How long a session without any client stays alive for a reconnect (ms). */
  reconnectGraceMs: number;
  /** Questions per session when the client does not say (default 5). */
  defaultQuestionCount?: number;
  /**
   * Whether another instance holds a live session row (multi-instance). Default: none does.
   */
  isHeldElsewhere?: (session: SessionRecord) => Promise<boolean>;
  /** Cluster-wide claims on live-session keys (several processes). Default: this process's own map is the only one. */
  claims?: LiveKeyClaims;
  /** The plugin's route prefix, for URLs sent to clients. */
  routePrefix?: string;
  /** Called when a session starts or finishes on this instance (multi-instance bookkeeping). */
  onOwnershipChange?: (session: LiveSession, held: boolean) => void;
  /** Client-supplied questions are scored as the server's own (see `trustedQuestion`). */
  trustedScoring?: boolean;
}

/** Stable id of a question given by text. */
function questionId(text: string, index: number): string {
  return `custom-${index}-${createHash('sha256').update(text).digest('hex').slice(0, 12)}`;
}

/**
 * The live sessions held by this process: one per `{user_id}_{session_type}`, looked up by key
 * or by session id. Starting reserves the key synchronously, so two racing starts on this process
 * cannot both succeed; with several processes, the key is then claimed cluster-wide
 * ({@link LiveKeyClaims}), so two racing starts on different processes cannot either.
 */
export class LiveSessionRegistry {
  private readonly options: LiveRegistryOptions;
  private readonly byKey = new Map<string, LiveSession | 'starting'>();
  private readonly byId = new Map<number, LiveSession>();
  private closing = false;
  /** One writer for every session's event log: their flushes share transactions. */
  private readonly eventWriter: EventLogWriter;

  constructor(options: LiveRegistryOptions) {
    this.options = options;
    this.eventWriter = new EventLogWriter(options.storage, {
      ...(options.partialPersistMs !== undefined ? { partialIntervalMs: options.partialPersistMs } : {}),
      onError: (error, sessionId) =>
        options.log.warn({ err: error, sessionId }, 'writing a partial transcript to the event log failed (the next one carries its words)'),
    });
  }

  get instanceId(): string {
    return this.options.instanceId;
  }

  /** Number of live sessions held. */
  get size(): number {
    return this.byId.size;
  }

  /** The session with this id held here, if it belongs to `userId`. */
  get(sessionId: number, userId?: string): LiveSession | undefined {
    const session = this.byId.get(sessionId);
    if (session && userId !== undefined && session.userId !== userId) return undefined;
    return session;
  }

  /** The live sessions of a user held here. */
  forUser(userId: string): LiveSession[] {
    return [...this.byId.values()].filter((s) => s.userId === userId);
  }

  /**
   * Creates a session (DB row and event log) for `userId` and registers it. The caller sends
   * the ack, then calls `session.start()`.
   */
  async create(userId: string, data: StartInterview): Promise<LiveSession> {
    if (this.closing) throw new InterviewKitError('PROVIDER_UNAVAILABLE', 'The server is shutting down; reconnect shortly');
    const key = liveSessionKey(userId, data.session_type);
    const previous = this.byKey.get(key);
    // An interview that has just ended is still being saved: a client that starts the next one
    // right after interview_complete waits for that save (bounded) instead of being refused.
    if (previous instanceof LiveSession && previous.finished) {
      const released = previous.whenReleased();
      let timer: ReturnType<typeof setTimeout> | undefined;
      if (released) await Promise.race([released, new Promise((resolve) => (timer = setTimeout(resolve, 10_000)))]);
      clearTimeout(timer);
    }
    if (this.byKey.has(key)) throw new InterviewKitError('SESSION_ALREADY_ACTIVE', `A live ${data.session_type} interview is already running for this user`);
    if (this.byKey.size >= this.options.maxLiveSessions) throw new InterviewKitError('RATE_LIMITED', 'The server is at its live-session capacity; retry later');
    this.byKey.set(key, 'starting');
    let claimed = false;
    try {
      const claims = this.options.claims;
      if (claims) {
        if (!(await claims.claim(key)))
          throw new InterviewKitError('SESSION_ALREADY_ACTIVE', `A live ${data.session_type} interview is already running for this user`);
        claimed = true;
      }
      const { storage, ports } = this.options;
      const existing = await storage.sessions.findLive(userId, data.session_type);
      if (existing && this.options.isHeldElsewhere && (await this.options.isHeldElsewhere(existing))) {
        throw new InterviewKitError('SESSION_ALREADY_ACTIVE', `A live ${data.session_type} interview is already running for this user`);
      }
      const records = await storage.mastery.list(userId);
      // Without a named difficulty, the one the user has reached on the topic.
      const difficulty = sessionDifficulty(ports, { named: data.difficulty, records, sessionType: data.session_type, topic: data.topic });
      const count = data.question_count ?? this.options.defaultQuestionCount ?? 5;
      let source: QuestionSource;
      if (data.questions) {
        const questions = data.questions.map((q, i) =>
          this.options.trustedScoring
            ? trustedQuestion(q, ports.questionCatalog)
            : QuestionSchema.parse({ ...q, id: q.id ?? questionId(q.text, i), source: q.source ?? 'custom' }),
        );
        for (const question of questions) await ports.checkQuestion?.(question);
        source = createQueueQuestionSource(questions);
      } else if (data.session_type === 'agentic' && ports.agenticQuestions) {
        // Adaptive: topic and difficulty follow the answers.
        source = ports.agenticQuestions({
          userId,
          ...(data.topic ? { topic: data.topic } : {}),
          ...(data.difficulty ? { difficulty: data.difficulty } : {}),
          maxQuestions: count,
          mastery: records,
        });
      } else {
        let resume: { text: string; parsed: unknown } | undefined;
        if (data.session_type === 'mock_resume') {
          const latest = await storage.resumes.latest(userId);
          if (!latest) throw new InterviewKitError('PRECONDITION_FAILED', 'Upload a resume first (POST /api/upload_resume) for a resume-based interview');
          resume = { text: latest.text, parsed: latest.parsed };
        }
        const questions = await ports.questionGenerator.generate({
          sessionType: data.session_type,
          count,
          difficulty,
          ...(data.topic ? { topic: data.topic } : {}),
          ...(resume ? { resume } : {}),
        });
        if (questions.length === 0) throw new InterviewKitError('PROVIDER_ERROR', 'No questions are available for this session type and topic');
        source = createQueueQuestionSource(questions);
      }
      const mastery = new Map<string, MasteryRecord>(records.map((m) => [m.topic, m]));
      const useMock = ports.audioPipeline === undefined || data.text_only === true;
      const row = await storage.sessions.create({
        userId,
        sessionType: data.session_type,
        topic: data.topic ?? null,
        difficulty,
        useMock,
        ownerInstance: this.options.instanceId,
      });
      const session = new LiveSession({
        sessionId: row.id,
        userId,
        sessionType: data.session_type,
        ...(data.topic ? { topic: data.topic } : {}),
        questionSource: source,
        ports,
        storage,
        log: this.options.log.child({ sessionId: row.id }),
        flushMs: this.options.flushMs,
        eventWriter: this.eventWriter,
        ...(this.options.routePrefix ? { routePrefix: this.options.routePrefix } : {}),
        ...(data.silence_timeout_ms !== undefined ? { silenceTimeoutMs: data.silence_timeout_ms } : {}),
        ...(data.text_only ? { textOnly: true } : {}),
        ...(data.audio_timestamps ? { audioTimestamps: true } : {}),
        mastery,
        onFinished: (s) => this.release(s),
      });
      if (session.useMock !== useMock) await storage.sessions.update(row.id, { use_mock: session.useMock });
      this.byKey.set(key, session);
      this.byId.set(row.id, session);
      this.options.onOwnershipChange?.(session, true);
      return session;
    } catch (error) {
      if (this.byKey.get(key) === 'starting') this.byKey.delete(key);
      if (claimed) this.options.claims!.release(key);
      throw error;
    }
  }

  private release(session: LiveSession): void {
    if (this.byKey.get(session.key) === session) {
      this.byKey.delete(session.key);
      this.options.claims?.release(session.key);
    }
    if (this.byId.get(session.sessionId) === session) this.byId.delete(session.sessionId);
    this.eventWriter.forget(session.sessionId);
    this.options.onOwnershipChange?.(session, false);
  }

  /** Stops every live session (graceful shutdown) and waits until each is saved. */
  async stopAll(reason: EngineStopReason = 'shutdown'): Promise<void> {
    this.closing = true;
    const sessions = [...this.byId.values()];
    await Promise.all(
      sessions.map(async (s) => {
        try {
          await s.stop(reason);
        } catch (error) {
          this.options.log.error({ err: error, sessionId: s.sessionId }, 'stopping a live session at shutdown failed');
          await s.flush().catch(() => undefined);
        }
      }),
    );
  }
}
