import { describe, expect, it } from 'vitest';
import { BilingualError } from '../../../base/contract/errors';
import { previewText } from '../../../native/printer/preview';
import { customerReceipt } from '../../../native/printer/templates/customer-receipt';
import { maskIdNumber } from '../../../base/mask';
import { denominationLabel, formatFen, formatTime } from '../../../native/printer/templates/format';
import { settlementFigures, settlementReport } from '../../../native/printer/templates/settlement-report';
import { testReceipt } from '../../../native/printer/templates/test-receipt';
import { TRAINING_MARK, withTrainingMark } from '../../../native/printer/templates/training-mark';
import { modelForWidth } from '../../../native/printer/model';
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

  it('prints the ticket, labelled header fields and each business entry with its label', () => {
    const text = previewText(
      customerReceipt({ ...customerData, ticket: 'A023', items: [{ name: '新装入网', feeFen: 5800, details: [{ label: '套餐', value: '畅享58元套餐' }, { label: '选定号码', value: '138****8000' }] }], payment: { method: 'wechat' } }),
    ).join('\n');
    expect(text).toMatch(/号票\s+A023/);
    expect(text).toMatch(/营业员工号\s+YY0217/);
    expect(text).toMatch(/业务流水号\s+BJXD20240501-000123/);
    expect(text).toMatch(/新装入网\s+￥58\.00/);
    expect(text).toContain('  套餐：畅享58元套餐');
    expect(text).toContain('  选定号码：138****8000');
    expect(text).not.toContain('培训');
  });

  it('the preview is Chinese only: no English words for the cut or the QR code', () => {
    for (const width of [58, 80] as const) {
      const lines = previewText(customerReceipt(customerData), modelForWidth(width));
      expect(lines.join('\n')).not.toMatch(/cut|tear|QR/);
      expect(lines.at(-1)).toBe('✂ 半切');
      expect(lines.some((l) => l.includes('[二维码：BJXD20240501-000123]'))).toBe(true);
    }
  });
});

describe('training mark', () => {
  it('is on top and above the cut of receipts and test prints made in training mode, once', () => {
    for (const doc of [customerReceipt({ ...customerData, training: true }), testReceipt({ at: AT, link: 'simulated', training: true })]) {
      const lines = previewText(doc);
      expect(lines.filter((l) => l.trim() === TRAINING_MARK)).toHaveLength(2);
      expect(lines[0]!.trim()).toBe(TRAINING_MARK);
      expect(lines.at(-2)!.trim()).toBe(TRAINING_MARK);
      expect(lines.at(-1)).toMatch(/^✂/);
      expect(withTrainingMark(doc)).toEqual(doc);
    }
    expect(previewText(testReceipt({ at: AT, link: 'COM3' })).join('\n')).not.toContain(TRAINING_MARK);
  });

  it('marks a document with no cut at its end', () => {
    const marked = withTrainingMark({ blocks: [{ kind: 'text', text: '结账报表' }] });
    expect(marked.blocks.map((b) => (b.kind === 'text' ? b.text : b.kind))).toEqual([TRAINING_MARK, 'rule', '结账报表', 'rule', TRAINING_MARK]);
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
