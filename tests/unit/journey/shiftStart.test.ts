import { describe, expect, it } from 'vitest';
import { evaluateShiftStart, type ShiftStartInput } from '../../../electron/core/journey/shiftStart';

const ready: ShiftStartInput = {
  sessionId: 'S1',
  counterId: 'C3',
  clerkId: '1024',
  reader: { connected: true, samOk: true },
  photoDecoder: { configured: false, path: null, installFile: '/etc/counterdesk/install.json', error: null },
  printer: { online: true, paperOut: false, paperLow: false },
  till: { state: 'open', sessionId: 1, items: { sim_card: 20, value_card: 10, invoice_paper: 100 } },
};

const levels = (input: ShiftStartInput) => Object.fromEntries(evaluateShiftStart(input).map((i) => [i.item, i.level]));

describe('shift start checklist (班前准备)', () => {
  it('all ok when devices work and the items were counted', () => {
    expect(levels(ready)).toEqual({ reader: 'ok', photo_decoder: 'ok', printer: 'ok', counter_items: 'ok' });
    expect(evaluateShiftStart(ready).find((i) => i.item === 'counter_items')?.text_zh).toContain('SIM卡 20');
  });

  it('fails on a missing reader, a bad SAM, an offline printer, paper out, uncounted items', () => {
    expect(levels({ ...ready, reader: null }).reader).toBe('fail');
    expect(levels({ ...ready, reader: { connected: true, samOk: false } }).reader).toBe('fail');
    expect(levels({ ...ready, printer: { online: false, paperOut: false, paperLow: false } }).printer).toBe('fail');
    expect(levels({ ...ready, printer: { online: true, paperOut: true, paperLow: false } }).printer).toBe('fail');
    expect(levels({ ...ready, till: { state: 'none' } }).counter_items).toBe('fail');
    expect(evaluateShiftStart({ ...ready, till: { state: 'none' } }).find((i) => i.item === 'counter_items')?.text_zh).toContain('钱箱尚未开班');
  });

  it('warns on paper running low and on items at zero, naming what cannot be done', () => {
    expect(levels({ ...ready, printer: { online: true, paperOut: false, paperLow: true } }).printer).toBe('warn');
    const items = evaluateShiftStart({ ...ready, till: { state: 'open', sessionId: 1, items: { sim_card: 0, value_card: 5, invoice_paper: 0 } } }).find((i) => i.item === 'counter_items')!;
    expect(items.level).toBe('warn');
    expect(items.text_zh).toContain('新装入网');
    expect(items.text_en).toContain('invoice paper');
  });

  it('names the photo decoder: its path when installed, the install file when not, the refusal as a warning', () => {
    const none = evaluateShiftStart(ready).find((i) => i.item === 'photo_decoder')!;
    expect(none).toMatchObject({ level: 'ok' });
    expect(none.text_zh).toContain('/etc/counterdesk/install.json');
    expect(none.text_zh).toContain('实体证件');
    const installed = evaluateShiftStart({ ...ready, photoDecoder: { configured: true, path: '/opt/vendor/wlt2bmp', installFile: '/etc/counterdesk/install.json', error: null } });
    expect(installed.find((i) => i.item === 'photo_decoder')).toMatchObject({ level: 'ok', text_en: 'ID photo decoder configured: /opt/vendor/wlt2bmp' });
    const refused = evaluateShiftStart({
      ...ready,
      photoDecoder: { configured: false, path: null, installFile: '/etc/counterdesk/install.json', error: { code: 'INSTALL_CONFIG_UNSAFE', message_zh: '安装配置文件不安全', message_en: 'The install file is not safe' } },
    }).find((i) => i.item === 'photo_decoder')!;
    expect(refused.level).toBe('warn');
    expect(refused.text_en).toContain('The install file is not safe');
  });

  it('after the day’s settlement it says 今日已结账, not that the items are uncounted', () => {
    const item = evaluateShiftStart({ ...ready, till: { state: 'settled', zNo: 12 } }).find((i) => i.item === 'counter_items')!;
    expect(item.level).toBe('fail');
    expect(item.text_zh).toMatch(/^今日已结账（结账单 Z12）/);
    expect(item.text_zh).not.toContain('尚未清点');
  });

  it('every item speaks both languages', () => {
    for (const i of [...evaluateShiftStart({ ...ready, reader: null, printer: null, till: { state: 'none' } }), ...evaluateShiftStart({ ...ready, till: { state: 'settled', zNo: 3 } })]) {
      expect(i.text_zh).toMatch(/[\u4e00-\u9fff]/);
      expect(i.text_en).toMatch(/[a-z]/);
    }
  });
});
