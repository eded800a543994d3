// The counter's sync client against a real hall server process, on PGlite and on a PostgreSQL
// server: a day of records on the counter → enrol with the one-time code → sync in small
// batches, the hall killed (SIGKILL) after the first acknowledged batch and started again →
// every row on the hall exactly once, `hall verify` clean; then the counter's ledger rewritten
// with its chain recomputed → `hall verify` names the row and the witness flags the resend.
import { afterAll, describe, expect, it } from 'vitest';
import { chainHash } from '../../../base/node/chain';
import { ManualClock } from '../../../base/clock';
import { enrolWithHall } from '../../../electron/core/sync/enrol';
import { Syncer, type SyncStatus } from '../../../electron/core/sync/syncer';
import { openHallStore } from '../../../hall/storage/open';
import { openCounterDb, fillDay, type CounterDb } from '../../helpers/counterFixture';
import { BACKENDS, setupHallBackends } from '../../helpers/hallStores';
import { runHallCli, startHallProcess, storeArgs, type HallProcess } from '../../helpers/hallProcess';

const backends = setupHallBackends();
const cleanup: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const c of cleanup.reverse()) await c();
});

function until(syncer: { status(): SyncStatus }, pred: (s: SyncStatus) => boolean, listeners: ((s: SyncStatus) => void)[]): Promise<SyncStatus> {
  return new Promise((resolve) => {
    const l = (s: SyncStatus) => {
      if (pred(s)) {
        listeners.splice(listeners.indexOf(l), 1);
        resolve(s);
      }
    };
    listeners.push(l);
  });
}

describe.each(BACKENDS)('counter → hall sync on %s', (kind) => {
  it('sends a day exactly once through a hall crash mid-sync, and verify flags a rewritten ledger', { timeout: 240_000 }, async () => {
    const choice = await backends.fresh(kind);
    let hall: HallProcess = await startHallProcess(choice);
    cleanup.push(() => hall.kill());

    const add = await runHallCli(['counter', 'add', '--number', '3', '--json', ...storeArgs(choice)]);
    expect(add.code, add.stderr).toBe(0);
    const { code, fingerprint } = JSON.parse(add.stdout) as { code: string; fingerprint: string };
    expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    expect(fingerprint).toBe(hall.fingerprint);

    const counter: CounterDb = openCounterDb();
    cleanup.push(() => counter.close());
    const expected = fillDay(counter.db, { journeys: 60 });
    // An unfinished journey is not sent: only final records flow up.
    counter.db.prepare(`INSERT INTO journeys (journey_id, counter_id, clerk_id, session_id, status, step, version, opened_at, business_codes, state_json, updated_at) VALUES ('open-1', 'C01', 'S001', '1', 'open', 'verify', 3, 1, '[]', '{}', 1)`).run();

    const clock = new ManualClock(Date.now());
    await enrolWithHall(counter.db, { hallUrl: hall.url, counter: 3, code: code.toLowerCase().replace(/-/g, ' '), expectFingerprint: fingerprint }, () => clock.now());

    const listeners: ((s: SyncStatus) => void)[] = [];
    const syncer = new Syncer({ db: counter.db, clock, batchRows: 40, intervalMs: 60_000, backoffMinMs: 20, backoffMaxMs: 300, onStatus: (s) => listeners.forEach((l) => l(s)) });
    cleanup.push(() => syncer.stop());
    const firstAck = until(syncer, (s) => s.sentRows > 0, listeners);
    syncer.start();
    await firstAck;
    const port = hall.port;
    await hall.kill(); // mid-sync: the next batch is on its way or about to be
    expect(syncer.status().sentRows).toBeLessThan(expected);
    hall = await startHallProcess(choice, { port });
    const finished = until(syncer, (s) => s.state === 'idle' && s.unsentTotal === 0, listeners);
    syncer.nudge(); // out of its backoff wait at once
    const done = await finished;
    expect(done.lastError).toBeNull();
    expect(done.oldestUnsentAt).toBeNull();
    await syncer.stop();

    // Verify (the CLI) while the hall runs: clean.
    const ok = await runHallCli(['verify', '--counter', '3', '--counter-data-dir', counter.dataDir, ...storeArgs(choice)]);
    expect(ok.code, ok.stdout + ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/cash ledger.*61 rows on the hall match/);
    await hall.stop();

    const store = await openHallStore(choice);
    try {
      const counts = await store.query<{ stream: string; n: number; d: number; maxseq: number }>(
        'SELECT stream, count(*)::int AS n, count(DISTINCT seq)::int AS d, max(seq)::int AS maxseq FROM replica_row WHERE counter = 3 GROUP BY stream ORDER BY stream',
      );
      const byStream = Object.fromEntries(counts.rows.map((r) => [r.stream, r]));
      expect(Object.values(byStream).reduce((a, r) => a + r.n, 0)).toBe(expected);
      for (const r of counts.rows) expect([r.stream, r.d, r.maxseq]).toEqual([r.stream, r.n, r.n]);
      expect(byStream.ledger!.n).toBe(61);
      expect(byStream.journey!.n).toBe(60);
      expect(byStream.step!.n).toBe(540);
      expect(byStream.settlement!.n).toBe(1);
      expect(byStream.handover!.n).toBe(1);
      expect(byStream.early_event!.n).toBe(1);
      const j = await store.query<{ data: Record<string, unknown> }>("SELECT data FROM replica_row WHERE counter = 3 AND stream = 'journey' LIMIT 1");
      expect(j.rows[0]!.data.id_masked).toBe('**************123X');
      expect(JSON.stringify(j.rows.map((r) => r.data))).not.toMatch(/王|farewell/);
      const hb = await store.query<{ state: { till: { status: string }; unsent: Record<string, number> } }>('SELECT state FROM counter_state WHERE counter = 3');
      expect(hb.rows[0]!.state.till.status).toBe('settled');
      expect((await store.query<{ n: number }>('SELECT count(*)::int AS n FROM witness_finding')).rows[0]!.n).toBe(0);
    } finally {
      await store.close();
    }

    // Tamper: the clerk's PC rewrites ledger row 5 and recomputes the chain from there on
    // (the counter's own `ledger verify` would pass). The hall's copy says otherwise.
    const db = counter.db;
    db.exec('DROP TRIGGER till_ledger_no_update');
    const rows = db.prepare('SELECT * FROM till_ledger WHERE seq >= 4 ORDER BY seq').all() as Record<string, unknown>[];
    let prev = rows[0]!.hash as string;
    for (const r of rows.slice(1)) {
      const payload = { ...r, amount_fen: r.seq === 5 ? 100 : r.amount_fen };
      delete (payload as Record<string, unknown>).prev_hash;
      delete (payload as Record<string, unknown>).hash;
      const hash = chainHash(prev, payload);
      db.prepare('UPDATE till_ledger SET amount_fen = ?, prev_hash = ?, hash = ? WHERE seq = ?').run(payload.amount_fen, prev, hash, r.seq);
      prev = hash;
    }
    const bad = await runHallCli(['verify', '--counter', '3', '--counter-data-dir', counter.dataDir, '--json', ...storeArgs(choice)]);
    expect(bad.code).toBe(1);
    const report = JSON.parse(bad.stdout) as { ok: boolean; streams: { stream: string; firstDifference: { seq: number; columns: string[] } | null }[] };
    expect(report.ok).toBe(false);
    expect(report.streams.find((s) => s.stream === 'ledger')!.firstDifference).toMatchObject({ seq: 5, kind: 'differs', columns: ['amount_fen', 'hash'] });
    expect(report.streams.find((s) => s.stream === 'audit')!.firstDifference).toBeNull();

    // Resent (the cursor put back, as a tampering counter might): the witness flags row 5 on.
    hall = await startHallProcess(choice, { port });
    counter.db.prepare("UPDATE sync_cursor SET acked_seq = 0 WHERE stream = 'ledger'").run();
    const again = new Syncer({ db: counter.db, clock, batchRows: 100 });
    const s = await again.runOnce();
    await again.stop();
    expect(s.state).toBe('idle');
    await hall.stop();
    const store2 = await openHallStore(choice);
    try {
      const f = await store2.query<{ seq: number; kind: string }>("SELECT seq, kind FROM witness_finding WHERE counter = 3 AND stream = 'ledger' ORDER BY seq");
      expect(f.rows[0]).toEqual({ seq: 5, kind: 'rewritten' });
      expect(f.rows.length).toBe(61 - 4);
      const kept = await store2.query<{ amount: number }>("SELECT (data->>'amount_fen')::int AS amount FROM replica_row WHERE counter = 3 AND stream = 'ledger' AND seq = 5");
      expect(kept.rows[0]!.amount).toBe(5800);
    } finally {
      await store2.close();
    }
  });
});
