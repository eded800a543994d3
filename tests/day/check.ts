/**
 * The end-of-day checks, independent of the code paths that wrote the data: the SQLite file is
 * opened read-only with better-sqlite3 and summed by hand, the chains are verified by the
 * project's own CLIs as separate processes, and the paper is read back from the printer
 * simulator's output. Every disagreement is a named violation.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { ROOT } from './app';
import type { CustomerRecord } from './customer';
import { readPaper, type PaperCopy } from './receipts';

export interface DayFacts {
  dataDir: string;
  records: CustomerRecord[];
  floatFen: number;
  dropsFen: number;
  drawerFen: number;
  paper: string;
  zNo: number | null;
  faults: boolean;
}

export interface CheckResult {
  violations: string[];
  ledger: { expectedFen: number; cashSalesFen: number; tenderedFen: number; changeFen: number; refundsFen: number; dropsFen: number; nonCash: Record<string, { salesFen: number; refundsFen: number }> };
  mine: { expectedFen: number; tenderedFen: number; changeFen: number; refundsFen: number };
  journeys: { inDb: number; closed: number; cancelled: number; open: number; pendingEffects: number; lost: number };
  paper: { printed: number; markedCopies: number; onlyMarkedDuplicate: number; cutOff: number; zReports: number; paperOutMidReceipt: number; reachedHandover: number };
  cli: { ledger: number | null; audit: number | null };
  settlement: { expectedFen: number; countedFen: number; varianceFen: number } | null;
  earlyRefusals: number;
  dbBytes: number;
}

type Row = Record<string, number | string | null>;

function cli(script: string, dataDir: string): { code: number | null; out: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', script, 'verify', '--data-dir', dataDir], { cwd: ROOT, encoding: 'utf8' });
  return { code: r.status, out: `${r.stdout}${r.stderr}`.trim() };
}

export function dbBytes(dataDir: string): number {
  return fs
    .readdirSync(dataDir)
    .filter((f) => f.startsWith('counterdesk.sqlite'))
    .reduce((s, f) => s + fs.statSync(path.join(dataDir, f)).size, 0);
}

export function checkDay(f: DayFacts): CheckResult {
  const v: string[] = [];
  const ledgerCli = cli('electron/core/cli/ledger.ts', f.dataDir);
  const auditCli = cli('electron/core/cli/audit.ts', f.dataDir);
  if (ledgerCli.code !== 0) v.push(`ledger chain: ledger verify exited ${ledgerCli.code}: ${ledgerCli.out}`);
  if (auditCli.code !== 0) v.push(`audit chain: audit verify exited ${auditCli.code}: ${auditCli.out}`);

  const db = new Database(path.join(f.dataDir, 'counterdesk.sqlite'), { readonly: true, fileMustExist: true });
  try {
    const sessions = db.prepare('SELECT * FROM till_session').all() as Row[];
    if (sessions.length !== 1) v.push(`till: expected one cash session, found ${sessions.length}`);
    const session = sessions[0];
    const sid = Number(session?.id ?? -1);
    if (session && session.status !== 'settled') v.push(`till: the session is ${session.status}, not settled`);
    if (session && Number(session.float_fen) !== f.floatFen) v.push(`till: float ${session.float_fen} in the database, ${f.floatFen} counted into the drawer`);

    // ---- money, summed by hand from the ledger rows --------------------------------------
    const rows = db.prepare('SELECT kind, tender, amount_fen, tendered_fen, change_fen, ref FROM till_ledger WHERE session_id = ?').all(sid) as Row[];
    const sum = (pred: (r: Row) => boolean, col: string) => rows.filter(pred).reduce((s, r) => s + Number(r[col] ?? 0), 0);
    const cash = (kind: string) => (r: Row) => r.tender === 'cash' && r.kind === kind;
    const ledger: CheckResult['ledger'] = {
      expectedFen: sum((r) => r.tender === 'cash', 'amount_fen'),
      cashSalesFen: sum(cash('sale'), 'amount_fen'),
      tenderedFen: sum(cash('sale'), 'tendered_fen'),
      changeFen: sum(cash('sale'), 'change_fen') + -sum(cash('change'), 'amount_fen'),
      refundsFen: -sum(cash('refund'), 'amount_fen'),
      dropsFen: -sum(cash('drop'), 'amount_fen'),
      nonCash: {},
    };
    for (const t of ['wechat', 'alipay', 'unionpay']) {
      ledger.nonCash[t] = {
        salesFen: sum((r) => r.tender === t && r.kind === 'sale', 'amount_fen'),
        refundsFen: -sum((r) => r.tender === t && r.kind === 'refund', 'amount_fen'),
      };
    }
    const recs = f.records;
    const total = (pick: (r: CustomerRecord) => number) => recs.reduce((s, r) => s + pick(r), 0);
    const mineTendered = total((r) => r.cash.tenderedFen);
    const mineChange = total((r) => r.cash.changeFen);
    const mineRefunds = total((r) => r.cash.refundFen + r.cash.payOutFen);
    const mineExpected = f.floatFen + mineTendered - mineChange - mineRefunds - f.dropsFen;
    const mine = { expectedFen: mineExpected, tenderedFen: mineTendered, changeFen: mineChange, refundsFen: mineRefunds };
    if (mineTendered !== ledger.tenderedFen) v.push(`cash taken: customers handed over ${mineTendered} fen, the ledger says ${ledger.tenderedFen}`);
    if (mineChange !== ledger.changeFen) v.push(`change: ${mineChange} fen handed back, the ledger says ${ledger.changeFen}`);
    if (mineRefunds !== ledger.refundsFen) v.push(`cash refunds: ${mineRefunds} fen paid out, the ledger says ${ledger.refundsFen}`);
    if (f.dropsFen !== ledger.dropsFen) v.push(`drops: ${f.dropsFen} fen to the safe, the ledger says ${ledger.dropsFen}`);
    if (mineExpected !== ledger.expectedFen) v.push(`expected cash: float + taken − change − refunds − drops = ${mineExpected} fen, the ledger's cash rows sum to ${ledger.expectedFen}`);
    if (f.drawerFen !== mineExpected) v.push(`drawer: it holds ${f.drawerFen} fen, the customers' record says ${mineExpected}`);
    for (const t of ['wechat', 'alipay', 'unionpay']) {
      const sales = total((r) => (r.nonCash?.tender === t ? r.nonCash.fen : 0));
      const refunds = total((r) => (r.nonCash?.tender === t ? r.nonCash.refundFen : 0));
      if (sales !== ledger.nonCash[t]!.salesFen) v.push(`non-cash ${t}: customers paid ${sales} fen, the ledger says ${ledger.nonCash[t]!.salesFen}`);
      if (refunds !== ledger.nonCash[t]!.refundsFen) v.push(`non-cash ${t} refunds: ${refunds} fen, the ledger says ${ledger.nonCash[t]!.refundsFen}`);
    }

    const st = db.prepare('SELECT expected_fen, counted_fen, variance_fen FROM till_settlement WHERE session_id = ?').get(sid) as Row | undefined;
    const settlement = st ? { expectedFen: Number(st.expected_fen), countedFen: Number(st.counted_fen), varianceFen: Number(st.variance_fen) } : null;
    if (!settlement) v.push('settlement: no settlement row');
    else {
      if (settlement.expectedFen !== mineExpected) v.push(`settlement: expected ${settlement.expectedFen} fen, recomputed ${mineExpected}`);
      if (settlement.countedFen !== f.drawerFen) v.push(`settlement: counted ${settlement.countedFen} fen, the drawer held ${f.drawerFen}`);
      if (settlement.varianceFen !== 0) v.push(`settlement: the till does not balance, variance ${settlement.varianceFen} fen`);
    }
    if (!db.prepare('SELECT 1 FROM till_handover WHERE session_id = ?').get(sid)) v.push('handover: no handover row');
    const earlyRefusals = (db.prepare("SELECT COUNT(*) AS n FROM till_early_event WHERE outcome = 'refused' AND block = 'before_close'").get() as { n: number }).n;
    if (earlyRefusals < 1) v.push('early settlement: no refused attempt before closing was recorded');

    // ---- journeys: none lost, none half-recorded ------------------------------------------
    const dbJourneys = new Map((db.prepare('SELECT journey_id, status, due_fen, refund_fen, refund_status FROM journeys').all() as Row[]).map((r) => [String(r.journey_id), r]));
    const started = recs.filter((r) => r.journeyId !== null);
    let lost = 0;
    for (const r of started) {
      const row = dbJourneys.get(r.journeyId!);
      if (!row) {
        lost++;
        v.push(`journey lost: customer ${r.no}'s journey ${r.journeyId} is not in the database`);
      } else if (row.status === 'open') {
        lost++;
        v.push(`journey open: customer ${r.no}'s journey ${r.journeyId} was never closed or cancelled`);
      } else if (row.status !== r.outcome) {
        v.push(`journey ${r.journeyId}: the database says ${row.status}, the counter saw ${r.outcome}`);
      }
    }
    const mineIds = new Set(started.map((r) => r.journeyId));
    for (const id of dbJourneys.keys()) if (!mineIds.has(id)) v.push(`journey ${id} is in the database but no customer started it`);
    for (const r of recs) if (r.journeyId === null) v.push(`customer ${r.no}: no journey was started`);
    const pendingEffects = (db.prepare("SELECT COUNT(*) AS n FROM journey_effects WHERE status = 'pending'").get() as { n: number }).n;
    if (pendingEffects > 0) v.push(`half-recorded: ${pendingEffects} journey effects are still pending`);
    const refs = new Set(rows.map((r) => String(r.ref ?? '')));
    const hasRef = (prefix: string) => [...refs].some((x) => x === prefix || x.startsWith(`${prefix}#`));
    for (const [id, row] of dbJourneys) {
      if (row.status === 'closed' && Number(row.due_fen) !== 0 && !hasRef(`${id}:pay`)) v.push(`half-recorded: journey ${id} closed with ${row.due_fen} fen due and no ledger row`);
      if (row.status === 'cancelled' && Number(row.refund_fen ?? 0) > 0 && (!hasRef(`${id}:refund`) || row.refund_status !== 'done')) {
        v.push(`half-recorded: journey ${id} was cancelled after payment and its refund is ${row.refund_status} / not in the ledger`);
      }
    }
    const statuses = [...dbJourneys.values()].map((r) => r.status);

    // ---- paper: one unmarked receipt per journey that reached hand-over ----------------------
    const copies = readPaper(f.paper);
    const receipts = copies.filter((c) => c.kind === 'receipt');
    const reached = new Set((db.prepare("SELECT DISTINCT journey_id FROM journey_steps WHERE step = 'handover'").all() as Row[]).map((r) => String(r.journey_id)));
    for (const r of started) {
      if (r.reachedHandover !== reached.has(r.journeyId!)) v.push(`journey ${r.journeyId}: the counter ${r.reachedHandover ? 'reached' : 'never reached'} hand-over, the database disagrees`);
    }
    const cutOffWithoutRef = receipts.filter((c) => !c.complete && c.refs.length === 0).length;
    let onlyDuplicate = 0;
    for (const id of reached) {
      const mine = receipts.filter((c) => c.refs.includes(id));
      const unmarked = mine.filter((c) => !c.marked);
      if (unmarked.length > 1) v.push(`receipt ${id}: printed ${unmarked.length} times without a reprint mark`);
      if (!mine.some((c) => c.complete)) v.push(`receipt ${id}: never came out whole`);
      if (unmarked.length === 0) {
        // The app was killed after the job was marked 'printing' but before its bytes left: by
        // the queue's restart policy the only copy is re-sent marked 【可能重复】. Allowed only
        // on a day with kills, and counted.
        if (f.faults && (mine.some((c) => c.possibleDuplicate && c.complete) || cutOffWithoutRef > 0)) onlyDuplicate++;
        else v.push(`receipt ${id}: only marked copies, no original`);
      }
    }
    for (const c of receipts) {
      if (c.complete && c.refs.length !== 1) v.push(`a receipt on paper carries ${c.refs.length} transaction references`);
      for (const ref of c.refs) if (!reached.has(ref)) v.push(`receipt ${ref} was printed for a journey that never reached hand-over`);
    }
    const zCopies = copies.filter((c) => c.kind === 'z-report');
    const zTag = f.zNo === null ? null : `Z${String(f.zNo).padStart(6, '0')}`;
    const zOriginals = zCopies.filter((c) => !c.marked && c.complete && zTag !== null && c.refs.includes(zTag));
    if (zOriginals.length !== 1) v.push(`Z report: ${zOriginals.length} unmarked copies of ${zTag} on paper (expected 1)`);

    return {
      violations: v,
      ledger,
      mine,
      journeys: {
        inDb: dbJourneys.size,
        closed: statuses.filter((s) => s === 'closed').length,
        cancelled: statuses.filter((s) => s === 'cancelled').length,
        open: statuses.filter((s) => s === 'open').length,
        pendingEffects,
        lost,
      },
      paper: {
        printed: receipts.filter((c) => !c.marked && c.refs.length > 0).length,
        markedCopies: copies.filter((c) => c.marked).length,
        onlyMarkedDuplicate: onlyDuplicate,
        cutOff: copies.filter((c) => !c.complete).length,
        zReports: zCopies.length,
        paperOutMidReceipt: copies.filter((c) => c.paperOutInside).length,
        reachedHandover: reached.size,
      },
      cli: { ledger: ledgerCli.code, audit: auditCli.code },
      settlement,
      earlyRefusals,
      dbBytes: dbBytes(f.dataDir),
    };
  } finally {
    db.close();
  }
}

export type { PaperCopy };
