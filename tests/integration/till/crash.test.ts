/**
 * Durability: a writer killed with SIGKILL at a random moment loses no acknowledged movement,
 * and the chain still verifies after reopening.
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
const dir = tempDir('cd-till-crash-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Runs the writer until it acknowledged `killAfter` rows, SIGKILLs it, returns the acknowledged seqs. */
function runAndKill(killAfter: number): Promise<number[]> {
  return new Promise((resolve, reject) => {
    // Own process group, so the kill reaches the node process tsx starts, not only tsx itself.
    const child = spawn(TSX, [CHILD, dir], { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let buf = '';
    let err = '';
    const acked: number[] = [];
    let killed = false;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buf += chunk;
      const lines = buf.split('\n');
      buf = lines.pop() ?? ''; // a partial last line is not an acknowledgement
      for (const l of lines) if (/^\d+$/.test(l)) acked.push(Number(l));
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
