// The platform baseline of the live-capacity benchmark: a bare `ws` server that only parses
// frames and answers each binary frame with a small JSON event, and each JSON text frame with an
// ack. It is what one Node process can do with WebSockets before InterviewKit does any work.
// Run as a child process: prints `{"port": n}` on stdout once listening.
import { createRequire } from 'node:module';

const require = createRequire(new URL('../../packages/server-fastify/package.json', import.meta.url));
const { WebSocketServer } = require('ws');

const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, maxPayload: 64 * 1024 });
wss.on('connection', (socket) => {
  let seq = 0;
  socket.on('message', (data, isBinary) => {
    if (isBinary) {
      // Parse the frame as the real server must (PCM16 view; copy when the buffer is unaligned),
      // then echo a small event.
      const buf = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
      const aligned = buf.byteOffset % 2 === 0 ? buf : Buffer.from(buf);
      const pcm = new Int16Array(aligned.buffer, aligned.byteOffset, aligned.byteLength >> 1);
      socket.send(JSON.stringify({ event: 'transcription', seq: ++seq, data: { samples: pcm.length, echo: pcm[0] ?? 0 } }));
      return;
    }
    let message;
    try {
      message = JSON.parse(data.toString());
    } catch {
      socket.send(JSON.stringify({ event: 'error', data: { code: 'MALFORMED_JSON', message: 'bad json' } }));
      return;
    }
    if (typeof message.ack === 'number') socket.send(JSON.stringify({ event: 'ack', ack: message.ack, data: { status: 'started', session_id: 1, use_mock: true, message: 'ok' } }));
  });
});
wss.on('listening', () => console.log(JSON.stringify({ port: wss.address().port })));
process.on('SIGTERM', () => {
  // ws 8 does not close open connections on wss.close(): end them first.
  for (const client of wss.clients) client.terminate();
  wss.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 2000).unref();
});
