/**
 * The journey service: runs clerk commands through the pure machine, persists each one
 * together with the effects it asked for, then carries the effects out.
 *
 * Crash safety, step by step:
 *  1. command applied → ONE transaction: action row + new state + effects as `pending`.
 *  2. each pending effect is carried out through its port with its idempotency key.
 *  3. ONE transaction: effect marked `done` (or `failed`) + the machine's `effectDone`
 *     (e.g. payment paid, receipt job id) + any follow-up effects (e.g. kick the drawer).
 * A kill between 1 and 2 leaves the effect pending: `resume()` carries it out once.
 * A kill between 2 and 3 re-sends the same key: the port treats it as already done.
 * A kill after 3 changes nothing: done keys are never carried out again.
 */
import { randomUUID } from 'node:crypto';
import { BilingualError, type ErrorShape } from '../../../base/contract/errors';
import type { Clock } from '../../../base/clock';
import type { Db } from '../storage/db';
import { refuse } from './errors';
import { apply, startJourney } from './machine';
import type { AuditSink, HashIdNumber, ReceiptJob, ReceiptPort, ShiftGate, TillPort } from './ports';
import { JourneyStore } from './store';
import type { PurgeCounts } from '../privacy/retention';
import type { ClerkCommand, Effect, JourneyCommand, JourneyState, MachineContext } from './types';
import type { JourneyView } from '../../../base/contract/journey';
import { describeJourney } from './view';

export interface JourneyServiceDeps {
  db: Db;
  clock: Clock;
  /** The catalog in use (the loader's `current()`): read when businesses are chosen. */
  catalog: () => MachineContext['catalog'];
  hashIdNumber: HashIdNumber;
  till: TillPort;
  receipts: ReceiptPort;
  onEvent: AuditSink;
  shiftGate: ShiftGate;
  newId?: () => string;
  hallUtcOffsetMinutes?: number;
  /** Test seam: called after a command is persisted and before its effects run (throw = "crash"). */
  afterPersist?: (cmd: JourneyCommand) => void;
  /** Test seam: called after an effect was carried out and before it is marked done. */
  afterEffect?: (effect: Effect) => void;
}

export class JourneyService {
  private readonly store: JourneyStore;
  /** Keys being carried out right now: a second caller must not start the same effect. */
  private readonly inFlight = new Set<string>();

  constructor(private readonly deps: JourneyServiceDeps) {
    this.store = new JourneyStore(deps.db);
  }

  /** F2 new customer: opens a journey at the greet step. */
  begin(p: { counterId: string; clerkId: string; sessionId: string }): JourneyView {
    if (!this.deps.shiftGate.isReady(p.counterId)) {
      throw refuse(
        'SHIFT_CHECK_REQUIRED',
        '请先完成班前准备检查（读卡器、打印机、台席物品），再接待第一位客户',
        'Do the shift-start check (reader, printer, counter items) before serving the first customer',
      );
    }
    const open = this.store.openForCounter(p.counterId)[0];
    if (open) {
      throw refuse(
        'COUNTER_BUSY',
        '本台席还有一位客户的服务未结束 — 请先完成或取消该服务',
        'This counter still has a customer being served — finish or cancel that journey first',
        { journeyId: open.journeyId },
      );
    }
    const state = startJourney({ journeyId: (this.deps.newId ?? randomUUID)(), counterId: p.counterId, clerkId: p.clerkId, now: this.deps.clock.now() });
    this.store.transaction(() => this.store.insert(state, p.sessionId));
    return this.view(state);
  }

  get(journeyId: string): JourneyView | null {
    const s = this.store.load(journeyId);
    return s ? this.view(s) : null;
  }

  /** The screen's view, with the receipt's print job as the queue has it now. */
  private view(s: JourneyState): JourneyView {
    return describeJourney(s, this.receiptJob(s), s.closedAt === null ? null : this.ordinalToday(s));
  }

  /** 今日第 N 位: the journeys closed at this counter since the hall's midnight, up to this one. */
  private ordinalToday(s: JourneyState): number {
    const offset = (this.deps.hallUtcOffsetMinutes ?? 480) * 60_000;
    const closedAt = s.closedAt ?? this.deps.clock.now();
    const midnight = Math.floor((closedAt + offset) / 86_400_000) * 86_400_000 - offset;
    return this.store.closedBetween(s.counterId, midnight, closedAt);
  }

  private receiptJob(s: JourneyState): ReceiptJob | null {
    return s.receipt?.status === 'queued' ? this.deps.receipts.job(s.receipt.jobId) : null;
  }

  /** The retention purge of the journeys opened in [from, before) (store.ts says what goes). */
  purgePersonal(from: number, before: number): PurgeCounts {
    return this.store.purgePersonal(from, before);
  }

  /** Journeys still open at a counter (at most one): the till and staff ports ask before settling or signing out. */
  openJourneys(counterId: string): JourneyView[] {
    return this.store.openForCounter(counterId).map((s) => this.view(s));
  }

  async dispatch(journeyId: string, cmd: ClerkCommand): Promise<JourneyView> {
    const type = (cmd as JourneyCommand).type;
    if (type === 'effectDone' || type === 'effectFailed') {
      throw refuse('INTERNAL_COMMAND', '该操作只能由系统发出', 'Only the system itself may send this');
    }
    this.transition(journeyId, cmd);
    this.deps.afterPersist?.(cmd);
    await this.runEffects(journeyId);
    return this.mustGet(journeyId);
  }

  /** At start-up: carries out every effect left pending by a crash. Returns how many ran. */
  async resume(): Promise<number> {
    let ran = 0;
    const tried = new Set<string>();
    for (;;) {
      // Each key at most once per call: follow-ups have new keys, so this loop always ends.
      const pending = this.store.pendingEffects().filter((e) => !this.inFlight.has(e.key) && !tried.has(e.key));
      if (pending.length === 0) return ran;
      for (const e of pending) {
        tried.add(e.key);
        ran += (await this.carryOut(e)) ? 1 : 0;
      }
    }
  }

  /** Runs this journey's pending effects, including follow-ups (the drawer after the sale). */
  async runEffects(journeyId: string): Promise<void> {
    const tried = new Set<string>();
    for (;;) {
      const pending = this.store.pendingEffects(journeyId).filter((e) => !this.inFlight.has(e.key) && !tried.has(e.key));
      if (pending.length === 0) return;
      for (const e of pending) {
        tried.add(e.key);
        await this.carryOut(e);
      }
    }
  }

  private transition(journeyId: string, cmd: JourneyCommand): void {
    this.store.transaction(() => {
      const prev = this.store.load(journeyId);
      if (!prev) throw refuse('NOT_FOUND', '找不到该服务记录', 'No such journey', { journeyId });
      const now = this.deps.clock.now();
      const ctx: MachineContext = {
        now,
        hashIdNumber: this.deps.hashIdNumber,
        catalog: cmd.type === 'chooseBusinesses' ? this.deps.catalog() : { businesses: [] },
        hallUtcOffsetMinutes: this.deps.hallUtcOffsetMinutes,
        // Whether the receipt printed decides what ⑧ accepts: read from the queue, never from the screen.
        receiptJob: cmd.type === 'handOver' || cmd.type === 'retryReceipt' ? this.receiptJob(prev) : null,
      };
      const t = apply(prev, cmd, ctx);
      this.store.record(prev, t.state, cmd, t.effects, now);
    });
  }

  /** Carries out one effect and records its outcome; false when someone else already did. */
  private async carryOut(e: Effect): Promise<boolean> {
    if (this.inFlight.has(e.key) || this.store.effectStatus(e.key) !== 'pending') return false;
    this.inFlight.add(e.key);
    try {
      let outcome: { ok: true; jobId?: string } | { ok: false; error: ErrorShape };
      try {
        const jobId = await this.execute(e);
        outcome = jobId === undefined ? { ok: true } : { ok: true, jobId };
      } catch (err) {
        outcome = { ok: false, error: toShape(err) };
      }
      this.deps.afterEffect?.(e);
      this.store.transaction(() => {
        const now = this.deps.clock.now();
        this.store.markEffect(e.key, outcome.ok ? 'done' : 'failed', outcome, now);
        const cmd: JourneyCommand = outcome.ok
          ? outcome.jobId === undefined ? { type: 'effectDone', key: e.key } : { type: 'effectDone', key: e.key, jobId: outcome.jobId }
          : { type: 'effectFailed', key: e.key, error: outcome.error };
        // Audit, drawer and item outcomes change nothing in the journey: no action row for them.
        if (e.kind === 'audit' || e.kind === 'kickDrawer' || e.kind === 'useItems') return;
        const prev = this.store.load(e.journeyId);
        if (!prev) return;
        const t = apply(prev, cmd, { now, hashIdNumber: this.deps.hashIdNumber, catalog: { businesses: [] } });
        this.store.record(prev, t.state, cmd, t.effects, now);
      });
      return true;
    } finally {
      this.inFlight.delete(e.key);
    }
  }

  private async execute(e: Effect): Promise<string | undefined> {
    const { till } = this.deps;
    switch (e.kind) {
      case 'postCash':
        await till.postCashSale({ journeyId: e.journeyId, dueFen: e.dueFen, tenderedFen: e.tenderedFen, changeFen: e.changeFen, idempotencyKey: e.key });
        return undefined;
      case 'postNonCash':
        await till.postNonCash({ journeyId: e.journeyId, tender: e.tender, amountFen: e.amountFen, reference: e.reference, idempotencyKey: e.key });
        return undefined;
      case 'refund':
        await till.refund({ journeyId: e.journeyId, amountFen: e.amountFen, tender: e.tender, idempotencyKey: e.key });
        return undefined;
      case 'kickDrawer':
        await till.drawerKick({ journeyId: e.journeyId, idempotencyKey: e.key });
        return undefined;
      case 'useItems':
        await till.useItems({ journeyId: e.journeyId, lines: e.lines, idempotencyKey: e.key });
        return undefined;
      case 'printReceipt':
        return String(await this.deps.receipts.enqueueReceipt(e.journeyId, e.data, e.key, e.possibleDuplicate ? { possibleDuplicate: true } : undefined));
      case 'audit':
        this.deps.onEvent(e.event, { journeyId: e.journeyId, ...e.detail }, e.actor ?? null);
        return undefined;
    }
  }

  private mustGet(journeyId: string): JourneyView {
    const v = this.get(journeyId);
    if (!v) throw refuse('NOT_FOUND', '找不到该服务记录', 'No such journey', { journeyId });
    return v;
  }
}

function toShape(err: unknown): ErrorShape {
  if (err instanceof BilingualError) return err.toShape();
  return {
    code: 'JOURNEY_EFFECT_FAILED',
    message_zh: '设备或服务未能完成操作 — 请检查后重试',
    message_en: 'A device or service could not complete the operation — check it and retry',
    detail: { reason: err instanceof Error ? err.message : String(err) },
  };
}
