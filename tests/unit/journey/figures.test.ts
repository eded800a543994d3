import { describe, expect, it } from 'vitest';
import { apply, startJourney } from '../../../electron/core/journey/machine';
import { clerkActionCount, NEW_LINE_ACTION_TARGET, stepDurations } from '../../../electron/core/journey/figures';
import type { JourneyCommand } from '../../../electron/core/journey/types';
import { card, ctx, T0 } from './fixtures';

const standardNewLine: JourneyCommand[] = [
  { type: 'greet', ticket: 'A023' },
  { type: 'chooseBusinesses', codes: ['new_line'] },
  { type: 'verifyCard', card: card(), faceConfirmed: true },
  { type: 'answerConsent', code: 'new_line', answer: 'agreed' },
  { type: 'submitBusiness', code: 'new_line', fields: { phone_number: '13800138000', plan: 'plan_58', sim_serial: '8986011234567890123' }, feeFen: 5800 },
  { type: 'payCash', tenderedFen: 10000 },
  { type: 'effectDone', key: 'J1:pay' },
  { type: 'recommend', offers: [{ productCode: 'broadband_bundle', outcome: 'declined' }] },
  { type: 'effectDone', key: 'J1:receipt', jobId: 'j' },
  { type: 'handOver', idCardReturned: true, documentsReturned: true, receiptInFolder: true },
  { type: 'farewell' },
];

describe('journey figures', () => {
  it('the standard new line takes the target number of clerk actions beyond typing', () => {
    const { total, byCommand } = clerkActionCount(standardNewLine);
    expect(total).toBe(NEW_LINE_ACTION_TARGET);
    expect(total).toBeLessThanOrEqual(12);
    expect(byCommand.some((c) => c.type === 'effectDone')).toBe(false);
  });

  it('counts extra clicks: more businesses, manual entry, confirm ticks', () => {
    const more = clerkActionCount([
      { type: 'chooseBusinesses', codes: ['new_line', 'top_up'] },
      { type: 'verifyManual', entry: { cardType: 'resident', name: 'x', sex: null, idNumber: 'x', validTo: 'long-term' }, reason: '芯片损坏', faceConfirmed: true },
      { type: 'submitBusiness', code: 'owner_transfer', fields: { phone_number: '1', new_owner_verified: true, arrears_cleared: true } },
    ]);
    expect(more.byCommand.map((c) => c.actions)).toEqual([3, 3, 3]);
  });

  it('measures each step from the recorded step log', () => {
    let s = startJourney({ journeyId: 'J1', counterId: 'C1', clerkId: 'E1', now: T0 });
    let t = T0;
    const gaps = [4000, 6000, 20000, 5000, 60000, 15000, 10000, 2000, 8000, 3000, 1000];
    standardNewLine.forEach((cmd, i) => {
      t += gaps[i]!;
      s = apply(s, cmd, { ...ctx(t), receiptJob: { state: 'printed', reason: null, printedAt: t } }).state;
    });
    const d = stepDurations(s, t);
    expect(d.greet).toBe(4000);
    expect(d.need).toBe(6000);
    expect(d.verify).toBe(20000);
    expect(d.payment).toBe(15000 + 10000);
    expect(d.farewell).toBe(1000);
    expect(Object.values(d).reduce((a, b) => a + b, 0)).toBe(t - T0);
  });
});
