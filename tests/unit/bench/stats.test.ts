/** The benches' median/p95: nearest rank, so every printed figure is an observed sample. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fmtMs, median, p95, quantile, summarize } from '../../bench/stats';

describe('bench stats', () => {
  it('median of an odd count is the middle sample; of an even count the lower middle one', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2);
    expect(median([7])).toBe(7);
  });

  it('p95 by nearest rank: the 19th of 20, the 95th of 100, the largest of fewer than 20', () => {
    const twenty = Array.from({ length: 20 }, (_, i) => 20 - i); // 20..1, unsorted on purpose
    expect(p95(twenty)).toBe(19);
    expect(p95(Array.from({ length: 100 }, (_, i) => i + 1))).toBe(95);
    expect(p95([3, 9, 1])).toBe(9);
  });

  it('does not reorder the caller’s array', () => {
    const xs = [3, 1, 2];
    quantile(xs, 0.5);
    expect(xs).toEqual([3, 1, 2]);
  });

  it('no samples give NaN (printed as a dash), a q outside [0, 1] is refused', () => {
    expect(median([])).toBeNaN();
    expect(summarize([]).max).toBeNaN();
    expect(fmtMs(NaN)).toBe('–');
    expect(fmtMs(12.345)).toBe('12.3');
    expect(() => quantile([1], 1.5)).toThrow(RangeError);
  });

  it('always returns one of the samples, and median ≤ p95 ≤ max', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 200 }), (xs) => {
        const s = summarize(xs);
        expect(xs).toContain(s.median);
        expect(xs).toContain(s.p95);
        expect(s.median).toBeLessThanOrEqual(s.p95);
        expect(s.p95).toBeLessThanOrEqual(s.max);
        expect(s.n).toBe(xs.length);
      }),
    );
  });
});
