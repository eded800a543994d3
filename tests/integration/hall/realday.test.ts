// A real counter's day through the real app process (tests/day: reader and printer simulators
// on ptys, faults, SIGKILLs) — then its database synced to a hall: every record the domain wrote
// fits the replication contract, arrives once, and `verify` finds the hall's copy identical.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../base/clock';
import { openDatabase } from '../../../electron/core/storage/db';
import { enrolWithHall } from '../../../electron/core/sync/enrol';
import { Syncer } from '../../../electron/core/sync/syncer';
import { addCounter } from '../../../hall/admin/counters';
import { startHallServer } from '../../../hall/server/http';
import { openHallStore } from '../../../hall/storage/open';
import { ensureIdentity } from '../../../hall/tls/identity';
import { copyInDatabase, verifyCounter } from '../../../hall/verify/compare';
import { ROOT } from '../../helpers/browserMode';

const ready = fs.existsSync('/usr/bin/socat') && fs.existsSync(path.join(ROOT, 'dist/renderer/index.html'));
if (!ready) console.log('real-day sync skipped: needs /usr/bin/socat and a built renderer (npm run build:renderer)');
const run = ready ? describe : describe.skip;

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

function playDay(dataDir: string): Promise<number | null> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'tests/day/day.ts', '--customers', '12', '--seed', '7', '--faults', '--json', '--data-dir', dataDir], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

run('a real counter day, synced', () => {
  it('every record the app wrote reaches the hall once and verifies', { timeout: 240_000 }, async () => {
    const counterDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cd-realday-'));
    const hallDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cd-realday-hall-'));
    dirs.push(counterDir, hallDir);
    expect(await playDay(counterDir)).toBe(0);

    const store = await openHallStore({ dataDir: hallDir });
    const identity = await ensureIdentity(store);
    const server = await startHallServer({ store, identity, host: '127.0.0.1', port: 0, adminToken: 't' });
    const { db } = openDatabase({ dataDir: counterDir });
    try {
      const { code } = await addCounter(store, { number: 2 });
      const clock = new ManualClock(Date.now());
      await enrolWithHall(db, { hallUrl: server.url, counter: 2, code }, () => clock.now());
      const syncer = new Syncer({ db, clock, batchRows: 25 });
      const s = await syncer.runOnce();
      await syncer.stop();
      expect(s.lastError).toBeNull();
      expect(s.state).toBe('idle');
      expect(s.unsentTotal).toBe(0);

      const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
      const onHall = Object.fromEntries(
        (await store.query<{ stream: string; n: number; d: number }>('SELECT stream, count(*)::int AS n, count(DISTINCT seq)::int AS d FROM replica_row WHERE counter = 2 GROUP BY stream')).rows.map((r) => {
          expect(r.d).toBe(r.n);
          return [r.stream, r.n];
        }),
      );
      expect(onHall).toEqual({
        ledger: count('SELECT count(*) AS n FROM till_ledger'),
        audit: count('SELECT count(*) AS n FROM audit_log'),
        journey: count("SELECT count(*) AS n FROM journeys WHERE status <> 'open'"),
        step: count("SELECT count(*) AS n FROM journey_steps s JOIN journeys j USING (journey_id) WHERE j.status <> 'open'"),
        settlement: count('SELECT count(*) AS n FROM till_settlement'),
        handover: count('SELECT count(*) AS n FROM till_handover'),
        early_event: count('SELECT count(*) AS n FROM till_early_event'),
        print_outcome: count("SELECT count(*) AS n FROM print_jobs WHERE state IN ('printed', 'failed')"),
        count: count('SELECT count(*) AS n FROM till_count'),
      });
      expect(onHall.early_event).toBeGreaterThan(0);
      // Masked, nameless: no ID number, no name, no farewell title on the hall.
      const text = JSON.stringify((await store.query<{ data: unknown }>("SELECT data FROM replica_row WHERE stream = 'journey'")).rows);
      expect(text).not.toMatch(/\d{17}[\dX]/);
      expect(text).not.toMatch(/先生|女士|farewell/);
      const report = await verifyCounter(copyInDatabase(store), 2, counterDir);
      expect(report.ok, JSON.stringify(report)).toBe(true);
    } finally {
      db.close();
      await server.close();
      await store.close();
    }
  });
});
