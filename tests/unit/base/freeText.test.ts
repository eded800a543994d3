import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findPersonalData } from '../../../base/freeText';
import { freeText } from '../../../base/contract/freeText';
import { withCheckCharacter } from '../../../base/idNumber';

const kind = (t: string) => findPersonalData(t)?.kind ?? null;

describe('personal data in free text', () => {
  it('finds ID numbers, plain and with spaces or dashes, with a right or wrong check character', () => {
    expect(kind('客户 11010519491231002X 忘带证件')).toBe('id_number');
    expect(kind('110105 19491231 002X')).toBe('id_number');
    expect(kind('110105-1949-1231-002x')).toBe('id_number');
    expect(kind('证件号110105194912310021')).toBe('id_number');
  });

  it('finds mobile numbers, also with +86 and separators, and next to an amount', () => {
    expect(kind('回电13800138000')).toBe('mobile');
    expect(kind('138 0013 8000')).toBe('mobile');
    expect(kind('+86-138-0013-8000')).toBe('mobile');
    expect(kind('退款 58.00 13800138000')).toBe('mobile');
  });

  it('finds bank card numbers (Luhn), not any long number', () => {
    const luhnComplete = (body: string) => {
      for (let d = 0; d < 10; d++) {
        const n = body + d;
        let sum = 0;
        for (let i = 0; i < n.length; i++) {
          let x = Number(n[n.length - 1 - i]);
          if (i % 2 === 1) x = x * 2 > 9 ? x * 2 - 9 : x * 2;
          sum += x;
        }
        if (sum % 10 === 0) return n;
      }
      throw new Error('unreachable');
    };
    const card = luhnComplete('621700001000123456');
    expect(kind(`卡号 ${card}`)).toBe('bank_card');
    expect(kind(`卡号 ${card.replace(/(\d{4})(?=\d)/g, '$1 ')}`)).toBe('bank_card');
    expect(kind('4111 1111 1111 1111')).toBe('bank_card');
    expect(kind('4111111111111112')).toBeNull(); // fails Luhn
  });

  it('leaves ordinary counter notes alone', () => {
    for (const t of [
      '顾客改日再来',
      '缴款袋 BAG-2026-0001，封签 S-778812',
      'A023 号客户要求取消',
      '找零 42.00，实收 100.00',
      '2026-11-28 18:00 设备故障',
      '微信交易号 4200001234202611281234567890',
      '客服热线 400-810-8888',
      '工号 C001 协助',
    ]) {
      expect(kind(t), t).toBeNull();
    }
  });

  it('finds any valid ID number wherever it sits in the text', () => {
    const region = fc.constantFrom('110105', '310101', '440305', '510107');
    const birth = fc.date({ min: new Date('1930-01-01'), max: new Date('2020-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10).replace(/-/g, ''));
    const seq = fc.integer({ min: 0, max: 999 }).map((n) => String(n).padStart(3, '0'));
    fc.assert(
      fc.property(region, birth, seq, fc.string({ maxLength: 20 }), fc.string({ maxLength: 20 }), (r, b, q, pre, post) => {
        const id = withCheckCharacter(r + b + q);
        return findPersonalData(`${pre.replace(/[\d+]/g, '')} ${id} ${post.replace(/[\dXx]/g, '')}`)?.kind === 'id_number';
      }),
    );
  });

  it('the contract refuses it with advice in both languages', () => {
    const r = freeText({ min: 2, max: 200 }).safeParse('客户 13800138000 要求回电');
    expect(r.success).toBe(false);
    const issue = r.error!.issues[0]!;
    expect(issue.message).toContain('请勿填写手机号码');
    expect((issue as { params?: { message_en?: string } }).params?.message_en).toContain('mobile number');
    expect(freeText({ min: 2, max: 200 }).parse('  顾客改日再来 ')).toBe('顾客改日再来');
  });
});
