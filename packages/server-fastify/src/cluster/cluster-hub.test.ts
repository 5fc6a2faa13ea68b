import Fastify from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createStorage, type Storage } from '../storage/storage';
import { ClusterCoordinator, type IpcChannel } from './cluster-coordinator';
import { ClusterHub, type HubWorker } from './cluster-hub';
import type { PrimaryMessage, WorkerMessage } from './messages';

const log = Fastify({ logger: false }).log;

/** A worker's coordinator wired to the hub in-process, as the cluster IPC channel does between processes. */
function worker(hub: ClusterHub, instanceId: string): { coordinator: ClusterCoordinator; peer: HubWorker } {
  const listeners = new Set<(message: unknown) => void>();
  const peer: HubWorker = { instanceId, send: (message: PrimaryMessage) => queueMicrotask(() => listeners.forEach((l) => l(message))) };
  const channel: IpcChannel = {
    send: (message: WorkerMessage) => queueMicrotask(() => hub.handle(peer, message)),
    on: (_event, listener) => listeners.add(listener),
    off: (_event, listener) => listeners.delete(listener),
  };
  hub.add(peer);
  return { coordinator: new ClusterCoordinator({ instanceId, log, channel, timeoutMs: 2000 }), peer };
}

describe('ClusterHub (the primary) with ClusterCoordinator (the workers)', () => {
  let storage: Storage;
  let hub: ClusterHub;
  beforeEach(async () => {
    storage = await createStorage(':memory:');
    hub = new ClusterHub({ storage, log });
  });
  afterEach(async () => {
    await storage.close();
  });

  it('gives a key to one worker at a time, back on release, and takes it over from a worker that died', async () => {
    const a = worker(hub, 'a');
    const b = worker(hub, 'b');
    for (const w of [a, b]) await w.coordinator.start(null as never);
    const race = await Promise.all([a.coordinator.claim('1_technical'), b.coordinator.claim('1_technical')]);
    expect(race.filter(Boolean)).toHaveLength(1);
    const [winner, loser] = race[0] ? [a, b] : [b, a];
    expect(await winner.coordinator.claim('1_technical')).toBe(true); // its own claim
    loser.coordinator.release('1_technical'); // not its claim: nothing happens
    expect(await loser.coordinator.claim('1_technical')).toBe(false);
    winner.coordinator.release('1_technical');
    expect(await loser.coordinator.claim('1_technical')).toBe(true);
    expect(await winner.coordinator.claim('2_hr')).toBe(true);
    await hub.remove(winner.peer.instanceId);
    expect(await loser.coordinator.claim('2_hr')).toBe(true);
    expect(hub.claimCount).toBe(2);
  });

  it('finalises a dead worker’s live sessions once, and answers a stop routed to it', async () => {
    worker(hub, 'a'); // never answers: it is about to die
    const b = worker(hub, 'b');
    await b.coordinator.start(null as never);
    const row = await storage.sessions.create({ userId: 'u1', sessionType: 'technical', ownerInstance: 'a' });
    await storage.events.append(row.id, [
      { seq: 1, event: { type: 'session_started', t: 0, session_type: 'technical' } },
      { seq: 2, event: { type: 'question_asked', t: 10, index: 0, question: 'What is a mutex?' } },
    ]);
    expect(await b.coordinator.isHeldElsewhere(row)).toBe(true);
    // B asks A (alive) to stop it; A dies before answering: the hub finalises the session and answers B.
    const stop = b.coordinator.stop(row);
    await new Promise((resolve) => setTimeout(resolve, 10));
    const recovered = hub.remove('a');
    expect(await stop).toMatchObject({ session_id: row.id, status: 'abandoned', reason: 'recovered' });
    await recovered;
    // Finalised once, though both the stop and the worker's exit asked for it.
    expect((await storage.events.list(row.id)).filter((e) => e.event.type === 'session_stopped')).toHaveLength(1);
    expect(await storage.sessions.get(row.id)).toMatchObject({ status: 'abandoned', owner_instance: null });
    expect(await b.coordinator.isHeldElsewhere(row)).toBe(false);
  });

  it('routes a question lookup to the worker holding the session; none when nobody holds it', async () => {
    const a = worker(hub, 'a');
    const b = worker(hub, 'b');
    const asked = { id: 'q-mutex', text: 'What is a mutex?' };
    // A's registry holds session 7 of user u1, whose question 0 was asked.
    const registry = {
      get: (id: number, userId?: string) => (id === 7 && userId === 'u1' ? { askedQuestion: (index: number) => (index === 0 ? asked : undefined) } : undefined),
    };
    await a.coordinator.start(registry as never);
    await b.coordinator.start(null as never);
    const row = { id: 7, user_id: 'u1', owner_instance: 'a' } as Parameters<ClusterCoordinator['askedQuestion']>[0];
    expect(await b.coordinator.askedQuestion(row, 0)).toEqual(asked);
    expect(await b.coordinator.askedQuestion(row, 1)).toBeNull();
    expect(await b.coordinator.askedQuestion({ ...row, user_id: 'u2' }, 0)).toBeNull(); // another user's session
    await hub.remove('a');
    expect(await b.coordinator.askedQuestion(row, 0)).toBeNull();
  });
});
