/**
 * The till panel's workflow: open with the float and the counter items, movements, the blind
 * count, settlement — and, when the early-closing lock or the tolerance refuses, the duty
 * manager's approval and the retry of what was refused. The panel only draws what this holds.
 */
import { useCallback, useState } from 'react';
import type { ErrorShape } from '../../../base/contract/errors';
import { ACCOUNTABLE_ITEMS, type AccountableItem } from '../../../base/contract/items';
import type { MethodInput } from '../../../base/contract/methods';
import { earlyReasonCode, type CountResult, type TillStatus } from '../../../base/contract/till';
import { errorOf, invoke } from '../client/client';
import { hasCode } from '../../../base/contract/errors';
import type { ApprovalValue } from '../components/ApprovalDialog';
import { errText } from '../i18n';
import { useTillStatus } from '../state/TillStatusContext';
import type { Pieces } from './DenominationForm';

export type ItemCounts = Record<AccountableItem, number>;

/**
 * The approval the panel is waiting for: the early-closing lock, a variance beyond tolerance, the
 * clock after a change, a recount after the (final) blind count, opening again on a settled day.
 */
export type ApprovalKind = 'early' | 'variance' | 'clock' | 'recount' | 'reopen';
export type PendingApproval = { kind: ApprovalKind; error: string | null } | null;

export interface TillHook {
  status: TillStatus | null;
  error: ErrorShape | null;
  clearError(): void;
  busy: boolean;
  /** Items counted at open, and again with the blind count. */
  openItems: ItemCounts;
  setOpenItems(i: ItemCounts): void;
  countItems: ItemCounts;
  setCountItems(i: ItemCounts): void;
  open(float: Pieces): void;
  movement(m: MethodInput<'till.movement'>): void;
  /** The blind count form is showing (before a result). */
  counting: boolean;
  startCount(): void;
  count: CountResult | null;
  submitCount(cash: Pieces): Promise<void>;
  recount(): void;
  settle(variance?: ApprovalValue): Promise<void>;
  /** The Z number once settled here (the status follows with the next change). */
  settled: { zNo: number } | null;
  pending: PendingApproval;
  /** Opens the duty manager's dialog for the clock, a recount or reopening (the panel's buttons). */
  ask(kind: 'clock' | 'recount' | 'reopen'): void;
  approve(v: ApprovalValue): Promise<void>;
  cancelApproval(): void;
  /** The float form was shown to open again on a settled day (after the approval is typed in). */
  reopening: boolean;
}

const noItems = (): ItemCounts => Object.fromEntries(ACCOUNTABLE_ITEMS.map((i) => [i, 0])) as ItemCounts;

function newSettleKey(): string {
  return `settle-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

export function useTill(): TillHook {
  const { status, error: loadError, show } = useTillStatus();
  const [error, setError] = useState<ErrorShape | null>(null);
  const [busy, setBusy] = useState(false);
  const [openItems, setOpenItems] = useState<ItemCounts>(noItems);
  const [countItems, setCountItems] = useState<ItemCounts>(noItems);
  const [counting, setCounting] = useState(false);
  const [count, setCount] = useState<CountResult | null>(null);
  const [pending, setPending] = useState<PendingApproval>(null);
  // One key per settlement intent: a retried settle gets the first result back.
  const [settleKey] = useState(newSettleKey);
  const [settled, setSettled] = useState<{ zNo: number } | null>(null);
  // The action the early-closing lock refused, run again once the duty manager has approved.
  const [retry, setRetry] = useState<(() => Promise<void>) | null>(null);
  // Opening again on a settled day: the duty manager's approval travels with the float.
  const [reopen, setReopen] = useState<{ approval: { staffNo: string; secret: string }; reason: string } | null>(null);

  const guard = useCallback(async (f: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await f();
    } catch (e) {
      setError(errorOf(e));
    } finally {
      setBusy(false);
    }
  }, []);

  /** Count and settle: a refusal by the early-closing lock or the tolerance asks for the duty manager. */
  const attempt = async (f: () => Promise<void>, variance?: ApprovalValue) => {
    setBusy(true);
    setError(null);
    try {
      await f();
      setPending(null);
    } catch (e) {
      const shape = errorOf(e);
      setError(shape);
      if (hasCode(shape, 'TILL_EARLY_SETTLEMENT')) {
        setRetry(() => f);
        setPending({ kind: 'early', error: null });
      } else if (hasCode(shape, 'TILL_CLOCK_JUMP')) {
        setRetry(() => f);
        setPending({ kind: 'clock', error: null });
      } else if (hasCode(shape, 'TILL_COUNT_FINAL', 'TILL_RECOUNT')) {
        setPending({ kind: 'recount', error: null });
      } else if (hasCode(shape, 'TILL_VARIANCE_NEEDS_APPROVAL') || (variance && pending?.kind === 'variance')) {
        setPending({ kind: 'variance', error: variance ? errText(shape) : null });
      }
    } finally {
      setBusy(false);
    }
  };

  const submitCount = (cash: Pieces) =>
    attempt(async () => {
      setCount(await invoke('till.count', { cash, items: countItems }));
      setCounting(false);
    });

  const settle = (variance?: ApprovalValue) =>
    attempt(async () => {
      const r = await invoke('till.settle', { idempotencyKey: settleKey, ...(variance ? { varianceApproval: { staffNo: variance.staffNo, secret: variance.secret } } : {}) });
      setSettled({ zNo: r.zNo });
    }, variance);

  const approveEarly = async (v: ApprovalValue) => {
    try {
      const reason = earlyReasonCode.safeParse(v.reasonCode);
      await invoke('till.approveEarly', {
        approval: { staffNo: v.staffNo, secret: v.secret },
        reasonCode: reason.success ? reason.data : 'other',
        ...(v.reasonText ? { reasonText: v.reasonText } : {}),
      });
      setPending(null);
      setError(null);
      if (retry) await attempt(retry);
    } catch (e) {
      setPending({ kind: 'early', error: errText(e) });
    }
  };

  /** The clock, a recount, reopening: the duty manager's credentials and a typed reason. */
  const approveReasoned = async (kind: 'clock' | 'recount' | 'reopen', v: ApprovalValue) => {
    const approval = { staffNo: v.staffNo, secret: v.secret };
    const reason = v.reasonText ?? '';
    try {
      if (kind === 'reopen') {
        setReopen({ approval, reason });
        setPending(null);
        setError(null);
        return;
      }
      await invoke(kind === 'clock' ? 'till.approveClock' : 'till.approveRecount', { approval, reason });
      setPending(null);
      setError(null);
      if (kind === 'recount') {
        setCount(null);
        setCounting(true);
      } else if (retry) await attempt(retry);
    } catch (e) {
      setPending({ kind, error: errText(e) });
    }
  };

  return {
    status,
    error: error ?? loadError,
    clearError: () => setError(null),
    busy,
    openItems,
    setOpenItems,
    countItems,
    setCountItems,
    open: (float) =>
      void guard(async () => {
        try {
          show(await invoke('till.open', { float, items: openItems, ...(reopen ? { reopen } : {}) }));
          setReopen(null);
        } catch (e) {
          if (hasCode(errorOf(e), 'TILL_REOPEN_NEEDS_APPROVAL')) setPending({ kind: 'reopen', error: null });
          if (reopen) setReopen(null);
          throw e;
        }
      }),
    movement: (m) => void guard(async () => show(await invoke('till.movement', m))),
    counting,
    startCount: () => setCounting(true),
    // The count made before this page was open (the blind count is final) shows too.
    count: counting ? null : (count ?? status?.session?.lastCount ?? null),
    submitCount,
    recount: () => setPending({ kind: 'recount', error: null }),
    settle,
    settled,
    pending,
    ask: (kind) => setPending({ kind, error: null }),
    approve: (v) => {
      const kind = pending?.kind;
      if (kind === 'early') return approveEarly(v);
      if (kind === 'clock' || kind === 'recount' || kind === 'reopen') return approveReasoned(kind, v);
      return settle(v);
    },
    cancelApproval: () => setPending(null),
    reopening: reopen !== null,
  };
}
