import WebSocket from 'ws';

export interface Frame {
  event: string;
  data?: Record<string, unknown> & { [k: string]: unknown };
  ack?: number;
  seq?: number;
  error?: { code: string; message: string };
}

/** A test WebSocket client: records every frame; waits for frames by predicate. */
export class TestWsClient {
  readonly frames: Frame[] = [];
  private nextAck = 1;
  private waiters: Array<{ match: (f: Frame) => boolean; resolve: (f: Frame) => void }> = [];
  closed: { code: number; reason: string } | null = null;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data, isBinary) => {
      if (isBinary) return;
      const frame = JSON.parse(data.toString()) as Frame;
      this.frames.push(frame);
      this.waiters = this.waiters.filter((w) => {
        if (!w.match(frame)) return true;
        w.resolve(frame);
        return false;
      });
    });
    ws.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString() };
    });
  }

  static connect(url: string, headers: Record<string, string> = {}): Promise<TestWsClient> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, { headers });
      const client = new TestWsClient(ws);
      ws.once('open', () => resolve(client));
      ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
      ws.once('error', reject);
    });
  }

  /** Waits for a frame (already received or future) matching `match`. */
  waitFor(match: (f: Frame) => boolean, timeoutMs = 5000, from = 0): Promise<Frame> {
    const existing = this.frames.slice(from).find(match);
    if (existing) return Promise.resolve(existing);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for a frame; got ${JSON.stringify(this.frames.map((f) => f.event))}`)), timeoutMs);
      this.waiters.push({
        match,
        resolve: (f) => {
          clearTimeout(timer);
          resolve(f);
        },
      });
    });
  }

  waitForEvent(event: string, predicate: (f: Frame) => boolean = () => true, timeoutMs = 5000): Promise<Frame> {
    return this.waitFor((f) => f.event === event && predicate(f), timeoutMs);
  }

  /** Sends a request with an ack id and waits for its ack. */
  async request(event: string, data?: unknown, timeoutMs = 5000): Promise<Frame> {
    const ack = this.nextAck++;
    this.ws.send(JSON.stringify({ event, ...(data === undefined ? {} : { data }), ack }));
    return this.waitFor((f) => f.event === 'ack' && f.ack === ack, timeoutMs);
  }

  emit(event: string, data?: unknown): void {
    this.ws.send(JSON.stringify({ event, ...(data === undefined ? {} : { data }) }));
  }

  sendRaw(data: string | Buffer): void {
    this.ws.send(data);
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.ws.readyState === WebSocket.CLOSED) return resolve();
      this.ws.once('close', () => resolve());
      this.ws.close();
    });
  }
}
