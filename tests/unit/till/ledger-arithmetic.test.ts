/**
 * The ledger's arithmetic against a plain model: over random sequences of movements (with
 * corrections and refused overdrafts), expected cash, the per-kind figures and the totals per
 * non-cash tender summed by SQL from the session's rows equal what the model adds up.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BilingualError } from '../../../base/contract/errors';
import { NON_CASH_TENDERS, type NonCashTender, type Tender } from '../../../base/contract/tenders';
import { verifyLedger } from '../../../electron/core/till';
import { FLOAT_500, makeTill, type TillFixture } from './fixture';

type Cmd =
  | { t: 'sale'; tender: Tender; due: number; extra: number }
  | { t: 'refund'; tender: Tender; amount: number }
  | { t: 'change' | 'drop' | 'cash_in' | 'cash_out'; amount: number }
  | { t: 'item'; item: 'sim_card' | 'value_card' | 'invoice_paper'; qty: number }
  | { t: 'correct'; pick: number };

const tender = fc.constantFrom<Tender>('cash', 'wechat', 'alipay', 'unionpay');
const fen = fc.integer({ min: 1, max: 80_000 });
const cmd: fc.Arbitrary<Cmd> = fc.oneof(
  fc.record({ t: fc.constant('sale' as const), tender, due: fen, extra: fc.integer({ min: 0, max: 10_000 }) }),
  fc.record({ t: fc.constant('refund' as const), tender, amount: fen }),
  fc.record({ t: fc.constantFrom('change' as const, 'drop' as const, 'cash_in' as const, 'cash_out' as const), amount: fen }),
  fc.record({ t: fc.constant('item' as const), item: fc.constantFrom('sim_card' as const, 'value_card' as const, 'invoice_paper' as const), qty: fc.integer({ min: 1, max: 5 }) }),
  fc.record({ t: fc.constant('correct' as const), pick: fc.nat() }),
);

interface ModelRow { seq: number; kind: string; tender: Tender | null; amount: number; tendered: number; change: number; item: string | null; qty: number; corrected: boolean; isCorrection: boolean }

describe('ledger arithmetic (property)', () => {
  let f: TillFixture;
  let run = 0;
  beforeAll(() => { f = makeTill(); });
  afterAll(() => f.close());

  it('SQL session totals equal the model over random movements', () => {
    fc.assert(
      fc.property(fc.array(cmd, { minLength: 1, maxLength: 30 }), (cmds) => {
        run++;
        // One session per run, on its own counter and clerk, in one shared database.
        const s = f.till.openSession({ counterId: `T${run}`, clerkStaffNo: `P${run}`, float: FLOAT_500 });
        const rows: ModelRow[] = [];
        const cashOf = (): number => 50_000 + rows.filter((r) => r.tender === 'cash').reduce((a, r) => a + r.amount, 0);
        for (const c of cmds) {
          f.clock.advance(1000);
          let expectRefusal = false;
          let planned: Omit<ModelRow, 'seq'> | null = null;
          const base = { tendered: 0, change: 0, item: null, qty: 0, corrected: false, isCorrection: false };
          switch (c.t) {
            case 'sale': {
              const tendered = c.tender === 'cash' ? c.due + c.extra : c.due;
              planned = { ...base, kind: 'sale', tender: c.tender, amount: c.due, tendered, change: tendered - c.due };
              break;
            }
            case 'refund': planned = { ...base, kind: 'refund', tender: c.tender, amount: -c.amount }; break;
            case 'change': planned = { ...base, kind: 'change', tender: 'cash', amount: -c.amount }; break;
            case 'drop': planned = { ...base, kind: 'drop', tender: 'cash', amount: -c.amount }; break;
            case 'cash_in': planned = { ...base, kind: 'cash_in', tender: 'cash', amount: c.amount }; break;
            case 'cash_out': planned = { ...base, kind: 'cash_out', tender: 'cash', amount: -c.amount }; break;
            case 'item': planned = { ...base, kind: 'item_use', tender: null, amount: 0, item: c.item, qty: c.qty }; break;
            case 'correct': {
              const open = rows.filter((r) => !r.corrected && !r.isCorrection);
              const target = open.length ? open[c.pick % open.length] : undefined;
              if (!target) continue;
              planned = { ...target, amount: -target.amount, tendered: -target.tendered, change: -target.change, qty: -target.qty, isCorrection: true };
              break;
            }
          }
          if (planned.tender === 'cash' && planned.amount < 0 && cashOf() + planned.amount < 0) expectRefusal = true;
          try {
            const sid = s.id;
            let written;
            switch (c.t) {
              case 'sale': written = f.till.recordSale({ actor: `P${run}`, sessionId: sid, tender: c.tender, dueFen: c.due, tenderedFen: planned.tendered, journeyRef: 'J' }); break;
              case 'refund': written = f.till.recordRefund({ actor: `P${run}`, sessionId: sid, tender: c.tender, amountFen: c.amount, reason: '退费' }); break;
              case 'change': written = f.till.recordChangeGiven({ actor: `P${run}`, sessionId: sid, amountFen: c.amount, reason: '补找零' }); break;
              case 'drop': written = f.till.recordDrop({ actor: `P${run}`, sessionId: sid, amountFen: c.amount, bagNo: 'B1' }); break;
              case 'cash_in': written = f.till.recordCashIn({ actor: `P${run}`, sessionId: sid, amountFen: c.amount, reason: '补备用金' }); break;
              case 'cash_out': written = f.till.recordCashOut({ actor: `P${run}`, sessionId: sid, amountFen: c.amount, reason: '支出' }); break;
              case 'item': written = f.till.useItem({ sessionId: sid, item: c.item, qty: c.qty, journeyRef: 'J', actor: 'C001' }); break;
              case 'correct': {
                const open = rows.filter((r) => !r.corrected && !r.isCorrection);
                const target = open[c.pick % open.length]!;
                written = f.till.correct({ actor: `P${run}`, sessionId: sid, seq: target.seq, reason: '录错' });
                target.corrected = true;
                break;
              }
            }
            expect(expectRefusal).toBe(false);
            rows.push({ ...planned, seq: written.seq });
          } catch (e) {
            if (!(e instanceof BilingualError) || e.code !== 'TILL_NOT_ENOUGH_CASH') throw e;
            expect(expectRefusal).toBe(true);
          }
        }
        const t = f.till.sessionTotals(s.id);
        const sum = (p: (r: ModelRow) => boolean, v: (r: ModelRow) => number): number => rows.filter(p).reduce((a, r) => a + v(r), 0);
        const out = (p: (r: ModelRow) => boolean): number => 0 - sum(p, (r) => r.amount); // outflows as positive magnitudes (no -0)
        expect(t.expectedCashFen).toBe(cashOf());
        expect(t.floatFen).toBe(50_000);
        expect(t.cashSalesFen).toBe(sum((r) => r.kind === 'sale' && r.tender === 'cash', (r) => r.amount));
        expect(t.cashTenderedFen).toBe(sum((r) => r.kind === 'sale' && r.tender === 'cash', (r) => r.tendered));
        expect(t.saleChangeFen).toBe(sum((r) => r.kind === 'sale' && r.tender === 'cash', (r) => r.change));
        expect(t.cashTenderedFen - t.saleChangeFen).toBe(t.cashSalesFen);
        expect(t.cashRefundsFen).toBe(out((r) => r.kind === 'refund' && r.tender === 'cash'));
        expect(t.dropsFen).toBe(out((r) => r.kind === 'drop'));
        expect(t.changeGivenFen).toBe(out((r) => r.kind === 'change'));
        expect(t.cashOutFen).toBe(out((r) => r.kind === 'cash_out'));
        expect(t.floatFen + t.cashSalesFen - t.changeGivenFen - t.cashRefundsFen - t.dropsFen + t.cashInFen - t.cashOutFen).toBe(t.expectedCashFen);
        for (const nt of NON_CASH_TENDERS as readonly NonCashTender[]) {
          expect(t.nonCash[nt].netFen).toBe(sum((r) => r.tender === nt, (r) => r.amount));
          expect(t.nonCash[nt].salesFen).toBe(sum((r) => r.tender === nt && r.kind === 'sale', (r) => r.amount));
        }
        expect(t.itemsUsed.sim_card).toBe(sum((r) => r.item === 'sim_card', (r) => r.qty));
        expect(t.rows).toBe(rows.length + 1);
        expect(t.corrections).toBe(rows.filter((r) => r.isCorrection).length);
      }),
      { numRuns: 40 },
    );
    expect(verifyLedger(f.db, f.key).ok).toBe(true);
  });
});
