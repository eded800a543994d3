/** The one list of error codes: complete for what the reader's status table can throw, and unambiguous. */
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, isErrorCode } from '../../../base/contract/errorCodes';
import { BilingualError, errorShape, hasCode } from '../../../base/contract/errors';
import { KNOWN_SW3, statusError } from '../../../native/idcard/status';

describe('error codes', () => {
  it('names each code once', () => {
    expect(new Set(ERROR_CODES).size).toBe(ERROR_CODES.length);
  });

  it('holds every code the reader’s SW3 table throws (the compiler cannot see that table’s strings)', () => {
    for (const sw3 of [...KNOWN_SW3, 0x12]) expect(isErrorCode(statusError(sw3).code), `SW3 ${sw3.toString(16)}`).toBe(true);
  });

  it('refuses an unknown code in a method output, and matches a refusal by its code', () => {
    expect(errorShape.safeParse({ code: 'TILL_NOT_OPEN', message_zh: '未开班', message_en: 'not open' }).success).toBe(true);
    expect(errorShape.safeParse({ code: 'NO_SUCH_CODE', message_zh: '?', message_en: '?' }).success).toBe(false);
    const e = new BilingualError('TILL_EARLY_SETTLEMENT', '未到营业结束时间', 'Before closing time');
    expect(hasCode(e, 'TILL_EARLY_SETTLEMENT')).toBe(true);
    expect(hasCode(e.toShape(), 'TILL_RECOUNT', 'TILL_EARLY_SETTLEMENT')).toBe(true);
    expect(hasCode(e, 'TILL_RECOUNT')).toBe(false);
    expect(hasCode(new Error('x'), 'INTERNAL')).toBe(false);
  });

  it('does not compile a code written as a literal that is not in the list (tsc checks this file)', () => {
    // @ts-expect-error 'TILL_TYPO' is not an ErrorCode
    const typo = new BilingualError('TILL_TYPO', '错', 'wrong');
    // @ts-expect-error nor can a renderer match on one
    expect(hasCode(typo, 'TILL_TYPO')).toBe(true);
  });
});
