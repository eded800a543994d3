/** The till's public surface for the dispatcher, contract and UI. */
export { Till, type TillOptions } from './till';
export { TillSettingsSchema, parseTillSettings, type TillSettings } from './settings';
export {
  BusinessCalendarSchema, DayHoursSchema, CalendarExceptionSchema, DEFAULT_CALENDAR, businessDayOf, closingInstant, hoursOn,
  type BusinessCalendar, type DayHours,
} from '../../../base/calendar';
export { DENOMINATIONS, DENOMINATION_IDS, CashCountSchema, countTotalFen, type Denomination, type DenominationId, type CashCount } from '../../../base/contract/denominations';
export { ACCOUNTABLE_ITEMS, ITEM_LABELS, ItemCountSchema, type AccountableItem, type ItemCount, type ItemLine } from '../../../base/contract/items';
export { TENDERS, NON_CASH_TENDERS, LEDGER_KINDS, type Tender, type NonCashTender, type LedgerKind, type LedgerRow } from './ledger';
export { EARLY_REASON_CODES, EARLY_REASON_LABELS, type EarlyReasonCode, type EarlyEvent, type SettlementBlock } from './early-close';
export type { ApproverVerifier, VerifiedStaff, StaffRole, OpenJourneys, TillEventSink, Credentials } from './ports';
export type { SessionTotals, NonCashTotal } from './totals';
export type { CountResult, SettlementResult, SettleInput, VarianceKind } from './settlement';
export type { ClerkSessionView, ManagerSessionView } from './views';
export type { HandoverInput, HandoverRecord } from './handover';
export type { ZReport, ZReportCopy } from './z-report';
export { verifyLedger, type LedgerVerification, type LedgerProblem } from './verify';
export { yuan } from './money';
