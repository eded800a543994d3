import { describe, expect, it } from 'vitest';
import { scrubPii } from '../../../electron/core/privacy/scrub';

describe('scrubPii: the log line safety net', () => {
  it('masks an 18-character ID number inside text', () => {
    expect(scrubPii('verify ok id=110101199003074514 counter=03')).toBe('verify ok id=**************4514 counter=03');
    expect(scrubPii('读卡成功：11010119900307451x，姓名已脱敏')).toBe('读卡成功：**************451x，姓名已脱敏');
    expect(scrubPii('ID110101199003074514')).toBe('ID**************4514');
  });

  it('masks old 15-digit numbers and several numbers in one line', () => {
    expect(scrubPii('a 110101900307451 b 440301199912310018 c')).toBe('a ***********7451 b **************0018 c');
  });

  it('masks numbers in JSON', () => {
    expect(scrubPii('{"idNumber":"110101199003074514"}')).toBe('{"idNumber":"**************4514"}');
  });

  it('leaves other numbers alone: phones, amounts, epoch ms, bank cards, hashes', () => {
    const line = 'phone 13800138000 fen 1234567 at 1748826000000 card 6222021234567890123 hash 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08';
    expect(scrubPii(line)).toBe(line);
  });

  it('is safe on empty and non-string input', () => {
    expect(scrubPii('')).toBe('');
    expect(scrubPii(undefined as unknown as string)).toBe('');
  });
});

describe('scrubPii property', () => {
  it('no ID number survives, whatever non-digit text surrounds it', async () => {
    const fc = (await import('fast-check')).default;
    const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((d) => d.join(''));
    const id = fc.tuple(digits(17), fc.constantFrom('0', '5', '9', 'X', 'x')).map(([a, b]) => a + b);
    const text = fc.string({ maxLength: 20 }).map((s) => s.replace(/[0-9]/g, ''));
    fc.assert(
      fc.property(text, id, text, (before, idNo, after) => {
        const out = scrubPii(before + idNo + after);
        expect(out).not.toContain(idNo);
        expect(out).toContain(`**************${idNo.slice(14)}`);
      }),
    );
  });
});
