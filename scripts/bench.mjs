#!/usr/bin/env node
// Runs every benchmark of the repo and collects one report.
//
// A benchmark is a file `packages/<pkg>/bench/<name>.bench.mjs` (or `bench/<name>.bench.mjs` at
// the root) that imports built code (dist) and prints one JSON object per line on stdout:
//   {"name": "fold events/s (10-minute session)", "value": 61200000, "unit": "events/s",
//    "target": {"op": ">=", "value": 50000000}, "note": "..."}
// Anything else it prints goes to stderr. This runner writes bench-results/results.json and
// bench-results/summary.md and prints the JSON report. Filter by substring: `pnpm bench core`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const filters = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const files = [];
const scan = (dir) => {
  if (!existsSync(dir)) return;
  for (const f of readdirSync(dir).sort()) if (f.endsWith('.bench.mjs')) files.push(join(dir, f));
};
for (const pkg of readdirSync(join(root, 'packages')).sort()) scan(join(root, 'packages', pkg, 'bench'));
scan(join(root, 'bench'));

const results = [];
for (const file of files) {
  const rel = relative(root, file);
  if (filters.length && !filters.some((f) => rel.includes(f))) continue;
  process.stderr.write(`[bench] ${rel}\n`);
  const started = Date.now();
  const run = spawnSync(process.execPath, ['--expose-gc', file], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 * 1024 * 1024 });
  const seconds = (Date.now() - started) / 1000;
  if (run.status !== 0) results.push({ file: rel, name: '(benchmark failed)', value: null, unit: '', error: `exit ${run.status}` });
  for (const line of run.stdout.split('\n')) {
    if (!line.trim().startsWith('{')) continue;
    try {
      const r = JSON.parse(line);
      const met = r.target ? (r.target.op === '>=' ? r.value >= r.target.value : r.value <= r.target.value) : null;
      results.push({ file: rel, ...r, met });
    } catch {
      process.stderr.write(`[bench] ${rel}: not JSON: ${line.slice(0, 120)}\n`);
    }
  }
  process.stderr.write(`[bench] ${rel} done in ${seconds.toFixed(1)} s\n`);
}

const report = {
  date: new Date().toISOString(),
  machine: { cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', memoryGiB: +(totalmem() / 2 ** 30).toFixed(1), node: process.version },
  results,
};
mkdirSync(join(root, 'bench-results'), { recursive: true });
writeFileSync(join(root, 'bench-results', 'results.json'), JSON.stringify(report, null, 2) + '\n');
const fmt = (v) => (typeof v === 'number' ? (Math.abs(v) >= 1000 ? Math.round(v).toLocaleString('en-US') : String(+v.toFixed(3))) : String(v));
const md = [
  `# Benchmark results`,
  ``,
  `${report.date} · ${report.machine.cpus} × ${report.machine.cpu} · ${report.machine.memoryGiB} GiB · Node ${report.machine.node}`,
  ``,
  `| benchmark | result | target | met |`,
  `|---|---|---|---|`,
  ...results.map((r) => `| ${r.file.replace(/^packages\//, '')}: ${r.name} | ${fmt(r.value)} ${r.unit ?? ''} | ${r.target ? `${r.target.op} ${fmt(r.target.value)}` : ''} | ${r.met === null || r.met === undefined ? '' : r.met ? 'yes' : '**no**'} |`),
  ``,
];
writeFileSync(join(root, 'bench-results', 'summary.md'), md.join('\n'));
process.stdout.write(JSON.stringify(report, null, 2) + '\n');
