import {
  backoffDelay,
  decodeTimedAudioFrame,
  type EngineStopReason,
  InterviewEngine,
  type InterviewResult,
  InterviewKitError,
  type MasteryUpdate,
  type Question,
  type QuestionSource,
  type ServerEnvelope,
  type SessionAnswer,
  type SessionEvent,
  type SessionSummary,
  type SessionType,
  sleep,
} from '@interviewkit/core';
import type { FastifyBaseLogger } from 'fastify';
import type { AudioPipeline, MasteryRules, ServerPorts } from '../ports';
import type { MasteryRecord, StoredEvent, Storage } from '../storage/storage';

/** A client attached to a live session (a WebSocket connection). */
export interface SessionListener {
  send(message: ServerEnvelope & { seq: number }): void;
}

/** Options of {@link LiveSession}. */
export interface LiveSessionOptions {
  sessionId: number;
  userId: string;
  sessionType: SessionType;
  topic?: string;
  questionSource: QuestionSource;
  ports: ServerPorts;
  storage: Storage;
  log: FastifyBaseLogger;
  /** Most delay before logged events are written (ms). */
  flushMs: number;
  silenceTimeoutMs?: number;
  textOnly?: boolean;
  /** The client prefixes its audio frames with capture times (protocol version 2). */
  audioTimestamps?: boolean;
  /** Messages kept for clients that reconnect and resume. */
  replayLimit?: number;
  /** The user's mastery records, by topic, loaded at start. */
  mastery: Map<string, MasteryRecord>;
  /** Called once the session is finished and saved (or failed to save). */
  onFinished: (session: LiveSession) => void;
  /** The plugin's route prefix (e.g. `/interview`), for the question audio URLs. */
  routePrefix?: string;
  /** Where the event log is written (the registry's shared, batching writer); storage directly otherwise. */
  eventWriter?: { append(sessionId: number, events: readonly StoredEvent[]): Promise<void> };
}

/**
 * One live interview held by this server: drives core's InterviewEngine, persists its event log
 * in batches (bounded delay), fans its messages out to the attached client(s) with a per-session
 * sequence number, and saves the result when it ends.
 */
export class LiveSession {
  readonly sessionId: number;
  readonly userId: string;
  readonly sessionType: SessionType;
  readonly key: string;
  readonly engine: InterviewEngine;
  readonly useMock: boolean;
  /** Whether this session's binary frames carry capture-time headers (asked for, and the session takes audio). */
  readonly audioTimestamps: boolean;
  private readonly options: LiveSessionOptions;
  /** Session time minus client time: fixed at the first client timestamp seen (a frame or `interviewer_done`). */
  private clientOffset: number | null = null;
  private readonly listeners = new Set<SessionListener>();
  private readonly replay: Array<ServerEnvelope & { seq: number }> = [];
  private messageSeq = 0;
  private eventSeq = 0;
  private pending: StoredEvent[] = [];
  private flushTimer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> | null = null;
  private readonly asked: Question[] = [];
  private readonly audio: AudioPipeline | null;
  private saving: Promise<InterviewResult> | null = null;
  private released: Promise<void> | null = null;
  private graceTimer: NodeJS.Timeout | null = null;
  private masteryDirty = new Set<string>();

  constructor(options: LiveSessionOptions) {
    this.options = options;
    this.sessionId = options.sessionId;
    this.userId = options.userId;
    this.sessionType = options.sessionType;
    this.key = liveSessionKey(options.userId, options.sessionType);
    const rules = options.ports.masteryRules;
    const audioFactory = options.textOnly ? undefined : options.ports.audioPipeline;
    let engineRef: InterviewEngine | null = null;
    this.audio = audioFactory
      ? audioFactory({
          sessionId: options.sessionId,
          now: () => engineRef?.now() ?? 0,
          ingest: (event) => engineRef?.ingest(event),
          advance: (t) => engineRef?.advanceAudio(t),
          onError: (error) => options.log.warn({ err: error, sessionId: options.sessionId }, 'audio pipeline error'),
        })
      : null;
    this.useMock = this.audio?.mock ?? true;
    this.audioTimestamps = options.audioTimestamps === true && this.audio !== null;
    this.engine = new InterviewEngine({
      sessionId: options.sessionId,
      sessionType: options.sessionType,
      ...(options.topic ? { topic: options.topic } : {}),
      questionSource: options.questionSource,
      evaluator: options.ports.evaluator,
      onEvent: (event) => this.onEvent(event),
      onMessage: (message) => this.onMessage(message),
      onError: (error) => options.log.warn({ err: error, sessionId: options.sessionId }, 'interview engine recovered from an error'),
      ...(options.silenceTimeoutMs !== undefined ? { silenceTimeoutMs: options.silenceTimeoutMs } : {}),
      ...(options.textOnly ? { textOnly: true } : {}),
      mockTranscripts: this.useMock,
      ...(this.audio ? { flushTranscript: (index: number) => this.audio!.flush(index) } : {}),
      ...(rules
        ? {
            observeMastery: (question: Question, evaluation: Parameters<MasteryRules['apply']>[1]['evaluation']) =>
              this.observeMastery(rules, question, evaluation),
          }
        : {}),
      summarize: async ({ turns, metrics }) => {
        if (turns.length === 0) return null;
        return options.ports.summarizer.summarize({
          answers: turns.map((t) => ({ question: t.question, answer: t.answer, evaluation: t.evaluation })),
          metrics,
        });
      },
      completedAt: () => new Date().toISOString(),
    });
    engineRef = this.engine;
  }

  /** Whether the interview has ended. */
  get finished(): boolean {
    return this.engine.state === 'finished';
  }

  /** Starts the interview (asks the first question). */
  async start(): Promise<void> {
    await this.engine.start();
  }

  /** Attaches a client; messages after `afterSeq` are replayed to it first (resume). */
  attach(listener: SessionListener, afterSeq?: number): void {
    if (this.graceTimer) {
      clearTimeout(this.graceTimer);
      this.graceTimer = null;
    }
    if (afterSeq !== undefined) {
      const oldest = this.replay[0]?.seq ?? this.messageSeq + 1;
      if (afterSeq + 1 < oldest) {
        throw new InterviewKitError('INVALID_STATE', `Messages after ${afterSeq} are no longer available; fetch the session instead`);
      }
      for (const message of this.replay) if (message.seq > afterSeq) listener.send(message);
    }
    this.listeners.add(listener);
  }

  /** Detaches a client; with none left, the session stops after `graceMs` unless one resumes. */
  detach(listener: SessionListener, graceMs: number): void {
    this.listeners.delete(listener);
    if (this.listeners.size === 0 && !this.finished && this.saving === null && this.graceTimer === null) {
      this.graceTimer = setTimeout(() => {
        this.graceTimer = null;
        if (this.listeners.size === 0)
          void this.stop('disconnected').catch((error: unknown) => this.options.log.error({ err: error }, 'stop after disconnect failed'));
      }, graceMs);
      this.graceTimer.unref?.();
    }
  }

  /** The question asked at `index` so far, if any. */
  askedQuestion(index: number): Question | undefined {
    return this.asked[index];
  }

  /** Mock transcription: tells the mock transcriber what the candidate is about to say. */
  scriptAnswer(text: string): void {
    // The pipeline's flag, not the start-time one: a session that fell back to the mock takes scripts too.
    if (!this.audio || !this.audio.mock || !this.audio.script) {
      throw new InterviewKitError('INVALID_STATE', 'mock_script is only accepted by sessions that use the mock transcriber');
    }
    this.audio.script(text);
  }

  /** Feeds one binary audio frame (with its capture-time header when the session agreed to them). */
  pushAudio(frame: Uint8Array): void {
    if (!this.audio) throw new InterviewKitError('INVALID_STATE', 'This session does not take audio (text-only session, or no speech pipeline configured)');
    if (this.finished) throw new InterviewKitError('SESSION_FINISHED', 'The interview has ended');
    if (!this.audioTimestamps) {
      this.audio.push(frame);
      return;
    }
    const timed = decodeTimedAudioFrame(frame);
    if (timed === null)
      throw new InterviewKitError(
        'INVALID_AUDIO',
        'This session takes audio frames with a capture-time header (8 bytes, float64 LE ms) before the PCM16 samples',
      );
    // The first stamp fixes the offset so that this frame ends when it arrived.
    const frameMs = timed.pcm.byteLength / 32;
    this.audio.push(timed.pcm, this.clientToSession(timed.capturedAtMs, frameMs));
  }

  /**
   * The interviewer finished question `index`; `clientT` is when, on the client's capture clock
   * (used only when the session takes capture times: then it shares the audio's timeline).
   */
  interviewerDone(index: number | undefined, clientT?: number): void {
    const at = this.audioTimestamps && clientT !== undefined ? this.clientToSession(clientT, 0) : undefined;
    this.engine.interviewerDone(index, at);
  }

  /**
   * Session time of client time `clientT`. The first call fixes the one offset between the two
   * clocks: the stamped moment (plus `durationMs`, for a frame: its end) is taken as its arrival.
   */
  private clientToSession(clientT: number, durationMs: number): number {
    if (this.clientOffset === null) this.clientOffset = this.engine.now() - (clientT + durationMs);
    return clientT + this.clientOffset;
  }

  /**
   * Stops the interview and saves it. Idempotent: concurrent and repeated calls get the same
   * result.
   */
  async stop(reason: EngineStopReason = 'stopped'): Promise<InterviewResult> {
    if (this.engine.state === 'created') {
      // Never started (the first question failed): finish it directly.
      throw new InterviewKitError('INVALID_STATE', 'The interview has not started');
    }
    const result = await this.engine.stop(reason);
    return this.save(result);
  }

  /** Resolves once the finished session is saved. */
  whenSaved(): Promise<InterviewResult> | null {
    return this.saving;
  }

  /** Resolves once the finished session is saved (or failed to) and left its registry. */
  whenReleased(): Promise<void> | null {
    return this.released;
  }

  // ------------------------------------------------------------------ engine callbacks

  private onEvent(event: SessionEvent): void {
    this.pending.push({ seq: ++this.eventSeq, event });
    if (this.flushTimer === null) {
      this.flushTimer = setTimeout(() => {
        this.flushTimer = null;
        void this.flush();
      }, this.options.flushMs);
    }
  }

  private onMessage(original: ServerEnvelope): void {
    let message = original;
    const voice = this.options.ports.interviewerVoice;
    if (message.event === 'question' && voice) {
      const { index, question } = message.data;
      message = {
        ...message,
        data: { ...message.data, audio_url: `${this.options.routePrefix ?? ''}/api/sessions/${this.sessionId}/questions/${index}/audio` },
      };
      // Render now, so the audio is cached by the time the client asks for it.
      voice
        .synthesize(question.text)
        .catch((error: unknown) => this.options.log.warn({ err: error, sessionId: this.sessionId }, 'rendering the question audio failed'));
    }
    const sequenced = { ...message, seq: ++this.messageSeq } as ServerEnvelope & { seq: number };
    this.replay.push(sequenced);
    const limit = this.options.replayLimit ?? 1000;
    if (this.replay.length > limit) this.replay.splice(0, this.replay.length - limit);
    if (message.event === 'question') {
      const q = this.engine.currentQuestion;
      if (q) this.asked.push(q);
    }
    if (message.event === 'interview_complete') {
      // Sent once the session is saved, so a client that reads it right after sees it completed.
      const result = this.engine.result;
      void (result ? this.save(result) : Promise.resolve()).catch(() => undefined).then(() => this.deliver(sequenced));
      return;
    }
    this.deliver(sequenced);
    if (message.event === 'answer_evaluated') void this.saveProgress();
  }

  private observeMastery(rules: MasteryRules, question: Question, evaluation: Parameters<MasteryRules['apply']>[1]['evaluation']): MasteryUpdate[] {
    const topic = question.topic ?? this.options.topic ?? this.sessionType;
    const before = this.options.mastery.get(topic) ?? null;
    const { record, updates } = rules.apply(before, { userId: this.userId, question: { ...question, topic }, evaluation, at: new Date().toISOString() });
    this.options.mastery.set(topic, record);
    this.masteryDirty.add(topic);
    return updates;
  }

  // ------------------------------------------------------------------ persistence

  /**
   * Writes every pending event. On failure the batch goes back in front of the queue and a retry
   * is scheduled: nothing is dropped while the process lives. Resolves false when the write failed.
   */
  async flush(): Promise<boolean> {
    while (this.flushing) await this.flushing;
    if (this.flushTimer) {
      clearTimeout(this.flushTimer);
      this.flushTimer = null;
    }
    if (this.pending.length === 0) return true;
    const batch = this.pending;
    this.pending = [];
    let ok = true;
    this.flushing = (async () => {
      try {
        await (this.options.eventWriter ?? this.options.storage.events).append(this.sessionId, batch);
      } catch (error) {
        ok = false;
        this.options.log.error({ err: error, sessionId: this.sessionId }, 'writing the event log failed; retrying');
        this.pending = batch.concat(this.pending);
        if (this.flushTimer === null) {
          this.flushTimer = setTimeout(
            () => {
              this.flushTimer = null;
              void this.flush();
            },
            Math.max(this.options.flushMs, 500),
          );
        }
      }
    })();
    try {
      await this.flushing;
    } finally {
      this.flushing = null;
    }
    return ok;
  }

  /** Flushes until everything is written, retrying with core's backoff (at most about 6 s in all). */
  private async flushAll(): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      if ((await this.flush()) && this.pending.length === 0) return;
      if (attempt >= 5) throw new InterviewKitError('STORAGE_UNAVAILABLE', 'The event log could not be written');
      await sleep(backoffDelay(attempt + 1, { baseDelayMs: 200, maxDelayMs: 3200 }));
    }
  }

  private answers(): SessionAnswer[] {
    return this.engine.turns.map((t) => ({
      index: t.index,
      questionId: t.question.id,
      question: t.question.text,
      answer: t.answer,
      reason: t.reason,
      evaluation: t.evaluation,
    }));
  }

  private async persistMastery(): Promise<void> {
    const topics = [...this.masteryDirty];
    this.masteryDirty.clear();
    for (const topic of topics) {
      const record = this.options.mastery.get(topic);
      if (record) await this.options.storage.mastery.upsert(record);
    }
  }

  /**
   * Saves the answers so far to the row. The row never runs ahead of the event log (the one
   * source of truth after a crash): the snapshot is taken first, then the log is flushed, and
   * the row is written only once every event behind the snapshot is stored.
   */
  private async saveProgress(): Promise<void> {
    const questions = [...this.asked];
    const answers = this.answers();
    const masteryUpdates = this.engine.turns.flatMap((t) => t.masteryUpdates);
    try {
      if (!(await this.flush())) return;
      await this.options.storage.sessions.update(this.sessionId, { questions, questions_count: questions.length, answers, mastery_updates: masteryUpdates });
      await this.persistMastery();
    } catch (error) {
      this.options.log.warn({ err: error, sessionId: this.sessionId }, 'saving session progress failed (the final save retries)');
    }
  }

  private deliver(message: ServerEnvelope & { seq: number }): void {
    for (const listener of this.listeners) {
      try {
        listener.send(message);
      } catch (error) {
        this.options.log.warn({ err: error }, 'sending to a client failed');
      }
    }
  }

  private save(result: InterviewResult): Promise<InterviewResult> {
    if (this.saving) return this.saving;
    this.saving = (async () => {
      if (this.graceTimer) clearTimeout(this.graceTimer);
      try {
        await this.audio?.close();
      } catch (error) {
        this.options.log.warn({ err: error }, 'closing the audio pipeline failed');
      }
      await this.flushAll();
      const summary: SessionSummary | null = result.summary;
      await this.options.storage.sessions.update(this.sessionId, {
        status: result.status,
        score: result.score,
        duration: result.duration,
        completed_at: result.completed_at,
        speech_metrics: result.metrics,
        analysis_valid: result.analysis_valid,
        questions: this.asked,
        questions_count: this.asked.length,
        answers: this.answers(),
        feedback: summary,
        mastery_updates: result.turns.flatMap((t) => t.masteryUpdates),
        owner_instance: null,
      });
      await this.persistMastery();
      return result;
    })();
    this.released = this.saving
      .catch((error: unknown) => this.options.log.error({ err: error, sessionId: this.sessionId }, 'saving the finished session failed'))
      .finally(() => this.options.onFinished(this))
      .then(() => undefined);
    return this.saving;
  }
}

/** The seed's live-session key: `{user_id}_{session_type}`. */
export function liveSessionKey(userId: string, sessionType: SessionType): string {
  return `${userId}_${sessionType}`;
}
