import {
  decodeTimedAudioFrame,
  type EngineStopReason,
  InterviewEngine,
  type InterviewResult,
  InterviewKitError,
  type Question,
  type QuestionSource,
  type ServerEnvelope,
  type ServerEventName,
  type SessionType,
} from '@interviewkit/core';
import type { FastifyBaseLogger } from 'fastify';
import type { AudioPipeline, ServerPorts } from '../ports';
import type { MasteryRecord, Storage } from '../storage/storage';
import { ClientClock } from './client-clock';
import { EventLogBuffer, type EventLogSink } from './event-log-buffer';
import { MessageFanout, type SessionListener } from './message-fanout';
import { QuestionAudio } from './question-audio';
import { SessionMastery } from './session-mastery';
import { type SessionProgress, SessionRecordWriter, sessionAnswers } from './session-record';

export type { SequencedMessage, SessionListener } from './message-fanout';

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
  eventWriter?: EventLogSink;
}

/** What the session does with one kind of engine message; messages without a route are published as they are. */
type MessageRoutes = { [E in ServerEventName]?: (message: Extract<ServerEnvelope, { event: E }>) => void };

/**
 * One live interview held by this server. It wires core's `InterviewEngine` to the parts that
 * each do one job — the audio pipeline, the client's clock ({@link ClientClock}), the event log
 * on its way to storage ({@link EventLogBuffer}), the messages to the clients
 * ({@link MessageFanout}), the question audio ({@link QuestionAudio}), mastery
 * ({@link SessionMastery}) and the session row ({@link SessionRecordWriter}) — and holds the
 * session's lifecycle: start, attach and detach (with a grace period), stop and save.
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
  private readonly audio: AudioPipeline | null;
  private readonly clientClock: ClientClock;
  private readonly events: EventLogBuffer;
  private readonly fanout: MessageFanout;
  private readonly questionAudio: QuestionAudio | null;
  private readonly record: SessionRecordWriter;
  private readonly asked: Question[] = [];
  private saving: Promise<InterviewResult> | null = null;
  private released: Promise<void> | null = null;
  private graceTimer: NodeJS.Timeout | null = null;

  constructor(options: LiveSessionOptions) {
    const { sessionId, ports, log } = options;
    this.options = options;
    this.sessionId = sessionId;
    this.userId = options.userId;
    this.sessionType = options.sessionType;
    this.key = liveSessionKey(options.userId, options.sessionType);
    this.events = new EventLogBuffer({ sessionId, sink: options.eventWriter ?? options.storage.events, flushMs: options.flushMs, log });
    this.fanout = new MessageFanout(options.replayLimit ?? 1000, log);
    this.questionAudio = ports.interviewerVoice
      ? new QuestionAudio({ sessionId, voice: ports.interviewerVoice, routePrefix: options.routePrefix ?? '', log })
      : null;
    const mastery = ports.masteryRules
      ? new SessionMastery({
          userId: options.userId,
          defaultTopic: options.topic ?? options.sessionType,
          records: options.mastery,
          rules: ports.masteryRules,
          store: options.storage.mastery,
        })
      : null;
    this.record = new SessionRecordWriter({ sessionId, sessions: options.storage.sessions, events: this.events, mastery, log });

    // The pipeline and the engine need each other: the pipeline reads the engine's clock and
    // feeds it events, the engine flushes the pipeline's transcript at the end of an answer.
    let engineRef: InterviewEngine | null = null;
    const audioFactory = options.textOnly ? undefined : ports.audioPipeline;
    this.audio = audioFactory
      ? audioFactory({
          sessionId,
          now: () => engineRef?.now() ?? 0,
          ingest: (event) => engineRef?.ingest(event),
          advance: (t) => engineRef?.advanceAudio(t),
          onError: (error) => log.warn({ err: error, sessionId }, 'audio pipeline error'),
        })
      : null;
    this.useMock = this.audio?.mock ?? true;
    this.audioTimestamps = options.audioTimestamps === true && this.audio !== null;
    const audio = this.audio;
    this.engine = new InterviewEngine({
      sessionId,
      sessionType: options.sessionType,
      ...(options.topic ? { topic: options.topic } : {}),
      questionSource: options.questionSource,
      evaluator: ports.evaluator,
      onEvent: (event) => this.events.push(event),
      onMessage: (message) => this.route(message),
      onError: (error) => log.warn({ err: error, sessionId }, 'interview engine recovered from an error'),
      ...(options.silenceTimeoutMs !== undefined ? { silenceTimeoutMs: options.silenceTimeoutMs } : {}),
      ...(options.textOnly ? { textOnly: true } : {}),
      mockTranscripts: this.useMock,
      ...(audio ? { flushTranscript: (index: number) => audio.flush(index) } : {}),
      ...(mastery ? { observeMastery: (question, evaluation) => mastery.observe(question, evaluation) } : {}),
      summarize: async ({ turns, metrics }) => {
        if (turns.length === 0) return null;
        return ports.summarizer.summarize({
          answers: turns.map((t) => ({ question: t.question, answer: t.answer, evaluation: t.evaluation })),
          metrics,
        });
      },
      completedAt: () => new Date().toISOString(),
    });
    engineRef = this.engine;
    this.clientClock = new ClientClock(() => this.engine.now());
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
    this.fanout.attach(listener, afterSeq);
  }

  /** Detaches a client; with none left, the session stops after `graceMs` unless one resumes. */
  detach(listener: SessionListener, graceMs: number): void {
    this.fanout.detach(listener);
    if (this.fanout.size > 0 || this.finished || this.saving !== null || this.graceTimer !== null) return;
    this.graceTimer = setTimeout(() => {
      this.graceTimer = null;
      if (this.fanout.size === 0)
        void this.stop('disconnected').catch((error: unknown) => this.options.log.error({ err: error }, 'stop after disconnect failed'));
    }, graceMs);
    this.graceTimer.unref?.();
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
    const frameMs = timed.pcm.byteLength / 32; // PCM16 at 16 kHz: 32 bytes per ms
    this.audio.push(timed.pcm, this.clientClock.toSession(timed.capturedAtMs, frameMs));
  }

  /**
   * The interviewer finished question `index`; `clientT` is when, on the client's capture clock
   * (used only when the session takes capture times: then it shares the audio's timeline).
   */
  interviewerDone(index: number | undefined, clientT?: number): void {
    const at = this.audioTimestamps && clientT !== undefined ? this.clientClock.toSession(clientT) : undefined;
    this.engine.interviewerDone(index, at);
  }

  /**
   * Stops the interview and saves it. Idempotent: concurrent and repeated calls get the same
   * result. Raises `INVALID_STATE` for a session that never started (its first question failed).
   */
  async stop(reason: EngineStopReason = 'stopped'): Promise<InterviewResult> {
    if (this.engine.state === 'created') throw new InterviewKitError('INVALID_STATE', 'The interview has not started');
    const result = await this.engine.stop(reason);
    return this.save(result);
  }

  /** Writes every logged event now; resolves false when the write failed (it is retried). */
  flush(): Promise<boolean> {
    return this.events.flush();
  }

  /** Resolves once the finished session is saved. */
  whenSaved(): Promise<InterviewResult> | null {
    return this.saving;
  }

  /** Resolves once the finished session is saved (or failed to) and left its registry. */
  whenReleased(): Promise<void> | null {
    return this.released;
  }

  // ------------------------------------------------------------------ engine messages

  /** What happens to the engine's messages beside being numbered and sent. */
  private readonly routes: MessageRoutes = {
    question: (message) => {
      const asked = this.engine.currentQuestion;
      if (asked) this.asked.push(asked);
      this.fanout.publish(this.questionAudio?.announce(message) ?? message);
    },
    answer_evaluated: (message) => {
      this.fanout.publish(message);
      void this.record.saveProgress(() => this.progress());
    },
    interview_complete: (message) => {
      // Sent once the session is saved, so a client that reads it right after sees it completed.
      const sequenced = this.fanout.sequence(message);
      const result = this.engine.result;
      void (result ? this.save(result) : Promise.resolve()).catch(() => undefined).then(() => this.fanout.deliver(sequenced));
    },
  };

  private route(message: ServerEnvelope): void {
    // The lookup by the message's own event name gives the route for exactly that message type.
    const route = this.routes[message.event] as ((message: ServerEnvelope) => void) | undefined;
    if (route) route(message);
    else this.fanout.publish(message);
  }

  private progress(): SessionProgress {
    const turns = this.engine.turns;
    return { questions: [...this.asked], answers: sessionAnswers(turns), masteryUpdates: turns.flatMap((t) => t.masteryUpdates) };
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
      await this.record.saveResult(result, () => this.progress());
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
