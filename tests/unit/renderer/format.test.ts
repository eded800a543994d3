import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseYuan, yuan } from '../../../renderer/src/format';

describe('money formatting', () => {
  it('shows fen as yuan with separators', () => {
    expect(yuan(128650)).toBe('￥1,286.50');
    expect(yuan(5800)).toBe('￥58.00');
    expect(yuan(5)).toBe('￥0.05');
    expect(yuan(-4200)).toBe('-￥42.00');
  });
  it('parses what the clerk types without floating point', () => {
    expect(parseYuan('100')).toBe(10000);
    expect(parseYuan('58.5')).toBe(5850);
    expect(parseYuan('0.07')).toBe(7);
    expect(parseYuan('1.005')).toBeNull();
    expect(parseYuan('-1')).toBeNull();
    expect(parseYuan('abc')).toBeNull();
    fc.assert(fc.property(fc.integer({ min: 0, max: 99_999_999_99 }), (fen) => parseYuan(yuan(fen).replace(/[￥,]/g, '')) === fen));
  });
});

describe('durations and times', () => {
  it('say hours and minutes, or minutes and seconds, as a clerk would', async () => {
    const { duration } = await import('../../../renderer/src/format');
    expect(duration(192_000)).toBe('3 分 12 秒');
    expect(duration(463 * 60_000)).toBe('7 小时 43 分');
    expect(duration(2 * 3600_000)).toBe('2 小时');
    expect(duration(45_400)).toBe('45 秒');
    expect(duration(5 * 60_000)).toBe('5 分');
    expect(duration(192_000, 'en')).toBe('3 min 12 s');
    expect(duration(-5)).toBe('0 秒');
  });
  it('show the hall’s wall clock whatever the machine’s zone', async () => {
    const { dateTime, setDisplayTimeZone } = await import('../../../renderer/src/format');
    setDisplayTimeZone('Asia/Shanghai');
    expect(dateTime(Date.UTC(2026, 10, 26, 2, 3, 5))).toBe('2026-11-26 10:03:05');
    setDisplayTimeZone('Europe/London');
    expect(dateTime(Date.UTC(2026, 10, 26, 2, 3, 5))).toBe('2026-11-26 02:03:05');
    setDisplayTimeZone('Asia/Shanghai');
  });
});
