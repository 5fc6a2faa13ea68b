import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DBS } from './__fixtures__/dbs';
import { startTestServer, type TestServer } from './__fixtures__/server';

const REDOCLY = join(import.meta.dirname, '..', 'node_modules', '.bin', 'redocly');

interface Operation {
  operationId?: string;
  security?: unknown[];
  responses: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }>;
}

// The document the server serves at /openapi.json, linted as a user of the API would lint it:
// @redocly/cli with its recommended rules, no configuration, nothing ignored.
describe('the OpenAPI document', () => {
  let t: TestServer;
  let document: { paths: Record<string, Record<string, Operation>>; servers?: unknown[]; components: { schemas: Record<string, unknown> } };
  let work: string;

  beforeAll(async () => {
    t = await startTestServer(TEST_DBS[0]!);
    const res = await t.server.app.inject({ method: 'GET', url: '/openapi.json' });
    expect(res.statusCode).toBe(200);
    document = res.json();
    work = mkdtempSync(join(tmpdir(), 'ik-openapi-'));
  });

  afterAll(async () => {
    await t?.cleanup();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('passes redocly lint (recommended rules) with 0 errors and 0 warnings', { timeout: 120_000 }, () => {
    const file = join(work, 'openapi.json');
    writeFileSync(file, JSON.stringify(document));
    const lint = spawnSync(REDOCLY, ['lint', file, '--format=json'], {
      cwd: work,
      encoding: 'utf8',
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' },
    });
    const report = JSON.parse(lint.stdout) as {
      totals: { errors: number; warnings: number };
      problems: Array<{ ruleId: string; message: string; location: Array<{ pointer: string }> }>;
    };
    expect(report.problems.map((p) => `${p.ruleId} ${p.location[0]?.pointer}: ${p.message}`)).toEqual([]);
    expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
    expect(lint.status).toBe(0);
  });

  it('names every operation, marks public ones security: [], and points every error at the one shared schema', () => {
    const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({ at: `${method.toUpperCase()} ${path}`, op })),
    );
    expect(operations.length).toBeGreaterThan(20);
    const ids = operations.map(({ op }) => op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    const publicOps = operations.filter(({ op }) => Array.isArray(op.security) && op.security.length === 0).map(({ at }) => at);
    expect(publicOps.sort()).toEqual(['GET /api/health', 'GET /api/ready', 'POST /api/auth/login', 'POST /api/auth/register']);
    for (const { at, op } of operations) {
      expect(op.security, at).toBeDefined();
      for (const [status, response] of Object.entries(op.responses)) {
        if (Number(status) < 400) continue;
        expect(response.content?.['application/json']?.schema, `${at} ${status}`).toEqual({ $ref: '#/components/schemas/ErrorResponse' });
      }
    }
    expect(document.components.schemas.ErrorResponse).toMatchObject({ properties: { error: { required: ['code', 'message'] } } });
    expect(document.servers).toEqual([{ url: '/', description: 'This server' }]);
  });
});
