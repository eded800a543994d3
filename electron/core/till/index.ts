/** The till as other modules and the tools use it: the facade, its own types, the ledger check. */
export { Till, type TillOptions } from './till';
export { LEDGER_KINDS, type LedgerKind, type LedgerRow } from './ledger';
export type { SettlementBlock } from './early-close';
export type { HandoverInput, HandoverRecord } from './handover';
export type { ManagerSessionView } from './views';
export type { SettleInput } from './settlement';
export type { ZReport, ZReportCopy } from './z-report';
export { verifyLedger, type LedgerVerification, type LedgerProblem } from './verify';
export { yuan } from './money';
