// The desk's duration histograms (hall/desk/histogram.ts, migration 011's desk_duration_bucket):
// each bucket's middle lies in the bucket, and a median or p90 read from a histogram is within
// half a bucket of percentile_cont over the values themselves.
import { describe, expect, it } from 'vitest';
import { bucketMiddle, quantilesOf, type BucketAt } from '../../../hall/desk/histogram';

const HOUR = 3_600_000;
const DAY = 86_400_000;

/** The bucket as migration 011 computes it. */
function bucketOf(ms: number): number {
  if (ms < HOUR) return Math.floor(ms / 1000);
  if (ms < DAY) return 3600 + Math.floor((ms - HOUR) / 60_000);
  return 4980 + Math.floor((ms - DAY) / HOUR);
}

const widthOf = (ms: number) => (ms < HOUR ? 1000 : ms < DAY ? 60_000 : HOUR);

function exact(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  const pos = (s.length - 1) * p;
  const lo = Math.floor(pos);
  return s[lo]! + (s[Math.ceil(pos)]! - s[lo]!) * (pos - lo);
}

function histogram(xs: number[]): BucketAt[] {
  const n = new Map<number, number>();
  for (const x of xs) n.set(bucketOf(x), (n.get(bucketOf(x)) ?? 0) + 1);
  let before = 0;
  return [...n.entries()].sort((a, b) => a[0] - b[0]).map(([bucket, k]) => ((before += k), { bucket, before: before - k, n: k }));
}

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1_664_525) + 1_013_904_223) >>> 0) / 2 ** 32);
}

describe('duration histograms', () => {
  it('puts each bucket middle inside its bucket, at every width', () => {
    for (const ms of [0, 999, 1000, 59_999, HOUR - 1, HOUR, HOUR + 59_999, DAY - 1, DAY, DAY + HOUR, 3 * DAY + 5]) {
      const mid = bucketMiddle(bucketOf(ms));
      expect(bucketOf(mid), `${ms}`).toBe(bucketOf(ms));
      expect(Math.abs(mid - ms)).toBeLessThanOrEqual(widthOf(ms));
    }
  });

  it('reads the median and p90 within half a bucket of percentile_cont', () => {
    const r = rng(7);
    for (const [n, spread] of [[1, 90_000], [2, 90_000], [9, 30_000], [137, 900_000], [2000, 5 * HOUR], [500, 3 * DAY]] as const) {
      const xs = Array.from({ length: n }, () => Math.floor(r() * spread));
      const [median, p90] = quantilesOf(histogram(xs), xs.length, [0.5, 0.9]);
      for (const [got, p] of [[median!, 0.5], [p90!, 0.9]] as const) {
        const want = exact(xs, p);
        expect(Math.abs(got - want), `n ${n} p ${p}`).toBeLessThanOrEqual(widthOf(want) / 2 + widthOf(Math.max(...xs)) / 2);
      }
    }
  });

  it('refuses a histogram that does not hold the rank asked for', () => {
    expect(() => quantilesOf([{ bucket: 5, before: 0, n: 1 }], 3, [0.5])).toThrow(/rank 1/);
  });
});
