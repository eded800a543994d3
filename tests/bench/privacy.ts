/**
 * What removing personal data for good costs (issue 13, item 4): the purge must not leave purged
 * values in the database file's free space, which takes either `PRAGMA secure_delete` (zero what
 * every delete and update frees, as it goes) or a `VACUUM` after each purge (rewrite the file).
 *
 *  (a) `journey.act` through the real core (synchronous=FULL) with secure_delete on and off,
 *      interleaved in rounds so the machine's load falls on both alike — median, p95, p99;
 *  (b) one day's purge on the same database (secure_delete on), checkpoint included;
 *  (c) VACUUM of the database grown to --journeys journeys (rows copied), per MB.
 *
 *   npm run bench -- privacy [--rounds 6] [--per-round 5] [--journeys 20000]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { ManualClock } from '../../base/clock';
import type { Core } from '../../electron/core/app';
import { DB_FILE } from '../../electron/core/storage/db';
import type { MethodInput, MethodName, MethodOutput } from '../../base/contract/methods';
import { testCore } from '../helpers/core';
import { Caller, staffUp, STAFF } from '../helpers/counterDay';
import { finishNewLine, openCounter, toVerify, verifyWithCard } from '../helpers/privacyJourney';
import { FAST_SCRYPT } from '../helpers/scrypt';
import { quantile } from './stats';

const DAY = 86_400_000;

/** A clerk whose `journey.act` calls are timed. */
class TimedCaller extends Caller {
  times: number[] = [];
  override async call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
    const t0 = performance.now();
    const r = await super.call(method, input);
    if (method === 'journey.act') this.times.push(performance.now() - t0);
    return r;
  }
}

const f = (v: number) => `${v.toFixed(2)} ms`;

export async function bench(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { rounds: { type: 'string', default: '6' }, 'per-round': { type: 'string', default: '5' }, journeys: { type: 'string', default: '20000' } } });
  const rounds = Number(values.rounds);
  const perRound = Number(values['per-round']);
  const grow = Number(values.journeys);
  const clock = new ManualClock(Date.parse('2026-11-26T10:00:00+08:00'));
  // The bench's keys go to a throw-away folder, not the OS user's keystore.
  const keyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cd-bench-keys-'));
  process.env.COUNTERDESK_KEY_DIR = keyDir;
  const core: Core & { dataDir: string } = await testCore({ clock, scrypt: FAST_SCRYPT });
  try {
    const first = await staffUp(core);
    await first.call('staff.signOut', {});
    const c = new TimedCaller(core);
    await c.signIn(STAFF.clerk.staffNo, STAFF.clerk.secret);
    await openCounter(c);
    const db = core.services.db!;
    const byMode: Record<'on' | 'off', number[]> = { on: [], off: [] };
    let n = 0;
    for (let r = 0; r < rounds; r++) {
      for (const mode of r % 2 === 0 ? (['on', 'off'] as const) : (['off', 'on'] as const)) {
        db.pragma(`secure_delete = ${mode === 'on' ? 'ON' : 'OFF'}`);
        for (let i = 0; i < perRound; i++) {
          c.times = [];
          clock.advance(60_000);
          const j = await verifyWithCard(c, core, await toVerify(c, `A${++n}`));
          await finishNewLine(c, core, j, { recommendReason: '客户家里已有宽带' });
          byMode[mode].push(...c.times);
        }
      }
    }
    db.pragma('secure_delete = ON');
    console.log(`(a) journey.act through the core, ${n} journeys, rounds of ${perRound} alternating:`);
    for (const mode of ['on', 'off'] as const) {
      const t = byMode[mode];
      console.log(`    secure_delete ${mode.padEnd(3)} n=${t.length}  median ${f(quantile(t, 0.5))}  p95 ${f(quantile(t, 0.95))}  p99 ${f(quantile(t, 0.99))}`);
    }

    // (b) The day's purge: all these journeys came of age at once.
    clock.advance(181 * DAY);
    const t0 = performance.now();
    const res = core.services.domain!.purgeNow()!;
    const purgeMs = performance.now() - t0;
    const rows = res.places.reduce((s, p) => s + p.count, 0);
    console.log(`(b) purge of ${n} journeys' personal data (${rows} rows and files over ${res.places.length} places), checkpoint included: ${f(purgeMs)}`);

    // (c) VACUUM on a grown database: the journeys' rows copied under new ids.
    const copies = Math.max(1, Math.ceil(grow / n));
    db.transaction(() => {
      for (let k = 1; k <= copies; k++) {
        const shift = k * DAY;
        db.prepare(`INSERT INTO journeys (journey_id, counter_id, clerk_id, session_id, status, step, version, opened_at, closed_at, ticket, business_codes, id_method, id_card_type, id_masked, id_hash, manual_entry, farewell_title, due_fen, tender, tendered_fen, change_fen, paid_at, state_json, updated_at)
          SELECT journey_id || ':' || ?, 'C' || ?, clerk_id, session_id, 'closed', 'closed', version, opened_at - ?, closed_at - ?, ticket, business_codes, id_method, id_card_type, '**************0244', hex(randomblob(32)), manual_entry, '王女士', due_fen, tender, tendered_fen, change_fen, paid_at, state_json, updated_at
          FROM journeys WHERE instr(journey_id, ':') = 0`).run(k, k, shift, shift);
        db.prepare(`INSERT INTO journey_actions SELECT journey_id || ':' || ?, seq, at - ?, type, step_before, step_after, payload FROM journey_actions WHERE instr(journey_id, ':') = 0`).run(k, shift);
        db.prepare(`INSERT INTO print_jobs (kind, ref, title, doc_json, state, attempts, created_at, updated_at) SELECT kind, ref || ':' || ?, title, doc_json, state, attempts, created_at - ?, updated_at - ? FROM print_jobs WHERE reprint_of IS NULL AND instr(coalesce(ref, ''), ':') = 0`).run(k, shift, shift);
      }
    })();
    db.pragma('wal_checkpoint(TRUNCATE)');
    const file = path.join(core.dataDir, DB_FILE);
    const mb = fs.statSync(file).size / 1e6;
    const v0 = performance.now();
    db.exec('VACUUM');
    const vacuumMs = performance.now() - v0;
    console.log(`(c) VACUUM of ${((copies + 1) * n).toLocaleString('en')} journeys (${mb.toFixed(1)} MB): ${f(vacuumMs)} — ${(vacuumMs / mb).toFixed(1)} ms per MB, needs the file's size again in free disk`);
  } finally {
    await core.close();
    fs.rmSync(core.dataDir, { recursive: true, force: true });
    fs.rmSync(keyDir, { recursive: true, force: true });
  }
}
