/** A minimal typed event emitter (no Node built-ins, so it runs in browsers). */
export class TypedEmitter<Events extends { [K in keyof Events]: unknown }> {
  private readonly listeners = new Map<keyof Events, Set<(data: never, meta: never) => void>>();

  /** Subscribes to `event`; returns the function that unsubscribes. */
  on<K extends keyof Events>(event: K, listener: (data: Events[K], meta: EventMeta) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener as (data: never, meta: never) => void);
    return () => this.off(event, listener);
  }

  /** Subscribes to the next `event` only. */
  once<K extends keyof Events>(event: K, listener: (data: Events[K], meta: EventMeta) => void): () => void {
    const off = this.on(event, (data, meta) => {
      off();
      listener(data, meta);
    });
    return off;
  }

  /** Removes a listener. */
  off<K extends keyof Events>(event: K, listener: (data: Events[K], meta: EventMeta) => void): void {
    this.listeners.get(event)?.delete(listener as (data: never, meta: never) => void);
  }

  protected emit<K extends keyof Events>(event: K, data: Events[K], meta: EventMeta = {}): void {
    for (const listener of [...(this.listeners.get(event) ?? [])]) {
      try {
        (listener as (data: Events[K], meta: EventMeta) => void)(data, meta);
      } catch (error) {
        // A throwing listener must not break delivery to the others or the socket loop.
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }
}

/** Delivery details of an event. */
export interface EventMeta {
  /** The session sequence number of a server event (absent on lifecycle events). */
  seq?: number;
}
