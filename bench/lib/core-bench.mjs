// Collects the package benchmarks (`packages/<pkg>/bench/*.bench.mjs`, each printing
// one JSON object {name, value, unit, target?, note?} per stdout line) into the report.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ROOT } from './servers.mjs';

/** The package benchmark files, sorted. */
export function packageBenchFiles() {
  const files = [];
  const packages = join(ROOT, 'packages');
  for (const pkg of readdirSync(packages).sort()) {
    const dir = join(packages, pkg, 'bench');
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir).sort()) if (f.endsWith('.bench.mjs')) files.push(join(dir, f));
  }
  return files;
}

/** Runs each file (node --expose-gc) and returns its results; a failing file is reported, not thrown. */
export async function runCoreBench({ log = () => {}, filter } = {}) {
  const results = [];
  for (const file of packageBenchFiles()) {
    const rel = relative(ROOT, file);
    if (filter && !rel.includes(filter)) continue;
    log(`core: ${rel}`);
    const started = performance.now();
    const { code, stdout } = await new Promise((resolve) => {
      const proc = spawn(process.execPath, ['--expose-gc', file], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      proc.stdout.on('data', (d) => (out += d.toString()));
      proc.once('exit', (exitCode) => resolve({ code: exitCode, stdout: out }));
    });
    const seconds = Math.round((performance.now() - started) / 100) / 10;
    if (code !== 0) results.push({ file: rel, name: '(benchmark failed)', value: null, unit: '', error: `exit ${code}` });
    for (const line of stdout.split('\n')) {
      if (!line.trim().startsWith('{')) continue;
      try {
        const r = JSON.parse(line);
        const met = r.target ? (r.target.op === '>=' ? r.value >= r.target.value : r.value <= r.target.value) : null;
        results.push({ file: rel, ...r, met });
      } catch {
        log(`core: ${rel}: not JSON: ${line.slice(0, 120)}`);
      }
    }
    log(`core: ${rel} done in ${seconds} s`);
  }
  return results;
}
