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

/** The approval the panel is waiting for: the early-closing lock, or a variance beyond tolerance. */
export type PendingApproval = { kind: 'early' | 'variance'; error: string | null } | null;

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
  approve(v: ApprovalValue): Promise<void>;
  cancelApproval(): void;
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

  return {
    status,
    error: error ?? loadError,
    clearError: () => setError(null),
    busy,
    openItems,
    setOpenItems,
    countItems,
    setCountItems,
    open: (float) => void guard(async () => show(await invoke('till.open', { float, items: openItems }))),
    movement: (m) => void guard(async () => show(await invoke('till.movement', m))),
    counting,
    startCount: () => setCounting(true),
    count,
    submitCount,
    recount: () => {
      setCount(null);
      setCounting(true);
    },
    settle,
    settled,
    pending,
    approve: (v) => (pending?.kind === 'early' ? approveEarly(v) : settle(v)),
    cancelApproval: () => setPending(null),
  };
}
