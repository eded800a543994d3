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
