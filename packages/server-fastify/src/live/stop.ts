import { InterviewKitError, type InterviewResult, type ServerEventData, type SessionType } from '@interviewkit/core';
import type { SessionRecord, Storage } from '../storage/storage';
import { finalizeFromLog } from './recover';
import type { LiveSessionRegistry } from './registry';

/** The `interview_complete` data answered by a stop. */
export type StopResult = ServerEventData<'interview_complete'>;

/** Routes a stop to the instance holding a session (multi-instance); null when none holds it. */
export interface RemoteStopper {
  stop(session: SessionRecord): Promise<StopResult | null>;
}

function withoutTurns(result: InterviewResult): StopResult {
  const { turns: _turns, ...rest } = result;
  return rest;
}

/**
 * Stops a user's live interview, wherever it is: held here (the engine stops and saves it), held
 * by another instance (routed, with Redis), or held by nobody any more (finalised from its log).
 * Only the owner can stop a session; another user's session is reported as not found.
 */
export class StopController {
  constructor(
    private readonly registry: LiveSessionRegistry,
    private readonly storage: Storage,
    private readonly remote?: RemoteStopper,
  ) {}

  async stop(userId: string, target: { sessionId?: number; sessionType?: SessionType }): Promise<StopResult> {
    if (target.sessionId !== undefined) {
      const local = this.registry.get(target.sessionId, userId);
      if (local && !local.finished) return withoutTurns(await local.stop('stopped'));
      const row = await this.storage.sessions.get(target.sessionId, userId);
      if (!row) throw new InterviewKitError('SESSION_NOT_FOUND', `Session ${target.sessionId} not found`);
      if (local) {
        const saved = local.whenSaved();
        if (saved) return withoutTurns(await saved);
      }
      return this.stopRow(row);
    }
    const locals = this.registry.forUser(userId).filter((s) => !s.finished && (target.sessionType === undefined || s.sessionType === target.sessionType));
    if (locals.length > 1) throw new InterviewKitError('INVALID_STATE', 'Several live interviews are running: pass session_id (or session_type)');
    if (locals[0]) return withoutTurns(await locals[0].stop('stopped'));
    const row = await this.storage.sessions.findLive(userId, target.sessionType);
    if (!row) throw new InterviewKitError('SESSION_NOT_FOUND', 'No live interview to stop');
    return this.stopRow(row);
  }

  private async stopRow(row: SessionRecord): Promise<StopResult> {
    if (row.status !== 'live') throw new InterviewKitError('SESSION_FINISHED', `Session ${row.id} has already ended`);
    if (this.remote) {
      const routed = await this.remote.stop(row);
      if (routed) return routed;
    }
    return finalizeFromLog(this.storage, row, 'stopped');
  }
}
