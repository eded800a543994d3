/**
 * Tampering with the SQLite file directly (triggers dropped, as an attacker with the file
 * would) is caught by the verifier, which names the first bad row; and the ledger CLI's exit codes.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/tempDir';
import { findKey } from '../../../electron/core/secrets/keyLookup';
import { chainHash } from '../../../base/node/chain';
import { DB_FILE, openDatabase } from '../../../electron/core/storage/db';
import { verifyLedger } from '../../../electron/core/till';
import { sessionTotals as sessionTotalsOf } from '../../../electron/core/till/totals';
import { GENESIS } from '../../../base/node/chain';
import { rowPayload, type LedgerRow } from '../../../electron/core/till/ledger';
import { FLOAT_500, HOUR, makeTill, piecesFor } from '../../unit/till/fixture';


/** Two settled days and an open third: 3 sessions, rows 1..N. Returns the data dir. */
function buildLedger(): string {
  const f = makeTill({ maxClockJumpMinutes: 24 * 60 });
  for (let day = 0; day < 3; day++) {
    const s = f.till.openSession({ counterId: 'T01', clerkStaffNo: 'C001', float: FLOAT_500 });
    f.till.recordSale({ actor: 'C001', sessionId: s.id, tender: 'cash', dueFen: 3000, tenderedFen: 5000 });
    f.till.recordSale({ actor: 'C001', sessionId: s.id, tender: 'alipay', dueFen: 1200 });
    f.till.recordDrop({ actor: 'C001', sessionId: s.id, amountFen: 10_000, bagNo: `B${day}` });
    if (day < 2) {
      f.clock.advance(9 * HOUR);
      f.till.submitCount({ actor: 'C001', sessionId: s.id, cash: piecesFor(43_000) });
      f.till.settle({ actor: 'C001', sessionId: s.id, idempotencyKey: `settle-day-${day}` });
      f.clock.advance(15 * HOUR);
    }
  }
  f.db.close();
  const dir = tempDir('cd-till-tamper-');
  fs.cpSync(f.dir, dir, { recursive: true });
  f.close();
  return dir;
}

/** Opens the file raw, without the app, and drops the guard triggers first. */
function tamper(dir: string, fn: (db: Database.Database) => void): void {
  const db = new Database(path.join(dir, DB_FILE));
  db.exec('DROP TRIGGER till_ledger_no_update; DROP TRIGGER till_ledger_no_delete; DROP TRIGGER till_settlement_no_update;');
  fn(db);
  db.close();
}

function verify(dir: string): ReturnType<typeof verifyLedger> {
  const { db } = openDatabase({ dataDir: dir });
  try {
    return verifyLedger(db, findKey(dir, 'ledger-chain'));
  } finally {
    db.close();
  }
}

/** The ledger's head as the last Z report printed it. */
function headOf(dir: string): { seq: number; hash: string } {
  const db = new Database(path.join(dir, DB_FILE), { readonly: true });
  try {
    return db.prepare('SELECT seq, hash FROM till_ledger ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string };
  } finally {
    db.close();
  }
}

function cli(args: string[]): { status: number | null; out: string } {
  const r = spawnSync(path.resolve('node_modules/.bin/tsx'), ['electron/core/cli/ledger.ts', ...args], { encoding: 'utf8' });
  return { status: r.status, out: r.stdout + r.stderr };
}

describe('tamper detection', () => {
  it('an intact ledger verifies', () => {
    const v = verify(buildLedger());
    expect(v).toMatchObject({ ok: true, rows: 12, settlements: 2, problem: null });
  });

  it('an edited amount is named by its row', () => {
    const dir = buildLedger();
    tamper(dir, (db) => db.prepare('UPDATE till_ledger SET amount_fen = 300 WHERE seq = 6').run());
    expect(verify(dir).problem).toMatchObject({ code: 'hash_mismatch', seq: 6 });
  });

  it('a deleted row is named (middle, first and last)', () => {
    const mid = buildLedger();
    tamper(mid, (db) => db.prepare('DELETE FROM till_ledger WHERE seq = 7').run());
    expect(verify(mid).problem).toMatchObject({ code: 'sequence_gap', seq: 7 });

    const first = buildLedger();
    tamper(first, (db) => db.exec('PRAGMA foreign_keys = OFF; DELETE FROM till_ledger WHERE seq = 1;'));
    expect(verify(first).problem).toMatchObject({ code: 'sequence_gap', seq: 1 });

    const last = buildLedger();
    tamper(last, (db) => db.prepare('DELETE FROM till_ledger WHERE seq = 12').run());
    expect(verify(last).problem).toMatchObject({ code: 'tail_missing', seq: 12 });
  });

  it('5 yuan skimmed and the chain, head and settlement anchors recomputed (no key) is caught through the key; without the key, by the printed anchor', () => {
    const dir = buildLedger();
    const printed = headOf(dir); // the Z report's 记录校验码
    tamper(dir, (db) => {
      db.exec('DROP TRIGGER till_settlement_no_delete');
      db.prepare('UPDATE till_ledger SET amount_fen = 2500, due_fen = 2500, change_fen = 2500 WHERE seq = 2').run();
      let prev = GENESIS;
      for (const r of db.prepare('SELECT * FROM till_ledger ORDER BY seq').all() as LedgerRow[]) {
        const hash = chainHash(prev, rowPayload(r));
        db.prepare('UPDATE till_ledger SET prev_hash = ?, hash = ? WHERE seq = ?').run(prev, hash, r.seq);
        prev = hash;
      }
      db.prepare('UPDATE till_ledger_head SET hash = ?').run(prev);
      for (const st of db.prepare('SELECT session_id, head_seq FROM till_settlement').all() as { session_id: number; head_seq: number }[]) {
        const h = (db.prepare('SELECT hash FROM till_ledger WHERE seq = ?').get(st.head_seq) as { hash: string }).hash;
        const totals = sessionTotalsOf(db, st.session_id);
        db.prepare('UPDATE till_settlement SET head_hash = ?, totals_json = ?, expected_fen = ?, variance_fen = counted_fen - ? WHERE session_id = ?')
          .run(h, JSON.stringify(totals), totals.expectedCashFen, totals.expectedCashFen, st.session_id);
      }
    });
    expect(verify(dir).problem).toMatchObject({ code: 'hash_mismatch', seq: 1 });
    const { db } = openDatabase({ dataDir: dir });
    try {
      expect(verifyLedger(db, null).ok).toBe(true); // links alone agree: that is what the key is for
      expect(verifyLedger(db, null, [{ seq: printed.seq, prefix: printed.hash.slice(0, 12) }]).problem).toMatchObject({ code: 'anchor_mismatch', seq: printed.seq });
    } finally {
      db.close();
    }
  });

  it('the whole ledger deleted (rows and head) is caught by the sealed epoch, and by the printed anchor', () => {
    const dir = buildLedger();
    const printed = headOf(dir);
    tamper(dir, (db) => db.exec('PRAGMA foreign_keys = OFF; DELETE FROM till_ledger; DELETE FROM till_ledger_head;'));
    expect(verify(dir).problem).toMatchObject({ code: 'head_missing' });
    const { db } = openDatabase({ dataDir: dir });
    try {
      expect(verifyLedger(db, findKey(dir, 'ledger-chain'), [{ seq: printed.seq, prefix: printed.hash.slice(0, 12) }]).ok).toBe(false);
    } finally {
      db.close();
    }
  });

  it('stored settlement totals that no longer match the rows are named', () => {
    const dir = buildLedger();
    tamper(dir, (db) => {
      const t = JSON.parse((db.prepare('SELECT totals_json FROM till_settlement WHERE z_no = 2').get() as { totals_json: string }).totals_json) as { dropsFen: number };
      t.dropsFen = 0;
      db.prepare('UPDATE till_settlement SET totals_json = ? WHERE z_no = 2').run(JSON.stringify(t));
    });
    expect(verify(dir).problem).toMatchObject({ code: 'totals_mismatch', zNo: 2 });
  });
});

describe('ledger CLI', () => {
  it('--anchor read off a Z report: matching passes, a different prefix or a missing row fails, a malformed one is a usage error', () => {
    const dir = buildLedger();
    const h = headOf(dir);
    const p = h.hash.slice(0, 12);
    const ok = cli(['verify', '--data-dir', dir, '--anchor', `${h.seq}:${p.slice(0, 4)}-${p.slice(4, 8)}-${p.slice(8, 12)}`]);
    expect(ok.status).toBe(0);
    expect(ok.out).toContain('1 个校验码相符');
    const wrong = cli(['verify', '--data-dir', dir, '--anchor', `${h.seq}:${p[0] === '0' ? '1' : '0'}${p.slice(1)}`]);
    expect(wrong.status).toBe(1);
    expect(wrong.out).toContain(`第 ${h.seq} 条账务记录`);
    expect(wrong.out).toContain('Z report');
    expect(cli(['verify', '--data-dir', dir, '--anchor', `${h.seq + 5}:${p}`]).status).toBe(1);
    expect(cli(['verify', '--data-dir', dir, '--anchor', 'twelve']).status).toBe(2);
  });

  it('exit 0 on an intact ledger, 1 naming the row on a tampered one, 1 without a database, 2 on bad usage', () => {
    const dir = buildLedger();
    const ok = cli(['verify', '--data-dir', dir]);
    expect(ok.status).toBe(0);
    expect(ok.out).toContain('账务链完整');
    expect(ok.out).toContain('Ledger intact: 12 rows');

    tamper(dir, (db) => db.prepare('UPDATE till_ledger SET amount_fen = 1 WHERE seq = 3').run());
    const bad = cli(['verify', '--data-dir', dir]);
    expect(bad.status).toBe(1);
    expect(bad.out).toContain('第 3 条账务记录');
    expect(bad.out).toContain('Ledger row seq 3');

    const env = cli(['verify', '--data-dir', path.join(dir, 'nowhere')]);
    expect(env.status).toBe(1);
    expect(env.out).toContain('No database');
    expect(cli(['frobnicate']).status).toBe(2);
  });
});
