/**
 * The figures a bench measured, by key, for `npm run bench -- all --json`: each bench records
 * what it prints (the README's Figures table), the runner collects them per area into one file.
 */
import type { Summary } from './stats';

export interface Figure {
  label: string;
  unit: string;
  /** A single value, or the distribution of a series. */
  value?: number;
  median?: number;
  p95?: number;
  max?: number;
  n?: number;
}

const recorded = new Map<string, Figure>();

export function recordFigure(key: string, v: number | Summary, unit: string, label: string): void {
  recorded.set(key, typeof v === 'number' ? { label, unit, value: round(v) } : { label, unit, median: round(v.median), p95: round(v.p95), max: round(v.max), n: v.n });
}

/** What was recorded since the last call, emptied. */
export function takeFigures(): Record<string, Figure> {
  const out = Object.fromEntries(recorded);
  recorded.clear();
  return out;
}

function round(x: number): number {
  return Number.isFinite(x) ? Math.round(x * 1000) / 1000 : x;
}
