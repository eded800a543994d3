/**
 * A session's figures, summed from that session's ledger rows only (never a date range), by
 * one indexed GROUP BY: the cost follows the session's size, not the ledger's history.
 */
import type { Db } from '../storage/db';
import { ACCOUNTABLE_ITEMS, type AccountableItem, isAccountableItem } from '../../../base/contract/items';
import { NON_CASH_TENDERS, isNonCashTender, type NonCashTender } from '../../../base/contract/tenders';
import type { NonCashTotal, SessionTotals } from '../../../base/contract/till';


interface GroupRow {
  kind: string;
  tender: string | null;
  amount: number;
  tendered: number;
  change: number;
  n: number;
  nc: number;
}

const groupSql = `SELECT kind, tender, SUM(amount_fen) AS amount, TOTAL(tendered_fen) AS tendered,
  TOTAL(change_fen) AS change, COUNT(*) AS n, COUNT(corrects_seq) AS nc
  FROM till_ledger WHERE session_id = ? GROUP BY kind, tender`;
const itemSql = 'SELECT item, SUM(qty) AS qty FROM till_ledger WHERE session_id = ? AND item IS NOT NULL GROUP BY item';

const prepared = new WeakMap<Db, { group: import('better-sqlite3').Statement<[number], GroupRow>; items: import('better-sqlite3').Statement<[number], { item: string; qty: number }> }>();

export function emptyTotals(): SessionTotals {
  const nonCash = {} as Record<NonCashTender, NonCashTotal>;
  for (const t of NON_CASH_TENDERS) nonCash[t] = { salesFen: 0, refundsFen: 0, netFen: 0 };
  const itemsUsed = {} as Record<AccountableItem, number>;
  for (const i of ACCOUNTABLE_ITEMS) itemsUsed[i] = 0;
  return {
    floatFen: 0, cashSalesFen: 0, cashTenderedFen: 0, saleChangeFen: 0, changeGivenFen: 0, cashRefundsFen: 0,
    dropsFen: 0, cashInFen: 0, cashOutFen: 0, expectedCashFen: 0, nonCash, itemsUsed, rows: 0, corrections: 0,
  };
}

export function sessionTotals(db: Db, sessionId: number): SessionTotals {
  let p = prepared.get(db);
  if (!p) {
    p = { group: db.prepare(groupSql), items: db.prepare(itemSql) };
    prepared.set(db, p);
  }
  const t = emptyTotals();
  for (const g of p.group.all(sessionId)) {
    t.rows += g.n;
    t.corrections += g.nc;
    // TOTAL() returns a float; the inputs are integers, so rounding only drops the ".0".
    const tendered = Math.round(g.tendered);
    const change = Math.round(g.change);
    if (g.tender === 'cash') {
      t.expectedCashFen += g.amount;
      switch (g.kind) {
        case 'float': t.floatFen += g.amount; break;
        case 'sale': t.cashSalesFen += g.amount; t.cashTenderedFen += tendered; t.saleChangeFen += change; break;
        case 'change': t.changeGivenFen -= g.amount; break;
        case 'refund': t.cashRefundsFen -= g.amount; break;
        case 'drop': t.dropsFen -= g.amount; break;
        case 'cash_in': t.cashInFen += g.amount; break;
        case 'cash_out': t.cashOutFen -= g.amount; break;
        default: break;
      }
    } else if (isNonCashTender(g.tender)) {
      const nc = t.nonCash[g.tender];
      if (g.kind === 'sale') nc.salesFen += g.amount;
      else if (g.kind === 'refund') nc.refundsFen -= g.amount;
      nc.netFen += g.amount;
    }
  }
  for (const r of p.items.all(sessionId)) if (isAccountableItem(r.item)) t.itemsUsed[r.item] = r.qty;
  return t;
}
