// Samples another process's CPU time and resident memory from /proc (Linux), so a load generator
// can report what the server used, not what the benchmark harness used. A server of several
// processes (a primary and its workers) is measured as its whole process tree; each process's
// figures include all its threads (the storage thread among them).
import { readdirSync, readFileSync } from 'node:fs';

const TICKS = 100; // USER_HZ on Linux
const PAGE = 4096;

function readStat(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[1] = ppid; fields[11] = utime, fields[12] = stime (1-based 14, 15 in proc(5)); fields[21] = rss pages.
  return { ppid: Number(fields[1]), cpuSeconds: (Number(fields[11]) + Number(fields[12])) / TICKS, rssBytes: Number(fields[21]) * PAGE };
}

/** CPU seconds (user + system) and RSS bytes of `pid`. */
export function readProc(pid) {
  const { cpuSeconds, rssBytes } = readStat(pid);
  return { cpuSeconds, rssBytes };
}

/** CPU seconds and RSS of `root` and every process descending from it, by pid. */
export function readProcTree(root) {
  const all = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      all.set(Number(name), readStat(name));
    } catch {
      // exited while we looked
    }
  }
  const tree = new Map();
  const add = (pid) => {
    const stat = all.get(pid);
    if (!stat || tree.has(pid)) return;
    tree.set(pid, stat);
    for (const [child, s] of all) if (s.ppid === pid) add(child);
  };
  add(root);
  return tree;
}

const sum = (tree, key) => [...tree.values()].reduce((a, s) => a + s[key], 0);

/** CPU seconds and RSS bytes summed over `root`'s process tree, and how many processes it has. */
export function readTreeTotals(root) {
  const tree = readProcTree(root);
  return { cpuSeconds: sum(tree, 'cpuSeconds'), rssBytes: sum(tree, 'rssBytes'), processes: tree.size };
}

/**
 * Starts sampling `pid`'s process tree every `intervalMs`; `stop()` returns its CPU use (cores,
 * summed over every process that lived through the window), peak and final RSS (summed) and the
 * number of processes.
 */
export function sampleProcess(pid, intervalMs = 500) {
  const first = readProcTree(pid);
  const startedAt = performance.now();
  let peakRss = sum(first, 'rssBytes');
  const timer = setInterval(() => {
    try {
      peakRss = Math.max(peakRss, sum(readProcTree(pid), 'rssBytes'));
    } catch {
      // the process exited; stop() reports what was seen
    }
  }, intervalMs);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      const last = readProcTree(pid);
      const seconds = (performance.now() - startedAt) / 1000;
      let cpu = 0;
      for (const [child, s] of last) cpu += s.cpuSeconds - (first.get(child)?.cpuSeconds ?? 0);
      const rssBytes = sum(last, 'rssBytes');
      return { cpuCores: cpu / seconds, peakRssBytes: Math.max(peakRss, rssBytes), rssBytes, processes: last.size };
    },
  };
}
