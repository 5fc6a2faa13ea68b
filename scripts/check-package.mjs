#!/usr/bin/env node
// `check:package` of every published package (run in its directory by `pnpm check:packages`,
// after the full build): checks the package exactly as `pnpm publish` would ship it.
//
//   1. `pnpm pack` — publishConfig applied, workspace: ranges replaced — and unpack the tarball;
//   2. the published package.json has no workspace-only export condition (@interviewkit/source)
//      and no workspace: range; LICENSE and README ship, tests and fixtures do not; every
//      exported file exists, every declaration has its declaration map, and every source a map
//      points at (JavaScript and declaration maps) is in the tarball;
//   3. publint --strict on the tarball;
//   4. attw --profile esm-only on the tarball (the packages are ESM only);
//   5. for core and the client, the browser bundle against its size budget (esbuild, minified,
//      gzip -9), printed as one JSON line per bundle like the benchmarks.
// Exits 1 naming every problem.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const pkgDir = process.cwd();
const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));

/**
 * Browser bundles and their budgets (bytes, gzip -9 of esbuild's minified output). Core's
 * replay/metrics path is what a page that only analyses event logs loads; the client is all of it.
 */
const BUDGETS = {
  '@interviewkit/core': [
    {
      name: 'core: replay + metrics',
      code: "export { replay, computeResearchMetrics, RunningStatistics, EventLogDecoder, parseEventLog, liveSnapshot, formatMetricsTable } from '@interviewkit/core';",
      maxGzipBytes: 45 * 1024,
    },
  ],
  '@interviewkit/client': [{ name: 'client: everything', code: "export * from '@interviewkit/client';", maxGzipBytes: 60 * 1024 }],
};

const problems = [];
const problem = (text) => problems.push(text);

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { encoding: 'utf8', ...options });
  if (result.error) throw result.error;
  return result;
}

function filesUnder(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split('\\').join('/'));
}

const work = mkdtempSync(join(tmpdir(), 'ik-pack-'));
try {
  // 1. Pack as publishing would, and unpack.
  const packed = run('pnpm', ['pack', '--pack-destination', work], { cwd: pkgDir });
  if (packed.status !== 0) throw new Error(`pnpm pack failed:\n${packed.stdout}${packed.stderr}`);
  const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'));
  if (!tarball) throw new Error('pnpm pack wrote no tarball');
  const tarballPath = join(work, tarball);
  const unpacked = join(work, 'unpacked');
  mkdirSync(unpacked);
  const untar = run('tar', ['-xzf', tarballPath, '-C', unpacked]);
  if (untar.status !== 0) throw new Error(`tar failed: ${untar.stderr}`);
  const dir = join(unpacked, 'package');
  const files = filesUnder(dir);
  const shipped = new Set(files);
  const published = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));

  // 2. What ships.
  if (JSON.stringify(published.exports ?? {}).includes('@interviewkit/source'))
    problem('the published exports keep the workspace-only @interviewkit/source condition (publishConfig.exports must drop it)');
  for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies']) {
    for (const [name, range] of Object.entries(published[field] ?? {}))
      if (String(range).startsWith('workspace:')) problem(`${field}.${name} is still ${range}`);
  }
  for (const required of ['LICENSE', 'README.md', 'package.json']) if (!shipped.has(required)) problem(`${required} is not in the tarball`);
  for (const file of files) if (/\.test(-d)?\.ts$|__fixtures__\//.test(file)) problem(`a test file ships: ${file}`);
  const targets = [];
  const collect = (value) => {
    if (typeof value === 'string') targets.push(value);
    else if (value && typeof value === 'object') Object.values(value).forEach(collect);
  };
  collect(published.exports);
  collect(published.bin);
  for (const target of targets) if (!shipped.has(target.replace(/^\.\//, ''))) problem(`exported file ${target} is not in the tarball`);
  for (const file of files) {
    if (file.endsWith('.d.ts') && !shipped.has(`${file}.map`)) problem(`${file} has no declaration map`);
    if (!file.endsWith('.map')) continue;
    const map = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    for (const source of map.sources ?? []) {
      const path = join(dirname(file), source).split('\\').join('/');
      if (!shipped.has(path) && !(map.sourcesContent ?? []).length) problem(`${file} points at ${source}, which is not in the tarball`);
    }
  }

  // 3. publint, strict, on the tarball.
  const data = readFileSync(tarballPath);
  const { messages, pkg: lintedPkg } = await publint({
    pack: { tarball: data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) },
    strict: true,
  });
  for (const message of messages) problem(`publint ${message.type}: ${formatMessage(message, lintedPkg, { color: false })}`);

  // 4. Are the types wrong? ESM only: CommonJS resolution modes are not checked.
  const attw = run(join(root, 'node_modules/.bin/attw'), [tarballPath, '--profile', 'esm-only', '--format', 'ascii', '--no-emoji', '--no-color']);
  if (attw.status !== 0) problem(`attw --profile esm-only:\n${attw.stdout}${attw.stderr}`);

  // 5. Bundle budgets (from the workspace build, which is what the tarball holds).
  for (const budget of BUDGETS[pkg.name] ?? []) {
    const result = await build({
      stdin: { contents: budget.code, resolveDir: join(root, 'packages/client'), loader: 'js' },
      bundle: true,
      minify: true,
      format: 'esm',
      platform: 'browser',
      write: false,
      logLevel: 'silent',
    });
    const code = result.outputFiles[0].contents;
    const gzip = gzipSync(code, { level: 9 }).length;
    console.log(
      JSON.stringify({
        name: `bundle: ${budget.name}`,
        value: gzip,
        unit: 'bytes gzip',
        minified: code.length,
        target: { op: '<=', value: budget.maxGzipBytes },
      }),
    );
    if (gzip > budget.maxGzipBytes) problem(`${budget.name}: ${gzip} bytes gzip, over the budget of ${budget.maxGzipBytes}`);
  }
  console.log(`${pkg.name}: ${files.length} files in ${tarball}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}

if (problems.length > 0) {
  console.error(`${pkg.name}: ${problems.length} packaging problem${problems.length === 1 ? '' : 's'}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  process.exit(1);
}
console.log(`${pkg.name}: packed cleanly (publint --strict, attw --profile esm-only${BUDGETS[pkg.name] ? ', bundle budgets' : ''})`);
