import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskIdNumber, maskName } from '../../../base/mask';

describe('maskIdNumber', () => {
  it.each([
    ['110101199003074514', '**************4514'],
    ['11010119900307451X', '**************451X'],
    ['110101900307451', '***********7451'],
    ['  110101199003074514 ', '**************4514'],
    ['1101**********4514', '**************4514'],
    ['123456789', '*****6789'],
    ['12345678', '******78'],
    ['1234', '***4'],
    ['123', '***'],
    ['1', '*'],
    ['', ''],
  ])('%s → %s', (input, masked) => {
    expect(maskIdNumber(input)).toBe(masked);
  });

  it('null, undefined and non-strings give an empty string', () => {
    expect(maskIdNumber(null)).toBe('');
    expect(maskIdNumber(undefined)).toBe('');
    expect(maskIdNumber(42 as unknown as string)).toBe('');
  });

  it('keeps the length, hides at least one character and never shows more than the last 4', () => {
    const noStars = fc.string({ maxLength: 40 }).filter((s) => !s.includes('*'));
    fc.assert(
      fc.property(noStars, (s) => {
        const chars = Array.from(s.trim());
        const m = Array.from(maskIdNumber(s));
        expect(m.length).toBe(chars.length);
        const shown = m.filter((c) => c !== '*');
        m.forEach((c, i) => c !== '*' && expect(c).toBe(chars[i]));
        expect(shown.length).toBeLessThanOrEqual(4);
        // Only the tail: nothing before the last 4 positions is ever shown.
        m.forEach((c, i) => i < m.length - 4 && expect(c).toBe('*'));
        if (chars.length > 0) expect(shown.length).toBeLessThan(chars.length);
      }),
    );
  });
});

describe('maskName', () => {
  it.each([
    ['王秀英', '王**'],
    ['王五', '王*'],
    ['欧阳娜娜', '欧阳**'],
    ['欧阳', '欧*'],
    ['司马相如', '司马**'],
    ['阿卜杜·热合曼', '阿**·***'],
    ['John Smith', 'J*** S****'],
    ['Mary-Jane O’Neil', 'M***-J*** O’N***'],
    ['  李雷 ', '李*'],
    ['王', '*'],
    ['', ''],
  ])('%s → %s', (input, masked) => {
    expect(maskName(input)).toBe(masked);
  });

  it('non-strings give an empty string', () => {
    expect(maskName(null)).toBe('');
  });
});
