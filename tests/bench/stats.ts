/**
 * Shared figures for the benches. Nearest-rank quantiles, no interpolation: every figure
 * printed is a time that was actually observed, and the p95 of 20 samples is the 19th.
 */

/** The q-quantile (0 < q ≤ 1) by nearest rank; NaN for no samples. Does not reorder `xs`. */
export function quantile(xs: readonly number[], q: number): number {
  if (xs.length === 0) return NaN;
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile: q must be within [0, 1], got ${q}`);
  const sorted = [...xs].sort((a, b) => a - b);
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i]!;
}

export const median = (xs: readonly number[]): number => quantile(xs, 0.5);
export const p95 = (xs: readonly number[]): number => quantile(xs, 0.95);

export interface Summary {
  n: number;
  median: number;
  p95: number;
  max: number;
}

export function summarize(xs: readonly number[]): Summary {
  return { n: xs.length, median: median(xs), p95: p95(xs), max: xs.length ? Math.max(...xs) : NaN };
}

/** Milliseconds with one decimal, or an en dash when there is nothing to show. */
export function fmtMs(v: number): string {
  return Number.isFinite(v) ? v.toFixed(1) : '–';
}
