import type { StoredEvent, Storage } from '../storage/storage';

interface PendingWrite {
  sessionId: number;
  events: readonly StoredEvent[];
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Coalesces the event-log writes of every live session on this process into one transaction per
 * short window: a thousand sessions flushing every 200 ms become about a hundred transactions per
 * second instead of five thousand. Each caller still learns whether its own write landed. When a
 * combined write fails, each session's part is retried on its own, so one bad batch cannot hold
 * the others back.
 */
export class EventLogWriter {
  private pending: PendingWrite[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly storage: Storage,
    private readonly windowMs = 10,
  ) {}

  /** Appends `events` of one session; resolves once they are stored. */
  append(sessionId: number, events: readonly StoredEvent[]): Promise<void> {
    if (events.length === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.pending.push({ sessionId, events, resolve, reject });
      this.timer ??= setTimeout(() => void this.write(), this.windowMs);
    });
  }

  private async write(): Promise<void> {
    this.timer = null;
    const batch = this.pending;
    this.pending = [];
    try {
      await this.storage.events.appendMany(batch.map(({ sessionId, events }) => ({ sessionId, events })));
      for (const write of batch) write.resolve();
    } catch (error) {
      if (batch.length === 1) return batch[0]!.reject(error);
      await Promise.all(batch.map((w) => this.storage.events.append(w.sessionId, w.events).then(w.resolve, w.reject)));
    }
  }
}
