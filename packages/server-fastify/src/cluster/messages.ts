import type { OwnerCall, OwnerReply } from '../live/coordinator';
import type { TransferableError } from '../transferable-error';

/**
 * The IPC messages between the primary of `interviewkit-server --workers N` and its workers
 * (over the cluster channel, JSON). Every message carries `ik` so it is told apart from Node's
 * own cluster messages.
 */

/** Worker → primary. Requests with an `id` get exactly one {@link PrimaryReply}. */
export type WorkerMessage =
  /** Claim a live-session key for this worker; replies true or false. */
  | { ik: 'claim'; id: number; key: string }
  /** Release a key this worker claimed (no reply). */
  | { ik: 'release'; key: string }
  /** Whether a worker instance is alive; replies a boolean. */
  | { ik: 'alive'; id: number; instance: string }
  /** A call for the worker holding a live session (a stop, a question); replies its result, or — when that worker is gone — a stop finalises the session from its log and a question is null. */
  | { ik: 'call'; id: number; owner: string; call: OwnerCall }
  /** Finalise a live session whose owner is gone (once, however many workers ask); replies the result or null. */
  | { ik: 'recover'; id: number; sessionId: number }
  /** The owner's answer to a {@link RoutedCall}. */
  | ({ ik: 'answered'; id: number } & OwnerReply);

/** Primary → worker: the answer to a request. */
export interface PrimaryReply {
  ik: 'reply';
  id: number;
  value?: unknown;
  error?: TransferableError;
}

/** Primary → owner worker: a call for one of its sessions that reached another worker. */
export interface RoutedCall {
  ik: 'call';
  id: number;
  call: OwnerCall;
}

/** Primary → worker: finalise the live interviews and exit (SIGTERM/SIGINT reached the primary). */
export interface ShutdownMessage {
  ik: 'shutdown';
}

/** Every message the primary sends. */
export type PrimaryMessage = PrimaryReply | RoutedCall | ShutdownMessage;

/** Whether `message` is one of ours (not Node's cluster bookkeeping). */
export function isIkMessage(message: unknown): message is { ik: string } {
  return typeof message === 'object' && message !== null && typeof (message as { ik?: unknown }).ik === 'string';
}
