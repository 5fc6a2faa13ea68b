import { InterviewKitError, type Question } from '@interviewkit/core';
import type { SessionRecord } from '../storage/storage';
import { fromTransferableError, toTransferableError, type TransferableError } from '../transferable-error';
import type { LiveSessionRegistry } from './registry';
import type { RemoteStopper, StopResult } from './stop';

/**
 * Cluster-wide claims on the live-session key `{user_id}_{session_type}`: one live session per
 * key across every process (several instances with Redis, or the workers of one
 * `interviewkit-server --workers N`). The registry claims a key before it creates a session and
 * releases it when the session has left.
 */
export interface LiveKeyClaims {
  /** Claims `key` for this process: false when another living process holds it (a dead holder's claim is taken over). */
  claim(key: string): Promise<boolean>;
  /** Releases a claim this process holds (best effort: a dead process's claims are taken over anyway). */
  release(key: string): void;
}

/**
 * Coordination of the processes that share one database: key claims, ownership of live
 * sessions (the `owner_instance` of their rows), stops routed to a session's owner, and
 * recovery of the sessions of processes that died. Implemented over Redis (`RedisCoordinator`,
 * any number of instances) and over cluster IPC with the primary process
 * (`ClusterCoordinator`, the workers of one `interviewkit-server`).
 */
export interface LiveCoordinator extends RemoteStopper, LiveKeyClaims, RemoteQuestions {
  /** Starts coordinating for this process's registry (before it takes connections). */
  start(registry: LiveSessionRegistry): Promise<void>;
  /** Whether a live session row is held by another, living process (a dead owner's session is finalised first). */
  isHeldElsewhere(session: SessionRecord): Promise<boolean>;
  /** Finalises the live sessions of processes that are gone; resolves with their ids. */
  recoverOrphans(): Promise<number[]>;
  close(): Promise<void>;
}

/** Reads the live state of a session held by another process. */
export interface RemoteQuestions {
  /** The question asked at `index` of a live session held elsewhere (null when it is not, or nobody holds the session). */
  askedQuestion(session: SessionRecord, index: number): Promise<Question | null>;
}

/**
 * A request for the process holding a live session: stop it (an HTTP stop that reached another
 * process), or tell the question it asked at `index` (its audio, requested from another process).
 */
export type OwnerCall = { kind: 'stop'; sessionId: number; userId: string } | { kind: 'question'; sessionId: number; userId: string; index: number };

/** The owner's answer to an {@link OwnerCall}: a stop's `interview_complete` data, or a question. */
export interface OwnerReply {
  result?: StopResult | Question | null;
  error?: TransferableError;
}

/**
 * On the owner: answers a call routed from another process. A stop stops the session held by
 * `registry` and saves it (or answers with the saved result when it has just finished);
 * `SESSION_NOT_FOUND` when it is not live here. A question is null when it is not held here.
 */
export async function answerOwnerCall(registry: LiveSessionRegistry | null, call: OwnerCall): Promise<OwnerReply> {
  try {
    const session = registry?.get(call.sessionId, call.userId);
    if (call.kind === 'question') return { result: session?.askedQuestion(call.index) ?? null };
    if (!session) throw new InterviewKitError('SESSION_NOT_FOUND', `Session ${call.sessionId} is not live here`);
    const { turns: _turns, ...result } = session.finished ? ((await session.whenSaved()) ?? (await session.stop('stopped'))) : await session.stop('stopped');
    return { result };
  } catch (error) {
    // Only InterviewKitErrors say what went wrong; anything else stays in the owner's log.
    return { error: toTransferableError(InterviewKitError.isInstance(error) ? error : new InterviewKitError('INTERNAL', 'Internal error')) };
  }
}

/** On the process that asked: the result of a reply, or its error thrown. */
export function ownerResultOf<T extends StopResult | Question>(reply: OwnerReply): T | null {
  if (reply.error) throw fromTransferableError(reply.error);
  return (reply.result as T | undefined) ?? null;
}
