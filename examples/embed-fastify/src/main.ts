#!/usr/bin/env node
import { buildAcmeApp } from './app';

// Starts the host app with InterviewKit under /interview (PORT, default 3100).
const { app } = await buildAcmeApp({ databaseUrl: process.env.DATABASE_URL ?? 'sqlite:./acme-interviews.db', logger: true });
await app.listen({ port: Number(process.env.PORT ?? 3100), host: process.env.HOST ?? '127.0.0.1' });
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void app.close());
