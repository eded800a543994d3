// The journey's till port: a repeated effect key never posts twice; a stuck drawer kick never blocks a payment.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../../../base/clock';
import { openDatabase } from '../../../electron/core/storage/db';
import { Till } from '../../../electron/core/till';
import { journeyTillPort } from '../../../electron/core/wiring/journeyTill';
import { tempDir } from '../../helpers/tempDir';
import { testKeys } from '../../helpers/keys';

afterEach(() => vi.useRealTimers());

function setup(kick: () => Promise<void>) {
  const dir = tempDir();
  const { db } = openDatabase({ dataDir: dir });
  const clock = new ManualClock(Date.parse('2026-11-26T10:00:00+08:00'));
  const till = new Till({ db, clock, chainKey: testKeys(dir).key('ledger-chain'), approver: { verify: () => { throw new Error('unused'); } }, openJourneys: () => 0 });
  till.openSession({ counterId: '03', clerkStaffNo: '1024', float: { note_100: 1 }, items: {} });
  const late: unknown[] = [];
  const port = journeyTillPort({ till: () => till, counterId: () => '03', actorOf: () => '1024', drawer: { kick }, kickWaitMs: 50, onLateKick: (e) => late.push(e) });
  return { db, till, port, late };
}

describe('journey till port', () => {
  it('posts a cash sale once however often the same effect key comes back', async () => {
    const { till, port } = setup(async () => undefined);
    for (let i = 0; i < 3; i++) await port.postCashSale({ journeyId: 'J1', dueFen: 5800, tenderedFen: 10000, changeFen: 4200, idempotencyKey: 'J1:pay' });
    await port.postNonCash({ journeyId: 'J2', tender: 'wechat', amountFen: 3000, reference: 'WX123456', idempotencyKey: 'J2:pay' });
    await port.postNonCash({ journeyId: 'J2', tender: 'wechat', amountFen: 3000, reference: 'WX123456', idempotencyKey: 'J2:pay' });
    const totals = till.sessionTotals(till.openSessionAt('03')!.id);
    expect(totals.expectedCashFen).toBe(10000 + 5800);
    expect(totals.nonCash.wechat.netFen).toBe(3000);
  });

  it('refuses to take payment with no till open, in both languages', async () => {
    const dir = tempDir();
    const { db } = openDatabase({ dataDir: dir });
    const till = new Till({ db, clock: new ManualClock(0), chainKey: testKeys(dir).key('ledger-chain'), approver: { verify: () => { throw new Error('unused'); } }, openJourneys: () => 0 });
    const port = journeyTillPort({ till: () => till, counterId: () => '03', actorOf: () => null, drawer: { kick: async () => undefined } });
    await expect(async () => port.postCashSale({ journeyId: 'J', dueFen: 1, tenderedFen: 1, changeFen: 0, idempotencyKey: 'J:pay' })).rejects.toMatchObject({ code: 'TILL_NOT_OPEN' });
  });

  it('does not hold the payment while the printer keeps the kick behind a receipt waiting for paper', async () => {
    vi.useFakeTimers();
    let release: (() => void) | null = null;
    const { port, late } = setup(() => new Promise<void>((_r, reject) => (release = () => reject(new Error('printer gone')))));
    const done = Promise.resolve(port.drawerKick({ journeyId: 'J1', idempotencyKey: 'J1:drawer' }));
    let settled = false;
    void done.then(() => (settled = true));
    await vi.advanceTimersByTimeAsync(49);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(settled).toBe(true);
    // The kick still runs on; its late failure is reported, not thrown into the journey.
    release!();
    await vi.advanceTimersByTimeAsync(0);
    expect(late).toHaveLength(1);
  });

  it('passes a kick failure that happens at once to the journey', async () => {
    const { port } = setup(async () => {
      throw new Error('no drawer port');
    });
    await expect(Promise.resolve(port.drawerKick({ journeyId: 'J1', idempotencyKey: 'J1:drawer' }))).rejects.toThrow('no drawer port');
  });
});
