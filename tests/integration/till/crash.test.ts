/**
 * Durability: a writer killed with SIGKILL at a random moment loses no acknowledged movement,
 * and the chain still verifies after reopening; the end of the day (count, settle, handover,
 * the Z report's print) killed at any step leaves no half-written state and nothing acknowledged lost.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/tempDir';
import { testKeys } from '../../helpers/keys';
import { openDatabase } from '../../../electron/core/storage/db';
import { verifyLedger } from '../../../electron/core/till';

const TSX = path.resolve('node_modules/.bin/tsx');
const CHILD = path.resolve('tests/integration/till/append-child.ts');
const SETTLE_CHILD = path.resolve('tests/integration/till/settle-child.ts');
const dir = tempDir('cd-till-crash-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Runs the writer until it acknowledged `killAfter` rows, SIGKILLs it, returns the acknowledged seqs. */
function runAndKill(killAfter: number): Promise<number[]> {
  return runLines(CHILD, dir, killAfter, /^\d+$/).then((lines) => lines.map(Number));
}

/** Runs a writer until it printed `killAfter` lines matching `ack`, SIGKILLs it, returns them. */
function runLines(script: string, dataDir: string, killAfter: number, ackLine: RegExp): Promise<string[]> {
  return new Promise((resolve, reject) => {
    // Own process group, so the kill reaches the node process tsx starts, not only tsx itself.
    const child = spawn(TSX, [script, dataDir], { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let buf = '';
    let err = '';
    const acked: string[] = [];
    let killed = false;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buf += chunk;
      const lines = buf.split('\n');
      buf = lines.pop() ?? ''; // a partial last line is not an acknowledgement
      for (const l of lines) if (ackLine.test(l)) acked.push(l);
      if (!killed && acked.length >= killAfter) {
        killed = true;
        process.kill(-child.pid!, 'SIGKILL');
      }
    });
    child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      if (!killed) reject(new Error(`writer exited by itself (${String(signal)}): ${err}`));
      else resolve(acked);
    });
  });
}

describe('crash during appends', () => {
  it('every acknowledged movement survives SIGKILL and the chain verifies', async () => {
    let total = 0;
    for (let round = 0; round < 3; round++) {
      const killAfter = 20 + Math.floor(Math.random() * 300);
      const acked = await runAndKill(killAfter);
      expect(acked.length).toBeGreaterThanOrEqual(killAfter);
      total += acked.length;
      const { db } = openDatabase({ dataDir: dir });
      try {
        const has = db.prepare('SELECT 1 FROM till_ledger WHERE seq = ?');
        const missing = acked.filter((seq) => has.get(seq) === undefined);
        expect(missing).toEqual([]);
        const v = verifyLedger(db, testKeys(dir).key('ledger-chain'));
        expect(v.problem).toBeNull();
        expect(v.ok).toBe(true);
        expect(v.rows).toBeGreaterThanOrEqual(total);
      } finally {
        db.close();
      }
    }
  }, 120_000);
});

describe('crash at the end of the day', () => {
  it('killed during count, settle, handover or the Z print: every acknowledged step is there, nothing half-written, the chain verifies', async () => {
    const sdir = tempDir('cd-till-crash-settle-');
    try {
      const acked: string[] = [];
      for (let round = 0; round < 4; round++) {
        const killAfter = 8 + Math.floor(Math.random() * 40);
        acked.push(...(await runLines(SETTLE_CHILD, sdir, killAfter, /^(open|sale|count|settle|handover|zprint) /)));
        const { db } = openDatabase({ dataDir: sdir });
        try {
          const one = (sql: string, ...args: unknown[]) => db.prepare(sql).get(...args) !== undefined;
          for (const l of acked) {
            const [what, a, b] = l.split(' ');
            if (what === 'sale') expect(one('SELECT 1 FROM till_ledger WHERE seq = ?', Number(a)), l).toBe(true);
            if (what === 'count') expect(one('SELECT 1 FROM till_count WHERE session_id = ?', Number(a)), l).toBe(true);
            if (what === 'settle') expect(one('SELECT 1 FROM till_settlement WHERE session_id = ? AND z_no = ?', Number(a), Number(b)), l).toBe(true);
            if (what === 'handover') expect(one('SELECT 1 FROM till_handover WHERE session_id = ?', Number(a)), l).toBe(true);
            if (what === 'zprint') expect(one('SELECT 1 FROM till_report_print WHERE z_no = ? AND copy_no = 0', Number(a)), l).toBe(true);
          }
          // Settled means settled: never a session marked settled without its record and Z number, nor the reverse.
          expect(db.prepare(`SELECT COUNT(*) AS n FROM till_session s WHERE (s.status = 'settled') <> EXISTS (SELECT 1 FROM till_settlement t WHERE t.session_id = s.id)`).get()).toEqual({ n: 0 });
          expect(db.prepare('SELECT COUNT(*) AS n FROM till_settlement t WHERE NOT EXISTS (SELECT 1 FROM till_z_report z WHERE z.z_no = t.z_no AND z.session_id = t.session_id)').get()).toEqual({ n: 0 });
          const v = verifyLedger(db, testKeys(sdir).key('ledger-chain'));
          expect(v.problem).toBeNull();
        } finally {
          db.close();
        }
      }
      expect(acked.some((l) => l.startsWith('settle '))).toBe(true);
    } finally {
      fs.rmSync(sdir, { recursive: true, force: true });
    }
  }, 180_000);
});
