// The desk's pure rules: the standard's spot-check sampling, the random draw, the periods and dates.
import { describe, expect, it } from 'vitest';
import { BilingualError } from '../../../base/contract/errors';
import { checkDate, periodOf } from '../../../base/deskPeriod';
import { spotChecksRequired } from '../../../base/spotRule';
import { drawAtRandom } from '../../../hall/desk/spot';
import { dueBy } from '../../../hall/desk/reports';

describe('the spot-check rule (现场巡视抽查)', () => {
  it('checks all under 5, half from 5 to 20, 30% over 20, rounded up', () => {
    expect(spotChecksRequired(4)).toBe(4);
    expect(spotChecksRequired(5)).toBe(3);
    expect(spotChecksRequired(20)).toBe(10);
    expect(spotChecksRequired(21)).toBe(7);
    expect(spotChecksRequired(0)).toBe(0);
    expect(spotChecksRequired(7)).toBe(4);
    expect(spotChecksRequired(30)).toBe(9);
    expect(() => spotChecksRequired(-1)).toThrow(RangeError);
  });

  it('draws distinct people from those on duty, every one of them reachable', () => {
    const people = ['A', 'B', 'C', 'D', 'E', 'F'];
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const d = drawAtRandom(people, 3);
      expect(new Set(d).size).toBe(3);
      for (const p of d) expect(people).toContain(p);
      d.forEach((p) => seen.add(p));
    }
    expect(seen.size).toBe(6);
    expect(drawAtRandom(people, 10)).toHaveLength(6);
    // With a fixed source of randomness the shuffle is Fisher–Yates: j = rand(i + 1) from the end.
    expect(drawAtRandom(['a', 'b', 'c'], 3, () => 0)).toEqual(['b', 'c', 'a']);
  });
});

describe('periods', () => {
  it('knows a day, a Monday-to-Sunday week, a month and a range, each with the period before', () => {
    expect(periodOf('day', '2026-03-01')).toMatchObject({ from: '2026-03-01', to: '2026-03-01', prevFrom: '2026-02-28', prevTo: '2026-02-28', days: 1 });
    expect(periodOf('week', '2026-03-04')).toMatchObject({ from: '2026-03-02', to: '2026-03-08', prevFrom: '2026-02-23', prevTo: '2026-03-01', days: 7 });
    expect(periodOf('week', '2026-03-08')).toMatchObject({ from: '2026-03-02' });
    expect(periodOf('month', '2026-03-31')).toMatchObject({ from: '2026-03-01', to: '2026-03-31', prevFrom: '2026-02-01', prevTo: '2026-02-28', days: 31 });
    expect(periodOf('month', '2028-02-10')).toMatchObject({ to: '2028-02-29', days: 29 });
    expect(periodOf('range', '2026-03-10', '2026-03-12')).toMatchObject({ prevFrom: '2026-03-07', prevTo: '2026-03-09', days: 3 });
    expect(dueBy('monthly', '2026-12-31')).toBe('2027-01-03');
    expect(dueBy('weekly', '2026-03-08')).toBe('2026-03-09');
  });

  it('refuses impossible dates and backwards ranges in both languages', () => {
    for (const bad of ['2026-02-30', '2026-13-01', '26-03-01', '2026-3-1', 'yesterday', '']) {
      const e = (() => {
        try {
          checkDate(bad);
        } catch (x) {
          return x;
        }
      })();
      expect(e).toBeInstanceOf(BilingualError);
      expect(e).toMatchObject({ code: 'DESK_DATE_INVALID' });
      expect((e as BilingualError).message_zh).toContain('YYYY-MM-DD');
    }
    expect(() => periodOf('range', '2026-03-10', '2026-03-01')).toThrow(/the end cannot be before the start/);
    expect(() => periodOf('range', '2026-03-10', '2026-03-01')).toThrow(expect.objectContaining({ code: 'DESK_PERIOD_INVALID', message_zh: expect.stringContaining('结束不能早于开始') }));
  });
});
