/**
 * Till benchmark: five years of a busy counter (>= 500,000 ledger rows, ~1,500 sessions), then
 *  - settlement computation (one session's totals) median/p95 — target < 20 ms,
 *  - a full settle() (gate + totals + durable write) median/p95,
 *  - durable append latency p50/p99 and appends/second (synchronous=FULL, one commit each).
 *
 *   npx tsx tests/bench/till.ts [--rows 510000] [--keep]
 *
 * The history is written in one transaction through the same appendInTx as real rows, so every
 * hash is computed as it would be at the counter.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ManualClock } from '../../base/clock';
import { DB_FILE, openDatabase } from '../../electron/core/storage/db';
import { fileKeyStore } from '../../electron/core/secrets/keyStore';
import { Till } from '../../electron/core/till';
import { appendInTx, type NewLedgerRow, type Tender } from '../../electron/core/till/ledger';
import { sessionTotals } from '../../electron/core/till/totals';
import { recordFigure } from './figures';
import { quantile, summarize } from './stats';

const DAY = 86_400_000;

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}
const ms = (v: number): string => `${v.toFixed(3)} ms`;

/** Deterministic PRNG (mulberry32), so runs are comparable. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function bench(args: string[]): Promise<void> {
  const rowsArg = args.indexOf('--rows');
  const targetRows = rowsArg >= 0 ? Number(args[rowsArg + 1]) : 510_000;
  const keep = args.includes('--keep');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cd-till-bench-'));
  try {
    const { db } = openDatabase({ dataDir: dir });
    const start = Date.UTC(2020, 0, 1, 1, 0); // 09:00 Shanghai
    const clock = new ManualClock(start);
    // The bench's own throw-away key folder, never the OS user's.
    const keys = fileKeyStore(dir, fs.mkdtempSync(path.join(os.tmpdir(), 'cd-till-bench-keys-')));
    const key = keys.key('ledger-chain');
    const till = new Till({
      db, clock, settings: { maxClockJumpMinutes: 24 * 60 }, chainKey: key,
      approver: { verify: (staffNo) => ({ staffNo, role: 'duty_manager', name: 'bench' }) },
      openJourneys: () => 0,
    });
    const rand = rng(42);
    const rowsPerSession = 340;
    const sessions = Math.ceil(targetRows / rowsPerSession);

    // --- build five years of history in one transaction ---
    const t0 = performance.now();
    const insertSession = db.prepare(`INSERT INTO till_session (counter_id, clerk_staff_no, business_day, opened_at, float_fen, float_json, items_json, status, settled_at)
      VALUES ('T01', ?, ?, ?, 50000, '{"note_100":5}', '{"sim_card":50,"value_card":50,"invoice_paper":500}', 'settled', ?)`);
    let rows = 0;
    db.transaction(() => {
      for (let s = 0; s < sessions; s++) {
        const opened = Math.round(start + s * DAY * ((5 * 365) / sessions));
        const day = new Date(opened + 8 * 3_600_000).toISOString().slice(0, 10);
        const sid = Number(insertSession.run(`C${s % 7}`, day, opened, opened + 9 * 3_600_000).lastInsertRowid);
        let at = opened;
        let cash = 50_000;
        const base = (r: Partial<NewLedgerRow> & Pick<NewLedgerRow, 'kind' | 'amount_fen'>): NewLedgerRow => ({
          session_id: sid, at: (at += 60_000), staff_no: `C${s % 7}`, tender: null, due_fen: null, tendered_fen: null, change_fen: null,
          item: null, qty: null, ref: null, reason: null, corrects_seq: null, actor_staff_no: `C${s % 7}`, note_id: null, ...r,
        });
        appendInTx(db, key, base({ kind: 'float', tender: 'cash', amount_fen: 50_000 }));
        for (let i = 1; i < rowsPerSession; i++) {
          const x = rand();
          const due = 100 * (1 + Math.floor(rand() * 300));
          let r: NewLedgerRow;
          if (x < 0.55) {
            const tendered = Math.ceil(due / 5000) * 5000;
            r = base({ kind: 'sale', tender: 'cash', amount_fen: due, due_fen: due, tendered_fen: tendered, change_fen: tendered - due, ref: `J${i}` });
          } else if (x < 0.85) {
            const tender: Tender = (['wechat', 'alipay', 'unionpay'] as const)[Math.floor(rand() * 3)]!;
            r = base({ kind: 'sale', tender, amount_fen: due, due_fen: due, tendered_fen: due, change_fen: 0, ref: `J${i}` });
          } else if (x < 0.95) {
            r = base({ kind: 'item_use', amount_fen: 0, item: 'invoice_paper', qty: 1, ref: `J${i}` });
          } else if (x < 0.98 && cash > due) {
            r = base({ kind: 'refund', tender: 'cash', amount_fen: -due, reason: '退费' });
          } else if (cash > 300_000) {
            r = base({ kind: 'drop', tender: 'cash', amount_fen: -200_000, ref: `BAG${s}-${i}` });
          } else {
            r = base({ kind: 'cash_in', tender: 'cash', amount_fen: 1000, reason: '补零钱' });
          }
          if (r.tender === 'cash') cash += r.amount_fen;
          appendInTx(db, key, r);
          rows++;
        }
        rows++;
      }
    }).immediate();
    const buildMs = performance.now() - t0;
    db.pragma('wal_checkpoint(TRUNCATE)');
    const size = fs.statSync(path.join(dir, DB_FILE)).size;
    console.log(`till bench: ${rows.toLocaleString('en')} ledger rows in ${sessions.toLocaleString('en')} sessions built in ${(buildMs / 1000).toFixed(1)} s (${Math.round(rows / (buildMs / 1000)).toLocaleString('en')} rows/s, db ${(size / 1e6).toFixed(0)} MB)`);

    // --- settlement computation on historical sessions ---
    const samples: number[] = [];
    for (let i = 0; i < 300; i++) {
      const sid = 1 + Math.floor(rand() * sessions);
      const a = performance.now();
      const t = sessionTotals(db, sid);
      samples.push(performance.now() - a);
      if (t.rows !== rowsPerSession) throw new Error(`session ${sid}: ${t.rows} rows`);
    }
    samples.sort((a, b) => a - b);
    recordFigure('till.settlementMs', summarize(samples), 'ms', `settlement computation on ${rows.toLocaleString('en')} ledger rows`);
    console.log(`settlement computation (session totals, ${rowsPerSession} rows/session, ${samples.length} samples): median ${ms(pct(samples, 50))}, p95 ${ms(pct(samples, 95))}, max ${ms(samples[samples.length - 1]!)} — target < 20 ms`);

    // --- durable appends, then full settlements, on fresh sessions ---
    const freshStart = Date.UTC(2025, 2, 3, 1, 0); // 09:00 Shanghai, later than all history
    const appendMs: number[] = [];
    const settleMs: number[] = [];
    const appendsPerSession = 200;
    const freshSessions = 10;
    const wall0 = performance.now();
    for (let k = 0; k < freshSessions; k++) {
      clock.set(freshStart + k * DAY);
      const s = till.openSession({ counterId: 'BENCH', clerkStaffNo: 'C100', float: { note_100: 5 } });
      for (let i = 0; i < appendsPerSession; i++) {
        clock.advance(1000);
        const a = performance.now();
        till.recordSale({ actor: 'C100', sessionId: s.id, tender: 'cash', dueFen: 1000, tenderedFen: 2000, journeyRef: 'B' });
        appendMs.push(performance.now() - a);
      }
      clock.advance(10 * 3_600_000); // after closing
      const expected = 50_000 + appendsPerSession * 1000;
      till.submitCount({ actor: 'C100', sessionId: s.id, cash: { note_100: Math.floor(expected / 10000), note_10: (expected % 10000) / 1000 } });
      const a = performance.now();
      const r = till.settle({ actor: 'C100', sessionId: s.id, idempotencyKey: `bench-settle-${k}` });
      settleMs.push(performance.now() - a);
      if (r.varianceFen !== 0) throw new Error('bench settlement out of balance');
    }
    const appendWall = appendMs.reduce((x, y) => x + y, 0);
    appendMs.sort((a, b) => a - b);
    settleMs.sort((a, b) => a - b);
    recordFigure('till.appendMs', summarize(appendMs), 'ms', 'durable ledger append (synchronous=FULL)');
    recordFigure('till.appendP99Ms', quantile(appendMs, 0.99), 'ms', 'durable ledger append, p99');
    recordFigure('till.appendsPerSecond', Math.round(appendMs.length / (appendWall / 1000)), 'appends/s', 'durable ledger appends a second');
    recordFigure('till.settleMs', summarize(settleMs), 'ms', 'full settle() incl. gate, totals and durable write');
    console.log(`durable append (synchronous=FULL, one commit each, ${appendMs.length} samples): p50 ${ms(pct(appendMs, 50))}, p99 ${ms(pct(appendMs, 99))}, ${Math.round(appendMs.length / (appendWall / 1000))} appends/s`);
    console.log(`full settle() incl. gate, totals and durable write (${settleMs.length} samples): median ${ms(pct(settleMs, 50))}, p95 ${ms(pct(settleMs, 95))}`);
    console.log(`(fresh-session phase wall time ${((performance.now() - wall0) / 1000).toFixed(1)} s; data in ${keep ? dir : 'a temp dir, removed'})`);
    db.close();
  } finally {
    if (!keep) fs.rmSync(dir, { recursive: true, force: true });
  }
}

const entry = process.argv[1];
if (entry && import.meta.url === pathToFileURL(path.resolve(entry)).href) {
  await bench(process.argv.slice(2));
}
