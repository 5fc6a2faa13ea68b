// Small statistics helpers for the benchmarks: exact percentiles over a sample array.

/** Sorts a copy of `values` (numbers) ascending. */
function sortedCopy(values) {
  return Float64Array.from(values).sort();
}

/** The p-th percentile (0–100) of an ascending-sorted array (nearest-rank); null when empty. */
function rankOf(sorted, p) {
  if (sorted.length === 0) return null;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

/** The p-th percentile (0–100) of `values` (nearest-rank); null for an empty sample. */
export function percentile(values, p) {
  return rankOf(sortedCopy(values), p);
}

const round2 = (v) => (v === null || v === undefined ? null : Math.round(v * 100) / 100);

/**
 * count / p50 / p99 / max (and mean) of a latency sample in ms, rounded to 0.01 ms. Sorts once;
 * safe for millions of values (no spread into Math.max).
 */
export function latencySummary(values) {
  const sorted = sortedCopy(values);
  let sum = 0;
  for (let i = 0; i < sorted.length; i++) sum += sorted[i];
  return {
    count: sorted.length,
    mean: sorted.length ? round2(sum / sorted.length) : null,
    p50: round2(rankOf(sorted, 50)),
    p99: round2(rankOf(sorted, 99)),
    max: sorted.length ? round2(sorted[sorted.length - 1]) : null,
  };
}
