/**
 * The journeys the privacy tests seed, driven through the real core the way the counter screen
 * does: a full new line with the sample resident card read by the (simulated) reader and its
 * receipt printed, an ID typed in by hand with a reason, a cancel with a reason.
 */
import type { Core } from '../../electron/core/app';
import type { JourneyView } from '../../base/contract/journey';
import { nextEvent, type Caller } from './counterDay';

export async function openCounter(c: Caller): Promise<void> {
  await c.call('till.open', { float: { note_100: 2, note_50: 4, note_10: 10, coin_1: 20 }, items: { sim_card: 20, value_card: 10, invoice_paper: 100 } });
  const shift = await c.call('shift.run', {});
  if (shift.result === 'fail') throw new Error(`shift check failed: ${JSON.stringify(shift.items)}`);
}

export async function toVerify(c: Caller, ticket = 'A023', code = 'new_line'): Promise<JourneyView> {
  const j = await c.call('journey.begin', {});
  await c.call('journey.act', { journeyId: j.journeyId, command: { type: 'greet', ticket } });
  return c.call('journey.act', { journeyId: j.journeyId, command: { type: 'chooseBusinesses', codes: [code] } });
}

/** The sample card placed on the reader and taken by the verify step. */
export async function verifyWithCard(c: Caller, core: Core, j: JourneyView, sample: 'resident' | 'hmt-permit' = 'resident'): Promise<JourneyView> {
  const read = nextEvent(core, 'card.read');
  await c.call('training.placeCard', { sample });
  await read;
  await c.call('journey.pendingCard', {});
  const v = await c.call('journey.act', { journeyId: j.journeyId, command: { type: 'verifyCard', faceConfirmed: true } });
  await c.call('training.removeCard', {});
  return v;
}

/** From consent to farewell: a new line for 58.00 paid with 100.00, the receipt printed. */
export async function finishNewLine(c: Caller, core: Core, j: JourneyView, opts: { recommendReason?: string } = {}): Promise<JourneyView> {
  const id = j.journeyId;
  await c.call('journey.act', { journeyId: id, command: { type: 'answerConsent', code: 'new_line', answer: 'agreed' } });
  await c.call('journey.act', {
    journeyId: id,
    command: { type: 'submitBusiness', code: 'new_line', fields: { phone_number: '13800138000', plan: 'plan_58', sim_serial: '8986011234567890123' }, feeFen: 5800 },
  });
  await c.call('journey.act', { journeyId: id, command: { type: 'payCash', tenderedFen: 10000 } });
  const offer = opts.recommendReason
    ? { productCode: 'broadband_bundle', outcome: 'not_applicable' as const, reason: opts.recommendReason }
    : { productCode: 'broadband_bundle', outcome: 'declined' as const };
  let v = await c.call('journey.act', { journeyId: id, command: { type: 'recommend', offers: [offer] } });
  await core.services.domain!.printing.queue.whenSettled(Number(v.receipt?.jobId));
  await c.call('journey.act', { journeyId: id, command: { type: 'handOver', idCardReturned: true, documentsReturned: true, receiptInFolder: true } });
  v = await c.call('journey.act', { journeyId: id, command: { type: 'farewell' } });
  return v;
}
