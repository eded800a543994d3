import { describe, expect, it } from 'vitest';
import { BilingualError } from '../../../base/contract/errors';
import { previewText } from '../../../native/printer/preview';
import { customerReceipt } from '../../../native/printer/templates/customer-receipt';
import { maskIdNumber } from '../../../base/mask';
import { denominationLabel, formatFen, formatTime } from '../../../native/printer/templates/format';
import { settlementFigures, settlementReport } from '../../../native/printer/templates/settlement-report';
import { AT, customerData, settlementData } from './fixtures';

describe('formatting', () => {
  it('amounts from integer fen', () => {
    expect(formatFen(128650)).toBe('￥1,286.50');
    expect(formatFen(5)).toBe('￥0.05');
    expect(formatFen(0)).toBe('￥0.00');
    expect(formatFen(-1200)).toBe('-￥12.00');
    expect(formatFen(123456789)).toBe('￥1,234,567.89');
    expect(() => formatFen(12.5)).toThrow(RangeError);
  });

  it('ID numbers keep the last 4 only', () => {
    expect(maskIdNumber('110101199003074024')).toBe('**************4024');
    expect(maskIdNumber('11010119900307402X')).toBe('**************402X');
    expect(maskIdNumber('12345678')).toBe('******78');
  });

  it('times in the hall zone, denominations in 元/角/分', () => {
    expect(formatTime(AT)).toBe('2024-05-01 09:30:05');
    expect(formatTime(AT, 'UTC')).toBe('2024-05-01 01:30:05');
    expect([10000, 500, 50, 10, 5].map(denominationLabel)).toEqual(['100元', '5元', '5角', '1角', '5分']);
  });
});

describe('customer receipt', () => {
  it('refuses amounts that do not add up', () => {
    const bad = { ...customerData, payment: { method: 'cash' as const, tenderedFen: 130000, changeFen: 1350 } };
    expect(() => customerReceipt(bad)).toThrow(BilingualError);
  });

  it('non-cash payment prints no tendered/change lines and no ID line when none given', () => {
    const { customerIdNumber: _omit, ...rest } = customerData;
    const text = previewText(customerReceipt({ ...rest, payment: { method: 'wechat' } })).join('\n');
    expect(text).toMatch(/支付方式\s+微信支付/);
    expect(text).not.toContain('找零');
    expect(text).not.toContain('证件号码');
  });
});

describe('settlement report', () => {
  it('variance: 长款 / 短款 / 无差异', () => {
    expect(settlementFigures(settlementData)).toEqual({ countedFen: 173650, varianceFen: 0, varianceLabel: '无差异' });
    expect(settlementFigures({ ...settlementData, expectedCashFen: 173700 })).toMatchObject({ varianceFen: -50, varianceLabel: '短款' });
    const over = settlementReport({ ...settlementData, expectedCashFen: 173000 });
    expect(previewText(over).join('\n')).toMatch(/差异（长款）\s+￥6\.50/);
  });

});
