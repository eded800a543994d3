// The day summary's memory figures: the business day's first and last hour (a ninth of the customers each).
import { describe, expect, it } from 'vitest';
import { dayMemory, procMemoryKb } from './memory';

describe('dayMemory', () => {
  it('compares the median of the first and the last ninth of the customers', () => {
    const samples = Array.from({ length: 150 }, (_, i) => ({ customer: i + 1, rssMb: 100 + (i < 17 ? i % 3 : 0) + (i >= 133 ? 5 : 0) }));
    const m = dayMemory(samples, 150);
    expect(m.firstHour).toEqual({ from: 1, to: 17, medianMb: 101, maxMb: 102 });
    expect(m.lastHour).toEqual({ from: 134, to: 150, medianMb: 105, maxMb: 105 });
    expect(m.growthMb).toBe(4);
  });

  it('copes with a short day and with no samples', () => {
    const five = [90, 91, 92, 93, 94].map((rssMb, i) => ({ customer: i + 1, rssMb }));
    expect(dayMemory(five, 5)).toMatchObject({ firstHour: { from: 1, to: 1, medianMb: 90 }, lastHour: { from: 5, to: 5, medianMb: 94 }, growthMb: 4 });
    expect(dayMemory([], 150)).toEqual({ firstHour: null, lastHour: null, growthMb: null });
  });

  it('reads a live process from /proc on Linux', () => {
    const m = procMemoryKb(process.pid);
    if (process.platform !== 'linux') return expect(m).toBeNull();
    expect(m!.rssKb).toBeGreaterThan(10_000);
    expect(m!.hwmKb).toBeGreaterThanOrEqual(m!.rssKb);
  });
});
