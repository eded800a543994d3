/**
 * The hall soak's checks, run once the day is over (every counter stopped and caught up, the
 * hall server stopped, its database opened here). Each check reads the hall's database and the
 * counters' own databases and says what it found; `HALL_DAY_CHECKS` is the one place a new
 * per-day hall check plugs in (the queue's `--queue`, the duty manager's desk): add an entry,
 * and its result appears under `checks.<name>` in the summary, its violations with the others.
 */
import Database from 'better-sqlite3';
import path from 'node:path';
import { SEND_ORDER } from '../../electron/core/sync/streams';
import type { HallStore } from '../../hall/storage/port';
import { COUNTER_DB_FILE, copyInDatabase, verifyCounter } from '../../hall/verify/compare';
import { deskCheck } from './deskCheck';
import { queueDayCheck } from './queueCheck';

export interface HallDayCounter {
  number: number;
  dataDir: string;
}

export interface HallDayContext {
  store: HallStore;
  counters: HallDayCounter[];
  /** The largest |skew| the counters saw during the day (their hall.status after each customer). */
  observedMaxSkewMs: number;
  /** The options the soak ran with: a check may only apply with its own flag (`--queue`). */
  flags: Record<string, boolean>;
}

export interface HallCheckResult {
  violations: string[];
  figures: Record<string, unknown>;
}

export interface HallDayCheck {
  name: string;
  /** Whether this check applies to the run (e.g. only with `--queue`). */
  applies(flags: Record<string, boolean>): boolean;
  run(ctx: HallDayContext): Promise<HallCheckResult>;
}

/** The summary's `hall` block: every row on every counter is on the hall exactly once. */
export interface ReplicationFigures {
  rows: number;
  counters: number;
  lost: number;
  duplicates: number;
  chainBreaks: number;
  maxSkewMs: number;
  /** Rows on the hall whose hash differs from the counter's (a rewrite would show here and in chainBreaks). */
  differing: number;
  /** Counters whose database `hall verify` finds identical to the hall's copy. */
  verified: number;
}

const CHAIN_TABLE: Record<string, string> = { ledger: 'till_ledger', audit: 'audit_log' };

/** Every row each counter holds for the hall — the chains by seq and hash, the outbox by stream and seq — found once on the hall. */
export const replicationCheck: HallDayCheck = {
  name: 'replication',
  applies: () => true,
  async run(ctx) {
    const violations: string[] = [];
    const f: ReplicationFigures = { rows: 0, counters: 0, lost: 0, duplicates: 0, chainBreaks: 0, maxSkewMs: ctx.observedMaxSkewMs, differing: 0, verified: 0 };
    for (const c of ctx.counters) {
      const db = new Database(path.join(c.dataDir, COUNTER_DB_FILE), { readonly: true, fileMustExist: true });
      const mine = new Map<string, string | null>();
      let pending: number;
      try {
        for (const stream of SEND_ORDER) {
          const table = CHAIN_TABLE[stream];
          const rows = table
            ? (db.prepare(`SELECT seq, hash FROM ${table}`).all() as { seq: number; hash: string }[])
            : (db.prepare('SELECT seq, NULL AS hash FROM sync_outbox WHERE stream = ?').all(stream) as { seq: number; hash: null }[]);
          for (const r of rows) mine.set(`${stream}/${r.seq}`, r.hash);
        }
        pending = (db.prepare('SELECT count(*) AS n FROM sync_pending').get() as { n: number }).n;
      } finally {
        db.close();
      }
      const held = (await ctx.store.query<{ stream: string; seq: number; hash: string; n: number }>(
        'SELECT stream, seq, min(hash) AS hash, count(*)::int AS n FROM replica_row WHERE counter = $1 GROUP BY stream, seq', [c.number],
      )).rows;
      const onHall = new Map(held.map((r) => [`${r.stream}/${r.seq}`, r]));
      let lost = pending;
      let differing = 0;
      for (const [k, hash] of mine) {
        const h = onHall.get(k);
        if (!h) lost++;
        else if (hash !== null && h.hash !== hash) differing++;
      }
      const extra = [...onHall.keys()].filter((k) => !mine.has(k)).length;
      const sameSeq = held.reduce((s, r) => s + r.n - 1, 0);
      // The same record delivered twice under two numbers would have the same content twice.
      const sameContent = (await ctx.store.query<{ n: number }>(
        `SELECT coalesce(sum(n - 1), 0)::int AS n FROM (SELECT count(*) AS n FROM replica_row WHERE counter = $1 AND stream NOT IN ('ledger', 'audit') GROUP BY stream, md5(data::text)) d`, [c.number],
      )).rows[0]!.n;
      const findings = (await ctx.store.query<{ n: number }>('SELECT count(*)::int AS n FROM witness_finding WHERE counter = $1', [c.number])).rows[0]!.n;
      const skew = (await ctx.store.query<{ s: number | null }>('SELECT max(abs(skew_ms))::int8 AS s FROM counter_state WHERE counter = $1', [c.number])).rows[0]?.s ?? 0;
      const report = await verifyCounter(copyInDatabase(ctx.store), c.number, c.dataDir);
      f.rows += held.reduce((s, r) => s + r.n, 0);
      f.counters += held.length > 0 ? 1 : 0;
      f.lost += lost;
      f.duplicates += sameSeq + sameContent + extra;
      f.chainBreaks += findings;
      f.differing += differing;
      f.maxSkewMs = Math.max(f.maxSkewMs, Math.abs(Number(skew)));
      if (report.ok) f.verified++;
      if (lost > 0) violations.push(`hall: counter ${c.number}: ${lost} rows not on the hall (${pending} never captured)`);
      if (sameSeq + sameContent + extra > 0) violations.push(`hall: counter ${c.number}: ${sameSeq} rows held twice, ${sameContent} records twice under two numbers, ${extra} rows the counter does not have`);
      if (differing > 0) violations.push(`hall: counter ${c.number}: ${differing} chain rows differ from the hall's copy`);
      if (findings > 0) violations.push(`hall: counter ${c.number}: ${findings} witness findings`);
      if (!report.ok) violations.push(`hall: counter ${c.number}: verify found a difference (${JSON.stringify(report.streams.find((s) => s.firstDifference)?.firstDifference ?? report.findings[0] ?? null)})`);
    }
    if (f.counters !== ctx.counters.length) violations.push(`hall: rows from ${f.counters} of ${ctx.counters.length} counters`);
    return { violations, figures: f as unknown as Record<string, unknown> };
  },
};

/** Every per-day hall check, in order. The queue and the duty manager's desk add theirs here. */
export const HALL_DAY_CHECKS: HallDayCheck[] = [replicationCheck, deskCheck, queueDayCheck];
