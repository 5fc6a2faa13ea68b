import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const engines = JSON.parse(readFileSync(`${root}package.json`, 'utf8')).engines.node;

/** An installed Node older than 22.13 (Debian's is 20 on this project's machines), or null. */
function oldNode() {
  for (const candidate of ['/usr/bin/node', '/usr/local/bin/node']) {
    if (!existsSync(candidate)) continue;
    const version = spawnSync(candidate, ['-p', 'process.versions.node'], { encoding: 'utf8' }).stdout.trim();
    const [major, minor] = version.split('.').map(Number);
    if (major < 22 || (major === 22 && minor < 13)) return { path: candidate, version };
  }
  return null;
}

const old = oldNode();
if (!old) console.warn('[scripts] no Node older than 22.13 installed: the old-Node check of `pnpm start`/`pnpm test` is SKIPPED.');

describe('the Node version check of pnpm start and pnpm test', () => {
  it('asks for Node 22.13 or newer in engines', () => {
    expect(engines).toBe('>=22.13');
  });

  it('says nothing and lets the command run on this Node', () => {
    const run = spawnSync(process.execPath, [`${root}scripts/check-node.mjs`], { encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(run.stdout + run.stderr).toBe('');
  });

  it.skipIf(!old)('on an older Node, prints one line saying what to install and exits 1 — before the start script does anything else', () => {
    for (const script of ['check-node.mjs', 'start.mjs']) {
      const run = spawnSync(old.path, [`${root}scripts/${script}`], { encoding: 'utf8', env: { ...process.env, PORT: '0' } });
      expect(run.status, script).toBe(1);
      expect(run.stdout, script).toBe('');
      const lines = run.stderr.trim().split('\n');
      expect(lines, script).toHaveLength(1);
      expect(lines[0]).toBe(
        `InterviewKit needs Node.js 22.13 or newer (for node:sqlite), and this is Node.js ${old.version}: install Node.js 24 LTS (https://nodejs.org/en/download, or \`nvm install 24\`) and run the command again.`,
      );
    }
  });
});
