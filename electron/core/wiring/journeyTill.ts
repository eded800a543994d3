/**
 * The journey's TillPort on the real till. Each call carries the journey effect's idempotency
 * key, stored as the ledger row's ref: after a crash between posting and marking the effect
 * done, the service calls again with the same key and the till finds the row instead of
 * posting twice.
 */
import { BilingualError } from '../../../base/contract/errors';
import { ACCOUNTABLE_ITEMS } from '../../../base/contract/items';
import type { TillPort } from '../journey/ports';
import type { Till } from '../till';

export interface DrawerPort {
  kick(reason: string): Promise<void>;
}

/** How long a payment waits for the drawer before going on (the kick still happens). */
export const KICK_WAIT_MS = 2000;

async function kickWithoutWaiting(kick: Promise<void>, waitMs: number, onLate?: (e: unknown) => void): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), waitMs);
  });
  try {
    const r = await Promise.race([kick.then(() => 'done' as const), late]);
    if (r === 'late') kick.catch((e: unknown) => onLate?.(e));
  } finally {
    clearTimeout(timer);
  }
}

export function journeyTillPort(opts: {
  till: () => Till;
  counterId: () => string;
  /** The journey's clerk: the actor on its ledger rows (journey.begin checked she may use this till). */
  actorOf: (journeyId: string) => string | null;
  drawer: DrawerPort;
  kickWaitMs?: number;
  /** A kick that failed after the payment stopped waiting for it (for the log). */
  onLateKick?: (e: unknown) => void;
}): TillPort {
  const posted = (key: string) => opts.till().posted(key);
  const sessionId = () => {
    const open = opts.till().openSessionAt(opts.counterId());
    if (!open) {
      throw new BilingualError(
        'TILL_NOT_OPEN',
        '钱箱未开班，不能收款 — 请按 F5 清点备用金开班后重试',
        'The till is not open, so payment cannot be taken — press F5, count the float to open it, then retry',
      );
    }
    return open.id;
  };
  // A journey's row always names a person: its clerk, else the till's owner (a journey purged from memory).
  const actor = (journeyId: string, sessionId: number) => opts.actorOf(journeyId) ?? opts.till().session(sessionId).clerk_staff_no;
  return {
    postCashSale: (p) => {
      if (posted(p.idempotencyKey)) return;
      const id = sessionId();
      opts.till().recordSale({ sessionId: id, tender: 'cash', dueFen: p.dueFen, tenderedFen: p.tenderedFen, journeyRef: p.idempotencyKey, actor: actor(p.journeyId, id) });
    },
    postNonCash: (p) => {
      if (posted(p.idempotencyKey)) return;
      const id = sessionId();
      opts.till().recordSale({ sessionId: id, tender: p.tender, dueFen: p.amountFen, journeyRef: p.idempotencyKey, actor: actor(p.journeyId, id) });
    },
    refund: (p) => {
      if (posted(p.idempotencyKey)) return;
      const id = sessionId();
      opts.till().recordRefund({
        sessionId: id, tender: p.tender, amountFen: p.amountFen, reason: '业务取消退款 / refund of a cancelled journey', journeyRef: p.idempotencyKey, actor: actor(p.journeyId, id),
      });
    },
    // A repeated kick after a crash opens an already open drawer: harmless, so no dedupe store.
    // The kick runs in the printer's buffer order: behind a receipt that waits for paper it may
    // wait minutes. The payment must not: after a short wait the kick goes on by itself.
    drawerKick: (p) => kickWithoutWaiting(opts.drawer.kick(`journey ${p.journeyId}`), opts.kickWaitMs ?? KICK_WAIT_MS, opts.onLateKick),
    // Counter items a closed journey used, so the settlement can compare them with the count.
    // Without an open till there is no count to explain: nothing is posted. One row per
    // business and item, keyed under the effect's key.
    useItems: (p) => {
      const open = opts.till().openSessionAt(opts.counterId());
      if (!open) return;
      for (const l of p.lines) {
        for (const item of ACCOUNTABLE_ITEMS) {
          const qty = l.items[item];
          const ref = `${p.idempotencyKey}:${l.code}:${item}`;
          if (qty > 0 && !posted(ref)) opts.till().useItem({ sessionId: open.id, item, qty, journeyRef: ref, actor: actor(p.journeyId, open.id) });
        }
      }
    },
  };
}
