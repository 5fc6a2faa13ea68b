// Samples another process's CPU time and resident memory from /proc (Linux), so a load generator
// can report what the server process itself used, not what the benchmark harness used.
import { readFileSync } from 'node:fs';

const TICKS = 100; // USER_HZ on Linux
const PAGE = 4096;

/** CPU seconds (user + system) and RSS bytes of `pid`. */
export function readProc(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[11] = utime, fields[12] = stime (1-based 14, 15 in proc(5)); fields[21] = rss pages.
  return { cpuSeconds: (Number(fields[11]) + Number(fields[12])) / TICKS, rssBytes: Number(fields[21]) * PAGE };
}

/** Starts sampling `pid` every `intervalMs`; `stop()` returns CPU use (cores) and peak RSS. */
export function sampleProcess(pid, intervalMs = 500) {
  const first = readProc(pid);
  const startedAt = performance.now();
  let peakRss = first.rssBytes;
  const timer = setInterval(() => {
    try {
      peakRss = Math.max(peakRss, readProc(pid).rssBytes);
    } catch {
      // the process exited; stop() reports what was seen
    }
  }, intervalMs);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      const last = readProc(pid);
      const seconds = (performance.now() - startedAt) / 1000;
      return { cpuCores: (last.cpuSeconds - first.cpuSeconds) / seconds, peakRssBytes: Math.max(peakRss, last.rssBytes), rssBytes: last.rssBytes };
    },
  };
}
