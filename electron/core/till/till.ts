/**
 * The till, as the dispatcher sees it: one object built from the database and the ports, with
 * one method per operation. Each method lives in its own small module; this only wires them.
 */
import type { Clock } from '../../../base/clock';
import type { Db } from '../storage/db';
import type { ClerkSessionView, CountResult, EarlyEvent, SettlementResult } from '../../../base/contract/till';
import { approveClock, approveEarlySettlement, earlyEvents, type EarlyApprovalInput } from './early-close';
import type { TillDeps } from './deps';
import { handover, type HandoverInput, type HandoverRecord } from './handover';
import type { AccountableItem } from '../../../base/contract/items';
import { hasRef, type LedgerRow, type Tender } from './ledger';
import {
  correct, openSession, recordCashIn, recordCashOut, recordChangeGiven, recordDrop, recordRefund, recordSale, useItem,
  type OpenSessionInput, type SaleInput,
} from './movements';
import { clockRollbackError, observeClockInTx, type ClockObservation } from './clock-guard';
import type { ApprovalCredentials, ApproverVerifier } from '../staff/approvals';
import type { OpenJourneys, TillEventSink } from './ports';
import { lastSettledFor, openSessionFor, type SessionRow } from './session';
import { tillSettings, type TillSettings } from '../../../base/contract/settings';
import { settle, submitCount, type SettleInput } from './settlement';
import { clerkView, managerView, type ManagerSessionView } from './views';
import { buildZReport, recordZPrint, zNoOfSession, type ZReport } from './z-report';
import type { SessionTotals } from '../../../base/contract/till';
import { sessionTotals } from './totals';

export interface TillOptions {
  db: Db;
  clock: Clock;
  /** The settings' till section (tolerance, clock jump, calendar); missing fields take the contract's defaults. */
  settings?: unknown;
  approver: ApproverVerifier;
  openJourneys: OpenJourneys;
  onEvent?: TillEventSink;
}

export class Till {
  private readonly deps: TillDeps;

  constructor(opts: TillOptions) {
    // Money is written here: an acknowledged movement must survive a power cut (docs/architecture.md, "What the lint and the compiler hold").
    const sync = Number(opts.db.pragma('synchronous', { simple: true }));
    if (sync < 2) throw new Error('Till needs a database opened with synchronous=FULL (use openDatabase)');
    this.deps = {
      db: opts.db, clock: opts.clock, settings: tillSettings.parse(opts.settings ?? {}), approver: opts.approver,
      openJourneys: opts.openJourneys, emit: opts.onEvent ?? (() => undefined),
    };
  }

  get settings(): TillSettings { return this.deps.settings; }

  openSession(input: OpenSessionInput): SessionRow { return openSession(this.deps, input); }
  openSessionAt(counterId: string): SessionRow | null { return openSessionFor(this.deps.db, counterId); }
  /** The session a clerk is closing: the open one, or after settlement her last settled one (a retried settle, the handover). */
  closingSessionAt(counterId: string, staffNo: string): SessionRow | null {
    return openSessionFor(this.deps.db, counterId) ?? lastSettledFor(this.deps.db, counterId, staffNo);
  }
  /** Whether a movement carrying this ref (a journey effect's idempotency key) was already posted. */
  posted(ref: string): boolean { return hasRef(this.deps.db, ref); }

  recordSale(input: SaleInput): LedgerRow { return recordSale(this.deps, input); }
  recordChangeGiven(input: { sessionId: number; amountFen: number; reason: string; journeyRef?: string }): LedgerRow { return recordChangeGiven(this.deps, input); }
  recordRefund(input: { sessionId: number; tender: Tender; amountFen: number; reason: string; journeyRef?: string }): LedgerRow { return recordRefund(this.deps, input); }
  recordDrop(input: { sessionId: number; amountFen: number; bagNo: string }): LedgerRow { return recordDrop(this.deps, input); }
  recordCashIn(input: { sessionId: number; amountFen: number; reason: string }): LedgerRow { return recordCashIn(this.deps, input); }
  recordCashOut(input: { sessionId: number; amountFen: number; reason: string }): LedgerRow { return recordCashOut(this.deps, input); }
  useItem(sessionId: number, item: AccountableItem, qty: number, journeyRef: string): LedgerRow { return useItem(this.deps, sessionId, item, qty, journeyRef); }
  correct(input: { sessionId: number; seq: number; reason: string }): LedgerRow { return correct(this.deps, input); }

  /** The host calls this every minute so a quiet counter is not mistaken for a clock jump. */
  observeClock(counterId: string): ClockObservation {
    const { db, clock, settings } = this.deps;
    const now = clock.now();
    const obs = db.transaction(() => observeClockInTx(db, counterId, now, settings.maxClockJumpMinutes * 60_000)).immediate();
    if (obs.state === 'suspect' && obs.suspectAt === now) this.deps.emit('till.clock_jump', { counterId, jumpMs: obs.jumpMs, at: now });
    if (obs.state === 'rollback') this.deps.emit('till.clock_rollback', { counterId, latestMs: obs.latestMs, at: now, message: clockRollbackError(obs.latestMs, now, settings.calendar.timeZone).message_en });
    return obs;
  }

  clerkView(sessionId: number): ClerkSessionView { return clerkView(this.deps, sessionId); }
  managerView(sessionId: number): ManagerSessionView { return managerView(this.deps, sessionId); }
  sessionTotals(sessionId: number): SessionTotals { return sessionTotals(this.deps.db, sessionId); }

  submitCount(input: { sessionId: number; cash: unknown; items?: unknown }): CountResult { return submitCount(this.deps, input); }
  approveEarlySettlement(input: EarlyApprovalInput): number { return approveEarlySettlement(this.deps, input); }
  approveClock(input: { sessionId: number; approver: ApprovalCredentials; note?: string }): number { return approveClock(this.deps, input); }
  settle(input: SettleInput): SettlementResult { return settle(this.deps, input); }
  earlyEvents(fromMs: number, toMs: number): EarlyEvent[] { return earlyEvents(this.deps.db, fromMs, toMs); }

  handover(input: HandoverInput): HandoverRecord { return handover(this.deps, input); }
  zReport(zNo: number): ZReport { return buildZReport(this.deps, zNo); }
  zNoOf(sessionId: number): number { return zNoOfSession(this.deps, sessionId); }
  recordZPrint(input: { zNo: number; staffNo: string; approvedBy: string | null }): ZReport { return recordZPrint(this.deps, input); }
}
