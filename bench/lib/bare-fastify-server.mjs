// The platform baseline of the HTTP benchmark: Fastify (the version the server uses) with one
// route returning a constant JSON body, no auth, no database, logger off.
// Run as a child process: prints `{"port": n}` on stdout once listening.
import { createRequire } from 'node:module';

const require = createRequire(new URL('../../packages/server-fastify/package.json', import.meta.url));
const Fastify = require('fastify');

const app = Fastify({ logger: false });
const body = { sessions: [], next_cursor: null };
app.get('/constant', async () => body);
await app.listen({ host: '127.0.0.1', port: 0 });
console.log(JSON.stringify({ port: app.server.address().port }));
process.on('SIGTERM', () => {
  void app.close().then(() => process.exit(0));
});
