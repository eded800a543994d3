/**
 * One customer at the counter: a seeded plan (businesses, ID, consent, tender, whether they
 * cancel) and the clerk serving it step by step over /rpc. The loop is driven by the step the
 * app reports, never by a fixed script, so after the app was killed it simply reads
 * `journey.current` and carries on from the step the journey resumed at.
 *
 * Cash is moved in the simulated drawer only when the app says the money moved (payment paid,
 * refund done), once per journey: that is the independent record the day checks against.
 */
import type { MethodInput, MethodOutput } from '../../base/contract/methods';
import { CallFailed } from './app';
import { Interrupted, type Counter } from './counter';
import { pause, type CounterDevices } from './devices';
import { walletPieces, type Drawer, type Pieces } from './drawer';
import { Rng } from './rng';

export type Catalog = MethodOutput<'catalog.get'>['businesses'];
type Business = Catalog[number];
type View = MethodOutput<'journey.act'>;
type Command = MethodInput<'journey.act'>['command'];
export type Tender = 'cash' | 'wechat' | 'alipay' | 'unionpay';
export type SampleCard = 'resident' | 'hmt-permit' | 'foreign-2023';
type CancelAt = 'greet' | 'verify' | 'afterPayment' | 'handover' | null;

export interface CustomerPlan {
  no: number;
  ticket: string | null;
  codes: string[];
  idBy: 'card' | 'password' | 'none';
  card: SampleCard;
  refuseCopies: boolean;
  submit: Record<string, { fields: Record<string, string | boolean>; feeFen?: number; balanceRefundFen?: number }>;
  tender: Tender;
  reference: string;
  cancelAt: CancelAt;
  seed: number;
}

export interface CustomerRecord {
  no: number;
  journeyId: string | null;
  outcome: 'closed' | 'cancelled' | null;
  codes: string[];
  liveCodes: string[];
  idBy: CustomerPlan['idBy'];
  card: SampleCard | null;
  tender: Tender | null;
  dueFen: number;
  cash: { tenderedFen: number; changeFen: number; saleFen: number; refundFen: number; payOutFen: number };
  nonCash: { tender: Tender; fen: number; refundFen: number } | null;
  consentRefused: string[];
  reachedHandover: boolean;
  receiptJobId: string | null;
  cancelledAt: string | null;
  interruptions: number;
  cardReads: number;
  /** Card placements the app never reported (the clerk lifted the card and placed it again). */
  cardRetries: number;
}

const CODE_WEIGHTS: Record<string, number> = {
  top_up: 30, new_line: 15, plan_change: 12, vas_toggle: 10, sim_replacement: 10, invoice_print: 8, owner_transfer: 5, account_closure: 6,
};
/** How many 50 ms looks at an unprinted receipt (3 s) before the clerk records "print later". */
const RECEIPT_PATIENCE = 60;
const FEES = [880, 1000, 1250, 2000, 3000, 3370, 3900, 4990, 5000, 5800, 8800, 10000, 12800, 20000, 50000];
const NEW_LINE_FEES = [3900, 5800, 8800, 12800];

function fieldValue(rng: Rng, f: Business['fields'][number]): string | boolean {
  if (f.type === 'confirm') return true;
  if (f.type === 'choice') return rng.pick(f.options ?? []).value;
  const gen: Record<string, () => string> = {
    phone_number: () => `1${rng.int(3, 9)}${rng.digits(9)}`,
    sim_serial: () => `89${rng.digits(17)}`,
    month: () => `2026-${String(rng.int(1, 10)).padStart(2, '0')}`,
  };
  const v = (gen[f.key] ?? (() => `x${rng.digits(6)}`))();
  if (f.pattern !== undefined && !new RegExp(f.pattern).test(v)) throw new Error(`no value generator for field ${f.key} (${f.pattern})`);
  return v;
}

function feeFor(rng: Rng, b: Business): number | undefined {
  if (b.fee.kind !== 'entered') return undefined;
  const { min_fen: min, max_fen: max } = b.fee;
  const pool = (b.code === 'new_line' ? NEW_LINE_FEES : FEES).filter((f) => f >= Math.max(min, 1) && f <= max);
  return pool.length > 0 ? rng.pick(pool) : (b.fee.default_fen ?? min);
}

/** A customer, drawn from their own stream of the day's seed (plans do not shift when faults change). */
export function planCustomer(daySeed: number, no: number, catalog: Catalog): CustomerPlan {
  const rng = new Rng((Math.imul(daySeed ^ 0x9e3779b9, 0x85ebca6b) + Math.imul(no, 0xc2b2ae35)) >>> 0);
  const byCode = new Map(catalog.map((b) => [b.code, b]));
  const weighted = catalog.map((b) => [b.code, CODE_WEIGHTS[b.code] ?? 5] as const);
  const codes = [rng.weighted(weighted)];
  if (rng.chance(0.15)) {
    const second = rng.weighted(weighted.filter(([c]) => c !== codes[0]));
    codes.push(second);
  }
  const defs = codes.map((c) => byCode.get(c)!);
  const needId = defs.filter((d) => d.id.required);
  const passwordOk = needId.length > 0 && needId.every((d) => d.id.service_password);
  const idBy = needId.length === 0 ? 'none' : passwordOk && rng.chance(0.4) ? 'password' : 'card';
  const accepted = (['resident', 'hmt-permit', 'foreign-2023'] as const).filter((c) => needId.every((d) => d.id.accepted.includes(c)));
  const cards: (readonly [SampleCard, number])[] = accepted.map((c) => [c, c === 'resident' ? 6 : 2] as const);
  const card = cards.length > 0 ? rng.weighted(cards) : 'resident';
  const submit: CustomerPlan['submit'] = {};
  for (const d of defs) {
    const fields: Record<string, string | boolean> = {};
    for (const f of d.fields) fields[f.key] = fieldValue(rng, f);
    const feeFen = feeFor(rng, d);
    const balanceRefundFen = d.balance_refund && rng.chance(0.6) ? rng.int(10, 800) * 10 : undefined;
    submit[d.code] = { fields, ...(feeFen !== undefined ? { feeFen } : {}), ...(balanceRefundFen !== undefined ? { balanceRefundFen } : {}) };
  }
  return {
    no,
    ticket: rng.chance(0.8) ? `${rng.pick(['A', 'B', 'C'])}${String(no).padStart(3, '0')}` : null,
    codes,
    idBy,
    card,
    refuseCopies: rng.chance(0.1),
    submit,
    tender: rng.weighted([['cash', 55], ['wechat', 20], ['alipay', 15], ['unionpay', 10]] as const),
    reference: `T${daySeed.toString(36)}N${no}R${rng.digits(10)}`,
    cancelAt: rng.weighted([[null, 85], ['greet', 2], ['verify', 3], ['afterPayment', 7], ['handover', 3]] as const),
    seed: rng.int(1, 0x7fffffff),
  };
}

export interface ServeContext {
  counter: Counter;
  devices: CounterDevices;
  drawer: Drawer;
  /** Called with the live business codes of each journey that closed (accountable items). */
  onClosed(codes: string[]): void;
  /** Fault hooks: garbage on the reader line before the next card; a paper-out mid-receipt. */
  garbageBeforeCard(): boolean;
  onReceiptRequested(titlesBefore: number): Promise<void>;
}

export function newRecord(plan: CustomerPlan): CustomerRecord {
  return {
    no: plan.no, journeyId: null, outcome: null, codes: plan.codes, liveCodes: [], idBy: plan.idBy,
    card: plan.idBy === 'card' ? plan.card : null, tender: null, dueFen: 0,
    cash: { tenderedFen: 0, changeFen: 0, saleFen: 0, refundFen: 0, payOutFen: 0 }, nonCash: null,
    consentRefused: [], reachedHandover: false, receiptJobId: null, cancelledAt: null, interruptions: 0, cardReads: 0, cardRetries: 0,
  };
}

export async function serveCustomer(ctx: ServeContext, plan: CustomerPlan, rec: CustomerRecord): Promise<void> {
  const { counter, drawer } = ctx;
  const rng = new Rng(plan.seed);
  let view: View | null = null;
  let beginSent = false;
  let receiptRetries = 0;
  let receiptWaits = 0;
  let lastCommand: Command['type'] | null = null;
  let pendingCash: { tenderedFen: number; pieces: Pieces } | null = null;
  let paidApplied = false;
  let refundApplied = false;
  // Held in an object: TypeScript does not follow assignments made inside the closures below.
  const money: { paid: NonNullable<View['payment']> | null } = { paid: null };

  const observe = (v: View) => {
    view = v;
    counter.seen(plan.no, v.journeyId, v.step);
    if (v.payment?.status === 'paid' && !paidApplied) {
      paidApplied = true;
      money.paid = v.payment;
      rec.tender = v.payment.tender;
      rec.dueFen = v.payment.dueFen;
      if (v.payment.tender === 'cash') {
        if (v.payment.dueFen > 0) {
          const pieces = pendingCash?.tenderedFen === v.payment.tenderedFen ? pendingCash.pieces : walletPieces(v.payment.tenderedFen);
          drawer.put(pieces);
          if (v.payment.changeFen > 0) drawer.take(v.payment.changeFen);
          rec.cash.tenderedFen += v.payment.tenderedFen;
          rec.cash.changeFen += v.payment.changeFen;
          rec.cash.saleFen += v.payment.dueFen;
        } else {
          drawer.take(-v.payment.dueFen);
          rec.cash.payOutFen += -v.payment.dueFen;
        }
      } else {
        rec.nonCash = { tender: v.payment.tender, fen: v.payment.dueFen, refundFen: 0 };
      }
    }
    if (v.cancel?.refund?.status === 'done') applyRefund(v.cancel.refund.amountFen, v.cancel.refund.tender);
    if (v.receipt?.jobId) rec.receiptJobId = v.receipt.jobId;
    if (['handover', 'farewell', 'closed'].includes(v.step) || v.cancel?.atStep === 'handover') rec.reachedHandover = true;
    rec.liveCodes = v.businesses.filter((b) => b.status !== 'consent_refused').map((b) => b.code);
    rec.consentRefused = v.businesses.filter((b) => b.status === 'consent_refused').map((b) => b.code);
  };
  const applyRefund = (amountFen: number, tender: string) => {
    if (refundApplied) return;
    refundApplied = true;
    if (tender === 'cash') {
      drawer.take(amountFen);
      rec.cash.refundFen += amountFen;
    } else if (rec.nonCash) rec.nonCash.refundFen += amountFen;
  };
  const act = async (command: Command) => {
    lastCommand = command.type;
    const id = rec.journeyId!;
    view = null;
    observe(await counter.call('journey.act', { journeyId: id, command }));
  };
  const cancel = (reason: string) => act({ type: 'cancel', reason });

  for (let guard = 0; guard < 100; guard++) {
    try {
      if (view === null) {
        const cur = (await counter.call('journey.current', {})).journey;
        if (!rec.journeyId) {
          if (cur && !beginSent) throw new Error(`customer ${plan.no}: journey ${cur.journeyId} is open at the counter but nobody began it`);
          beginSent = true;
          observe(cur ?? (await counter.call('journey.begin', {})));
          rec.journeyId = (view as View | null)!.journeyId;
          continue;
        }
        if (!cur) {
          // It ended while the app was away: the last command we sent did it.
          if (lastCommand === 'farewell') rec.outcome = 'closed';
          else if (lastCommand === 'cancel') rec.outcome = 'cancelled';
          else throw new Error(`customer ${plan.no}: journey ${rec.journeyId} vanished after ${lastCommand}`);
          const paid = money.paid;
          if (rec.outcome === 'cancelled' && paid && paid.dueFen > 0) applyRefund(paid.dueFen, paid.tender);
          if (rec.outcome === 'closed') ctx.onClosed(rec.liveCodes);
          return;
        }
        if (cur.journeyId !== rec.journeyId) throw new Error(`customer ${plan.no}: the counter shows journey ${cur.journeyId}, not ${rec.journeyId}`);
        observe(cur);
        continue;
      }
      const v: View = view;
      switch (v.step) {
        case 'greet':
          if (plan.cancelAt === 'greet') await cancel('客户改日再来办理');
          else await act({ type: 'greet', ticket: plan.ticket });
          break;
        case 'need':
          await act({ type: 'chooseBusinesses', codes: plan.codes });
          break;
        case 'verify':
          if (plan.cancelAt === 'verify') await cancel('客户未带有效证件');
          else if (plan.idBy === 'password') await act({ type: 'verifyServicePassword', confirmed: true });
          else {
            await readCard(ctx, plan.card, rec);
            try {
              await act({ type: 'verifyCard', faceConfirmed: true });
            } catch (e) {
              // The held card went with a restart between the read and the verify: read it again.
              if (!(e instanceof CallFailed && e.shape.code === 'NO_CARD')) throw e;
              view = v;
            }
            ctx.devices.liftCard();
          }
          break;
        case 'consent': {
          const open = v.consentPrompts.find((p) => p.answer === null);
          if (open) await act({ type: 'answerConsent', code: open.code, answer: plan.refuseCopies ? 'refused' : 'agreed' });
          else {
            rec.cancelledAt = 'consent';
            await cancel('客户不同意复印证件，无法办理');
          }
          break;
        }
        case 'process': {
          const line = v.businesses.find((b) => b.status === 'open')!;
          const s = plan.submit[line.code]!;
          // A balance is paid out only when the drawer can hand it over exactly.
          const refund = s.balanceRefundFen !== undefined && drawer.canPay(s.balanceRefundFen) ? s.balanceRefundFen : undefined;
          await act({ type: 'submitBusiness', code: line.code, fields: s.fields, ...(s.feeFen !== undefined ? { feeFen: s.feeFen } : {}), ...(refund !== undefined ? { balanceRefundFen: refund } : {}) });
          break;
        }
        case 'payment': {
          if (v.payment?.status === 'posting') throw new Error(`customer ${plan.no}: payment still posting after the call returned`);
          if (v.dueFen < 0) {
            if (!drawer.canPay(-v.dueFen)) throw new Error(`customer ${plan.no}: the drawer cannot pay out ${-v.dueFen} fen`);
            await act({ type: 'payOut' });
          } else if (plan.tender === 'cash') {
            pendingCash = drawer.tender(v.dueFen, new Rng(plan.seed ^ 0x5bd1e995));
            await act({ type: 'payCash', tenderedFen: pendingCash.tenderedFen });
          } else await act({ type: 'payNonCash', tender: plan.tender, reference: plan.reference });
          break;
        }
        case 'recommend': {
          const p = v.payment;
          const refundable = p?.status === 'paid' && p.dueFen > 0 && (p.tender !== 'cash' || drawer.canPay(p.dueFen));
          if (plan.cancelAt === 'afterPayment' && refundable) {
            rec.cancelledAt = 'afterPayment';
            await cancel('客户缴费后反悔，办理退款');
            break;
          }
          const products = [...v.products];
          const offers = products.slice(0, rng.int(1, Math.min(2, products.length))).map((pr) => {
            const outcome = rng.weighted([['accepted', 2], ['declined', 6], ['not_applicable', 1]] as const);
            return outcome === 'not_applicable' ? { productCode: pr.code, outcome, reason: '客户已有同类产品' } : { productCode: pr.code, outcome };
          });
          const titles = titleCount(ctx.devices.paper());
          await act({ type: 'recommend', offers });
          await ctx.onReceiptRequested(titles);
          break;
        }
        case 'handover': {
          const job = v.receipt?.job ?? null;
          if (v.receipt?.status === 'failed' || job?.state === 'failed') {
            const why = v.receipt?.error ?? job?.reason;
            if (++receiptRetries > 3) throw new Error(`customer ${plan.no}: the receipt keeps failing: ${why?.code} ${why?.message_en}`);
            await act({ type: 'retryReceipt' });
          }
          else if (v.receipt?.status !== 'queued') {
            await pause(50);
            view = null;
          } else if (plan.cancelAt === 'handover' && v.payment?.dueFen !== undefined && v.payment.dueFen >= 0 && (v.payment.tender !== 'cash' || drawer.canPay(v.payment.dueFen))) {
            rec.cancelledAt = 'handover';
            await cancel('客户临时决定不办理');
          } else if (job?.state === 'printed') {
            await act({ type: 'handOver', idCardReturned: true, documentsReturned: true, receiptInFolder: true });
          } else if (++receiptWaits > RECEIPT_PATIENCE) {
            // The printer is still not done after a while: the receipt prints later from the queue.
            await act({ type: 'handOver', idCardReturned: true, documentsReturned: true, receiptInFolder: false, receiptWithheld: 'print_later' });
          } else {
            // The receipt is on its way to paper: the clerk waits for it before it goes in the folder.
            await pause(50);
            view = null;
            guard--;
          }
          break;
        }
        case 'farewell':
          await act({ type: 'farewell' });
          break;
        case 'closed':
          rec.outcome = 'closed';
          ctx.onClosed(rec.liveCodes);
          return;
        case 'cancelled':
          rec.outcome = 'cancelled';
          rec.cancelledAt ??= v.cancel?.atStep ?? null;
          return;
      }
    } catch (e) {
      if (!(e instanceof Interrupted)) throw e;
      rec.interruptions++;
      view = null;
    }
  }
  throw new Error(`customer ${plan.no}: journey ${rec.journeyId} did not end within 100 steps`);
}

export function titleCount(paper: string): number {
  return (paper.match(/│\s*业务受理回单\s*$/gm) ?? []).length;
}

/** Places the card on the reader simulator and waits for the app's card.read event (SSE). */
async function readCard(ctx: ServeContext, card: SampleCard, rec: CustomerRecord): Promise<void> {
  const { counter, devices } = ctx;
  for (let attempt = 1; attempt <= 4; attempt++) {
    devices.liftCard();
    await devices.emptyFieldSeen();
    const ev = counter.app.nextEvent('card.read', 2600);
    if (attempt === 1 && ctx.garbageBeforeCard()) devices.reader.send('fault garbage');
    devices.placeCard(card);
    const t0 = performance.now();
    const until = Date.now() + 2500;
    let got = false;
    ev.promise.then(() => (got = true), () => undefined);
    while (!got && Date.now() < until) {
      if (counter.down && !got) {
        ev.cancel();
        await counter.call('journey.current', {}); // recovers, then throws Interrupted
      }
      await pause(10);
    }
    ev.cancel();
    if (!got) rec.cardRetries++;
    if (got) {
      counter.app.time('card placed → card.read', performance.now() - t0);
      rec.cardReads++;
      return;
    }
  }
  throw new Error(`customer ${rec.no}: the reader never reported the ${card} card`);
}
