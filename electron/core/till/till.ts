/**
 * The till, as the dispatcher sees it: one object built from the database and the ports, with
 * one method per operation. Each method lives in its own small module; this only wires them.
 * Every operation names its actor (the signed-in person): the till checks that person against
 * the session's owner (ownership.ts) and records both.
 */
import type { Clock } from '../../../base/clock';
import type { Db } from '../storage/db';
import type { ClerkSessionView, ClockState, CountResult, EarlyEvent, SettlementResult } from '../../../base/contract/till';
import { approveClock, approveEarlySettlement, approveOffline, earlyEvents, type EarlyApprovalInput } from './early-close';
import type { TillDeps } from './deps';
import { handover, type HandoverInput, type HandoverRecord } from './handover';
import type { AccountableItem } from '../../../base/contract/items';
import { hasRef, LEDGER_CHAIN, type LedgerRow, type Tender } from './ledger';
import {
  correct, openSession, recordCashIn, recordCashOut, recordChangeGiven, recordDrop, recordRefund, recordSale, useItem,
  type HandMovement, type OpenSessionInput, type SaleInput,
} from './movements';
import { clockRollbackError, clockStatus, type ClockObservation } from './clock-guard';
import { observe } from './observe';
import type { ApprovalCredentials, ApproverVerifier } from '../staff/approvals';
import type { OpenJourneys, TillEventSink } from './ports';
import { lastSettledAt, loadSession, openSessionFor, type SessionRow } from './session';
import { tillSettings, type TillSettings } from '../../../base/contract/settings';
import { approveRecount, settle, submitCount, type SettleInput } from './settlement';
import { clerkView, managerView, type ManagerSessionView } from './views';
import { buildZReport, recordZPrint, zCounterOf, zNoOfSession, type ZReport } from './z-report';
import type { SessionTotals } from '../../../base/contract/till';
import { sessionTotals } from './totals';
import { mayAct, recordTakeover, requireMayAct, type TakeoverRow } from './ownership';
import { settledToday } from './reopen';
import { sealChain } from '../storage/sealedChain';
import { trustedTime, type TimeAuthority } from '../time/trustedTime';
import { businessDayOf } from '../../../base/calendar';

export interface TillOptions {
  db: Db;
  clock: Clock;
  /** The hall server's time, when its client has one (electron/core/time/trustedTime.ts). */
  timeAuthority?: TimeAuthority | null;
  /** The ledger chain's key (`keys.key('ledger-chain')`), kept outside the data folder. */
  chainKey: Buffer;
  /** The settings' till section (tolerance, clock jump, calendar); missing fields take the contract's defaults. */
  settings?: unknown;
  approver: ApproverVerifier;
  openJourneys: OpenJourneys;
  onEvent?: TillEventSink;
  /** The audit log's head, printed on the Z report beside the ledger's. */
  auditHead?: () => { seq: number; hash: string } | null;
}

export class Till {
  private readonly deps: TillDeps;

  constructor(opts: TillOptions) {
    // Money is written here: an acknowledged movement must survive a power cut (docs/architecture.md, "What the lint and the compiler hold").
    const sync = Number(opts.db.pragma('synchronous', { simple: true }));
    if (sync < 2) throw new Error('Till needs a database opened with synchronous=FULL (use openDatabase)');
    if (!opts.chainKey || opts.chainKey.length < 16) throw new Error('Till needs the ledger chain key (keys.key("ledger-chain"))');
    this.deps = {
      db: opts.db, clock: trustedTime(opts.clock, opts.timeAuthority ?? null), settings: tillSettings.parse(opts.settings ?? {}), approver: opts.approver,
      openJourneys: opts.openJourneys, emit: opts.onEvent ?? (() => undefined), key: opts.chainKey,
      ...(opts.auditHead ? { auditHead: opts.auditHead } : {}),
    };
    sealChain(opts.db, LEDGER_CHAIN, opts.chainKey, this.deps.clock.now());
  }

  get settings(): TillSettings { return this.deps.settings; }
  /** The till's time (the hall's when it answered). */
  now(): number { return this.deps.clock.now(); }

  openSession(input: OpenSessionInput): SessionRow { return openSession(this.deps, input); }
  openSessionAt(counterId: string): SessionRow | null { return openSessionFor(this.deps.db, counterId); }
  session(sessionId: number): SessionRow { return loadSession(this.deps.db, sessionId); }
  /** The session a person is closing: the open one, or after settlement the last one they may act on (a retried settle, the handover). */
  closingSessionAt(counterId: string, staffNo: string): SessionRow | null {
    const open = openSessionFor(this.deps.db, counterId);
    if (open) return open;
    const last = lastSettledAt(this.deps.db, counterId);
    return last && mayAct(this.deps, last, staffNo) ? last : null;
  }
  /** Whether a movement carrying this ref (a journey effect's idempotency key) was already posted. */
  posted(ref: string): boolean { return hasRef(this.deps.db, ref); }

  /** Whether this person may act on the session (its clerk, or a duty manager who took the counter over). */
  mayAct(sessionId: number, actor: string): boolean { return mayAct(this.deps, loadSession(this.deps.db, sessionId), actor); }
  /** Throws TILL_NOT_YOURS for anyone else (journey.begin asks this before a customer's money can reach the till). */
  requireMayAct(sessionId: number, actor: string): void { requireMayAct(this.deps, loadSession(this.deps.db, sessionId), actor, 'move'); }
  /** A duty manager takes the session over (credentials, role and the sign-in were handled by the staff module). */
  takeOver(sessionId: number, taker: string, noteId: number | null): TakeoverRow { return recordTakeover(this.deps, loadSession(this.deps.db, sessionId), taker, noteId); }

  recordSale(input: SaleInput): LedgerRow { return recordSale(this.deps, input); }
  recordChangeGiven(input: HandMovement & { reason: string; journeyRef?: string }): LedgerRow { return recordChangeGiven(this.deps, input); }
  recordRefund(input: HandMovement & { tender: Tender; reason: string; journeyRef?: string }): LedgerRow { return recordRefund(this.deps, input); }
  recordDrop(input: HandMovement & { bagNo: string }): LedgerRow { return recordDrop(this.deps, input); }
  recordCashIn(input: HandMovement & { reason: string }): LedgerRow { return recordCashIn(this.deps, input); }
  recordCashOut(input: HandMovement & { reason: string }): LedgerRow { return recordCashOut(this.deps, input); }
  useItem(input: { sessionId: number; item: AccountableItem; qty: number; journeyRef: string; actor: string }): LedgerRow { return useItem(this.deps, input); }
  correct(input: { sessionId: number; seq: number; reason: string; actor: string }): LedgerRow { return correct(this.deps, input); }

  /** The host calls this every minute; every reading is compared with the machine's monotonic clock. */
  observeClock(counterId: string): ClockObservation {
    const { db, settings } = this.deps;
    const obs = db.transaction(() => observe(this.deps, counterId)).immediate();
    const now = this.deps.clock.now();
    if (obs.state === 'suspect' && obs.suspectAt === now) this.deps.emit('till.clock_jump', { counterId, jumpMs: obs.jumpMs, cause: obs.cause, at: now });
    if (obs.state === 'rollback') this.deps.emit('till.clock_rollback', { counterId, latestMs: obs.latestMs, at: now, message: clockRollbackError(obs.latestMs, now, settings.calendar.timeZone).message_en });
    return obs;
  }

  /** The clock for the header and the till panel (no observation is written). */
  clockState(counterId: string): ClockState {
    const onHall = this.deps.clock.authority() !== null;
    const st = clockStatus(this.deps.db, counterId, this.deps.clock.now(), onHall, this.deps.settings.maxClockSkewMinutes * 60_000);
    return { ...st, source: onHall ? 'hall' : 'local' };
  }

  /** Today's settled till at this counter, when none is open (the header's 已结账, F5's Z report). */
  closedToday(counterId: string): { zNo: number; sessionId: number; settledAt: number; handedOver: boolean; owner: string } | null {
    const day = businessDayOf(this.deps.clock.now(), this.deps.settings.calendar.timeZone);
    const z = settledToday(this.deps, counterId, day);
    const last = z[z.length - 1];
    if (last === undefined) return null;
    const r = this.deps.db.prepare(`SELECT s.id, s.settled_at, s.clerk_staff_no, EXISTS (SELECT 1 FROM till_handover h WHERE h.session_id = s.id) AS handed
      FROM till_z_report z JOIN till_session s ON s.id = z.session_id WHERE z.z_no = ?`).get(last) as { id: number; settled_at: number; clerk_staff_no: string; handed: number };
    return { zNo: last, sessionId: r.id, settledAt: r.settled_at, handedOver: r.handed === 1, owner: r.clerk_staff_no };
  }

  clerkView(sessionId: number): ClerkSessionView { return clerkView(this.deps, sessionId); }
  managerView(sessionId: number): ManagerSessionView { return managerView(this.deps, sessionId); }
  sessionTotals(sessionId: number): SessionTotals { return sessionTotals(this.deps.db, sessionId); }

  submitCount(input: { sessionId: number; cash: unknown; items?: unknown; actor: string }): CountResult { return submitCount(this.deps, input); }
  approveRecount(input: { sessionId: number; approver: ApprovalCredentials; reason: string; actor: string }): number { return approveRecount(this.deps, input); }
  approveEarlySettlement(input: EarlyApprovalInput): number { return approveEarlySettlement(this.deps, input); }
  approveClock(input: { sessionId: number; approver: ApprovalCredentials; reason: string; actor: string }): number { return approveClock(this.deps, input); }
  approveOffline(input: { sessionId: number; approver: ApprovalCredentials; reason: string; actor: string }): number { return approveOffline(this.deps, input); }
  settle(input: SettleInput): SettlementResult { return settle(this.deps, input); }
  earlyEvents(fromMs: number, toMs: number): EarlyEvent[] { return earlyEvents(this.deps.db, fromMs, toMs); }

  handover(input: HandoverInput): HandoverRecord { return handover(this.deps, input); }
  zReport(zNo: number): ZReport { return buildZReport(this.deps, zNo); }
  zCounterOf(zNo: number): { counterId: string; owner: string } { return zCounterOf(this.deps, zNo); }
  zNoOf(sessionId: number): number { return zNoOfSession(this.deps, sessionId); }
  recordZPrint(input: { zNo: number; staffNo: string; approvedBy: string | null }): ZReport { return recordZPrint(this.deps, input); }
}
