/**
 * Medians and p90s read from a histogram of durations (migration 011's desk_duration_bucket: a
 * whole second below an hour, a whole minute below a day, a whole hour above). The quantile is
 * read as percentile_cont reads sorted values — linear between the two nearest ranks — with each
 * rank's value taken as the middle of its bucket, so it is within half a bucket of the exact
 * figure: 500 ms for anything under an hour.
 */
const HOUR = 3_600_000;
const DAY = 86_400_000;

/** The middle of a bucket, in ms (the inverse of desk_duration_bucket). */
export function bucketMiddle(b: number): number {
  if (b < 3600) return b * 1000 + 500;
  if (b < 4980) return HOUR + (b - 3600) * 60_000 + 30_000;
  return DAY + (b - 4980) * HOUR + HOUR / 2;
}

/** A bucket with how many values sort before it and how many it holds. */
export interface BucketAt {
  bucket: number;
  before: number;
  n: number;
}

/**
 * The quantiles of a histogram given the buckets that hold the ranks asked for (at least those;
 * the SQL sends only them) and the number of values.
 */
export function quantilesOf(buckets: BucketAt[], total: number, fractions: readonly number[]): number[] {
  const valueAt = (k: number): number => {
    const b = buckets.find((x) => k >= x.before && k < x.before + x.n);
    if (!b) throw new Error(`histogram: no bucket holds rank ${k} of ${total}`);
    return bucketMiddle(b.bucket);
  };
  return fractions.map((p) => {
    const pos = p * (total - 1);
    const lo = Math.floor(pos);
    const v = valueAt(lo);
    return lo === pos ? v : v + (pos - lo) * (valueAt(Math.ceil(pos)) - v);
  });
}
