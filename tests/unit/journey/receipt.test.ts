// The customer's receipt as the journey asks for it: names from the catalog, labelled entries,
// the ticket, and the training mark — never a code such as plan_58.
import { describe, expect, it } from 'vitest';
import { apply, startJourney } from '../../../electron/core/journey/machine';
import { receiptData } from '../../../electron/core/journey/facts';
import type { JourneyCommand, JourneyState } from '../../../electron/core/journey/types';
import { receiptDoc, receiptTitle } from '../../../electron/core/wiring/receipts';
import { previewText } from '../../../native/printer/preview';
import { TRAINING_MARK } from '../../../native/printer/templates/training-mark';
import { card, ctx, T0 } from './fixtures';

function newLineAtRecommend(ticket: string | null): JourneyState {
  let s = startJourney({ journeyId: 'J-0001-abcdef', counterId: '03', clerkId: '1024', now: T0 });
  const cmds: JourneyCommand[] = [
    { type: 'greet', ticket },
    { type: 'chooseBusinesses', codes: ['new_line'] },
    { type: 'verifyCard', card: card(), faceConfirmed: true },
    { type: 'answerConsent', code: 'new_line', answer: 'agreed' },
    { type: 'submitBusiness', code: 'new_line', fields: { phone_number: '13800138000', plan: 'plan_58', sim_serial: '8986011234567890123' }, feeFen: 5800 },
  ];
  let t = T0;
  for (const c of cmds) s = apply(s, c, ctx((t += 1000))).state;
  return s;
}

describe('the customer receipt of a journey', () => {
  it('labels each entry as the catalog does and names the plan, not its code', () => {
    const data = receiptData(newLineAtRecommend('A023'), T0 + 60_000);
    expect(data.lines[0]!.details).toEqual([
      { label_zh: '选定号码', label_en: 'Chosen number', value_zh: '138****8000', value_en: '138****8000' },
      { label_zh: '套餐', label_en: 'Tariff plan', value_zh: '畅享58元套餐', value_en: 'Enjoy 58 plan' },
      { label_zh: 'SIM卡号(ICCID)', label_en: 'SIM serial (ICCID)', value_zh: '8986011234567890123', value_en: '8986011234567890123' },
    ]);
    const paper = previewText(receiptDoc(data, { hallName: '人民路营业厅', timeZone: 'Asia/Shanghai', training: false })).join('\n');
    expect(paper).toContain('套餐：畅享58元套餐');
    expect(paper).toContain('选定号码：138****8000');
    expect(paper).not.toContain('plan_58');
    expect(paper).toMatch(/号票\s+A023/);
    expect(paper).not.toContain(TRAINING_MARK);
    expect(receiptTitle(data)).toBe('业务受理回单 · 号票 A023');
  });

  it('says 培训练习 — 无效 in training mode; without a ticket the queue names the journey', () => {
    const data = receiptData(newLineAtRecommend(null), T0 + 60_000);
    const paper = previewText(receiptDoc(data, { hallName: '人民路营业厅', timeZone: 'Asia/Shanghai', training: true }));
    expect(paper.filter((l) => l.trim() === TRAINING_MARK)).toHaveLength(2);
    expect(paper.join('\n')).not.toContain('号票');
    expect(receiptTitle(data)).toBe('业务受理回单 · 流水 J-0001-a');
  });

  it('prints the raw entries labelled by key for a receipt an older version asked for', () => {
    const data = receiptData(newLineAtRecommend('A023'), T0);
    delete data.lines[0]!.details;
    const paper = previewText(receiptDoc(data, { hallName: '人民路营业厅', timeZone: 'Asia/Shanghai', training: false })).join('\n');
    expect(paper).toContain('plan：plan_58');
  });
});
