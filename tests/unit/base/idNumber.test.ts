import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkCharValid } from '../../../base/idNumber';
import { maskIdNumber, maskPhoneNumber } from '../../../base/mask';
import { withCheck } from '../journey/fixtures';

describe('ID number rule (GB 11643)', () => {
  it('accepts the standard example and refuses a changed check character', () => {
    expect(checkCharValid('11010519491231002X')).toBe(true);
    expect(checkCharValid('11010519491231002x')).toBe(true);
    expect(checkCharValid('110105194912310021')).toBe(false);
    expect(checkCharValid('1101051949123100')).toBe(false);
  });

  it('any single-digit change of a valid number is caught', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{17}$/), fc.integer({ min: 0, max: 16 }), fc.integer({ min: 1, max: 9 }), (body, pos, delta) => {
        const id = withCheck(body);
        expect(checkCharValid(id)).toBe(true);
        const changed = body.slice(0, pos) + String((Number(body[pos]) + delta) % 10) + body.slice(pos + 1) + id[17];
        expect(checkCharValid(changed)).toBe(false);
      }),
    );
  });

  it('masks to the last 4', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('**************002X');
    expect(maskPhoneNumber('13800138000')).toBe('138****8000');
    expect(maskPhoneNumber('8986011234567890123')).toBe('8986011234567890123');
  });
});
