/**
 * The hall link as the app runs it: a real core (the dispatcher, the domain's sync loop) against
 * a real hall server process on PGlite whose clock is the hall's (17:30 on a Thursday).
 *
 * 1. Enrolment through `hall.enrol` with the one-time code; the pinned fingerprint is the hall's.
 * 2. The till runs on the hall's time. The counter's clock moved forward past closing while the
 *    hall answers: the skew shows (`hall.status`, the till's clock), the count is refused; once
 *    the duty manager accepts the clock it is still refused as early — the hall says 17:3x.
 * 3. The hall killed: the count is refused as TILL_HALL_UNREACHABLE; the duty manager's approval
 *    (and the early approval) let it settle; the Z report says so.
 * 4. The hall back: everything arrives, `hall verify` is clean, the desk's streams are there.
 * 5. Tamper: the counter's ledger rewritten after sync with the chain recomputed (with the key, so
 *    the counter's own check passes) → the next row breaks the link on the hall, and verify names the row.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Clock } from '../../../base/clock';
import type { HallStatus } from '../../../base/contract/hall';
import { chainHash } from '../../../base/node/chain';
import type { Core } from '../../../electron/core/app';
import { writeHead } from '../../../electron/core/storage/sealedChain';
import { LEDGER_CHAIN, rowPayload, type LedgerRow } from '../../../electron/core/till/ledger';
import { openHallStore } from '../../../hall/storage/open';
import { testCore } from '../../helpers/core';
import { untilHallStatus } from '../../helpers/hallStatus';
import { Caller, CallFailed, STAFF } from '../../helpers/counterDay';
import { runHallCli, startHallProcess, type HallProcess } from '../../helpers/hallProcess';
import { FAST_SCRYPT } from '../../helpers/scrypt';

const cleanup: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const c of cleanup.reverse()) await c();
});

/** 17:30 on Thursday 2026-11-26 in Shanghai: half an hour before closing. */
const T = Date.UTC(2026, 10, 26, 9, 30);
const FLOAT = { note_100: 2, note_10: 10 };
const MANAGER = { staffNo: STAFF.manager.staffNo, secret: STAFF.manager.secret };

/** Real time shifted to T; `move` is somebody setting the PC's clock (the OS's monotonic clock does not move). */
class MovableClock implements Clock {
  private off: number;
  constructor(start: number) {
    this.off = start - Date.now();
  }
  now(): number {
    return Date.now() + this.off;
  }
  move(ms: number): void {
    this.off += ms;
  }
}

async function hallAt(clockStart: number, port?: number): Promise<{ hall: HallProcess; dir: string; clockAt: () => number }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cd-wired-hall-'));
  cleanup.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  const hall = await startHallProcess({ dataDir: dir }, { clockStart, ...(port ? { port } : {}) });
  const t0 = Date.now();
  cleanup.push(() => hall.kill());
  return { hall, dir, clockAt: () => clockStart + (Date.now() - t0) };
}

/** Staff, and the duty manager enrols the counter with the code; returns the clerk signed in. */
async function enrolled(core: Core, hall: HallProcess, dir: string, counter: number): Promise<{ clerk: Caller; status: HallStatus }> {
  const c = new Caller(core);
  await c.call('staff.createFirstAdmin', { staffNo: STAFF.admin.staffNo, name: STAFF.admin.name, password: STAFF.admin.secret });
  await c.signIn(STAFF.admin.staffNo, STAFF.admin.secret);
  await c.call('staff.create', { staffNo: STAFF.clerk.staffNo, name: STAFF.clerk.name, role: 'clerk', secret: STAFF.clerk.secret });
  await c.call('staff.create', { staffNo: STAFF.manager.staffNo, name: STAFF.manager.name, role: 'duty_manager', secret: STAFF.manager.secret });
  await c.call('staff.signOut', {});
  await c.signIn(STAFF.manager.staffNo, STAFF.manager.secret);
  const add = await runHallCli(['counter', 'add', '--number', String(counter), '--json', '--data-dir', dir]);
  expect(add.code, add.stderr).toBe(0);
  const { code } = JSON.parse(add.stdout) as { code: string };
  // A wrong code is refused in both languages, and nothing is pinned.
  const bad = await c.fails('hall.enrol', { hallUrl: hall.url, counter, code: 'AAAA-BBBB-CCCC-DDDD' });
  expect(bad.code).toBe('ENROL_BAD_CODE');
  expect((await c.call('hall.status', {})).hall).toBeNull();
  const status = await c.call('hall.enrol', { hallUrl: hall.url, counter, code });
  await c.call('staff.signOut', {});
  await c.signIn(STAFF.clerk.staffNo, STAFF.clerk.secret);
  return { clerk: c, status };
}


async function refused(c: Caller, f: () => Promise<unknown>): Promise<string> {
  try {
    await f();
  } catch (e) {
    if (e instanceof CallFailed) return e.shape.code;
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('the hall link in the app', () => {
  it('runs the till on the hall’s time: a moved clock and a lost hall both need the duty manager, and everything arrives once', { timeout: 180_000 }, async () => {
    const { hall, dir, clockAt } = await hallAt(T);
    const clock = new MovableClock(clockAt());
    const core = await testCore({ clock, scrypt: FAST_SCRYPT });
    cleanup.push(() => core.close());
    const { clerk, status } = await enrolled(core, hall, dir, 3);
    expect(status.hall).toMatchObject({ url: hall.url, counterNumber: 3, fingerprint: hall.fingerprint });
    const synced = await untilHallStatus(core, (s) => s.state === 'idle' && s.unsentTotal === 0 && s.timeSource === 'hall', 'first sync');
    expect(Math.abs(synced.skewMs!)).toBeLessThan(60_000);
    expect(synced.lastAckAt).not.toBeNull();

    await clerk.call('till.open', { float: FLOAT, items: { sim_card: 5, value_card: 2, invoice_paper: 50 } });
    await clerk.call('till.movement', { kind: 'cash_in', amountFen: 1000, reason: '补充零钱' });
    expect((await clerk.call('till.status', {})).clock).toMatchObject({ state: 'ok', source: 'hall' });

    // The clerk sets the PC's clock to 18:31: the hall still answers, and says 17:3x.
    clock.move(61 * 60_000);
    // An hour "passed" on this PC: the idle lock locked the screen.
    await clerk.call('staff.unlock', { staffNo: STAFF.clerk.staffNo, secret: STAFF.clerk.secret });
    await clerk.call('till.movement', { kind: 'cash_in', amountFen: 500, reason: '补充零钱' });
    const skewed = await untilHallStatus(core, (s) => (s.skewMs ?? 0) > 55 * 60_000, 'the skew seen');
    expect(skewed.maxSkewMs).toBe(2 * 60_000);
    const count = () => clerk.call('till.count', { cash: { note_100: 2, note_10: 11, note_5: 1 } });
    expect(await refused(clerk, count)).toBe('TILL_CLOCK_JUMP');
    expect((await clerk.call('till.header', {})).clock).toBe('suspect');
    await clerk.call('till.approveClock', { approval: MANAGER, reason: '已与营业厅服务器时间核对' });
    expect(await refused(clerk, count)).toBe('TILL_EARLY_SETTLEMENT');

    // The hall goes away (a crash): the time cannot be checked at the count.
    await hall.kill();
    expect(await refused(clerk, count)).toBe('TILL_HALL_UNREACHABLE');
    const away = await untilHallStatus(core, (s) => s.offlineSince !== null, 'offline shown');
    expect(away.lastError?.code).toBe('SYNC_HALL_UNREACHABLE');
    await clerk.call('till.approveOffline', { approval: MANAGER, reason: '网络中断，已与北京时间核对' });
    // The hall's last answer, carried forward by this PC's monotonic clock, still says it is early.
    expect(await refused(clerk, count)).toBe('TILL_EARLY_SETTLEMENT');
    await clerk.call('till.approveEarly', { approval: MANAGER, reasonCode: 'equipment_failure' });
    const counted = await count();
    expect(counted.varianceFen).toBe(0);
    const settled = await clerk.call('till.settle', { idempotencyKey: 'wired-settle-1' });
    expect(settled).toMatchObject({ timeSource: 'hall', offlineApprovalId: expect.any(Number) });
    const z = await clerk.call('till.zReport', { zNo: settled.zNo });
    expect(z.preview.join('\n')).toContain('大厅服务器不可达');

    // The hall back, its clock carrying on: everything arrives once, and verify is clean.
    const back = await startHallProcess({ dataDir: dir }, { port: hall.port, clockStart: clockAt() });
    cleanup.push(() => back.kill());
    await untilHallStatus(core, (s) => s.state === 'idle' && s.unsentTotal === 0 && s.offlineSince === null, 'caught up after the hall came back', 60_000);
    const v = await runHallCli(['verify', '--counter', '3', '--counter-data-dir', core.dataDir, '--data-dir', dir]);
    expect(v.code, v.stdout + v.stderr).toBe(0);
    await back.stop();
    const store = await openHallStore({ dataDir: dir });
    try {
      const rows = async (stream: string) => (await store.query<{ data: Record<string, unknown> }>('SELECT data FROM replica_row WHERE counter = 3 AND stream = $1 ORDER BY seq', [stream])).rows.map((r) => r.data);
      expect((await rows('approval')).map((a) => a.kind)).toEqual(['offline']);
      expect((await rows('settlement'))[0]).toMatchObject({ z_no: settled.zNo, owner: STAFF.clerk.staffNo, settled_by: STAFF.clerk.staffNo, time_source: 'hall', offline_approval_id: settled.offlineApprovalId });
      const blocks = (await rows('early_event')).map((e) => `${e.outcome}:${e.block ?? e.reason_code}`);
      expect(blocks).toEqual(expect.arrayContaining(['refused:clock_jump', 'refused:before_close', 'refused:hall_unreachable', 'clock_approved:clock', 'approved:equipment_failure']));
      expect((await rows('clock_event')).map((e) => e.kind)).toEqual(expect.arrayContaining(['changed', 'skew', 'approved']));
      expect((await rows('count')).map((c) => c.variance_fen)).toEqual([0]);
      const state = (await store.query<{ state: { signedIn: { staffNo: string } | null; till: { status: string }; clock?: { source: string } } }>('SELECT state FROM counter_state WHERE counter = 3')).rows[0]!.state;
      expect(state).toMatchObject({ signedIn: { staffNo: STAFF.clerk.staffNo }, till: { status: 'settled' }, clock: { source: 'hall' } });
      expect((await store.query<{ n: number }>('SELECT count(*)::int AS n FROM witness_finding')).rows[0]!.n).toBe(0);
    } finally {
      await store.close();
    }
  });

  it('a ledger rewritten after sync, its chain recomputed with the key: the next row breaks the link on the hall, verify names the row', { timeout: 120_000 }, async () => {
    const { hall, dir, clockAt } = await hallAt(T);
    const core = await testCore({ clock: new MovableClock(clockAt()), scrypt: FAST_SCRYPT });
    cleanup.push(() => core.close());
    const { clerk } = await enrolled(core, hall, dir, 4);
    const sentSince = (t: number) => (s: HallStatus) => s.unsentTotal === 0 && (s.lastSyncAt ?? 0) > t;
    await clerk.call('till.open', { float: FLOAT, items: { sim_card: 5, value_card: 2, invoice_paper: 50 } });
    for (const fen of [1000, 2000, 3000]) await clerk.call('till.movement', { kind: 'cash_in', amountFen: fen, reason: '补充零钱' });
    await untilHallStatus(core, sentSince((await clerk.call('app.ping', { echo: 't' })).at), 'synced');

    // The clerk's PC: row 2 (1000 → 100 fen) and every row after it rehashed with the chain's own key.
    const db = core.services.db!;
    const key = core.services.keys!.key('ledger-chain');
    db.exec('DROP TRIGGER till_ledger_no_update');
    const rows = db.prepare('SELECT * FROM till_ledger ORDER BY seq').all() as LedgerRow[];
    let prev = rows[0]!.hash;
    for (const r of rows.slice(1)) {
      const amount = r.seq === 2 ? 100 : r.amount_fen;
      const hash = chainHash(prev, rowPayload({ ...r, amount_fen: amount }), key);
      db.prepare('UPDATE till_ledger SET amount_fen = ?, prev_hash = ?, hash = ? WHERE seq = ?').run(amount, prev, hash, r.seq);
      prev = hash;
    }
    writeHead(db, LEDGER_CHAIN, key, rows.at(-1)!.seq, prev);
    const own = await runCli(['ledger', 'verify', '--data-dir', core.dataDir]);
    expect(own.code, own.out).toBe(0); // the counter alone cannot tell

    await clerk.call('till.movement', { kind: 'cash_in', amountFen: 4000, reason: '补充零钱' });
    await untilHallStatus(core, sentSince((await clerk.call('app.ping', { echo: 't' })).at), 'the next row sent');
    const v = await runHallCli(['verify', '--counter', '4', '--counter-data-dir', core.dataDir, '--data-dir', dir, '--json']);
    expect(v.code, v.stdout + v.stderr).toBe(1);
    const report = JSON.parse(v.stdout) as { streams: { stream: string; firstDifference: { seq: number; columns: string[] } | null }[]; findings: { seq: number; kind: string; stream: string }[] };
    expect(report.streams.find((s) => s.stream === 'ledger')!.firstDifference).toMatchObject({ seq: 2, columns: ['amount_fen', 'hash'] });
    expect(report.findings).toEqual(expect.arrayContaining([expect.objectContaining({ stream: 'ledger', seq: 5, kind: 'link_break' })]));
  });
});

/** `npm run -s <script> -- …` of the counter's own CLIs (ledger, audit). */
async function runCli(args: string[]): Promise<{ code: number; out: string }> {
  const { spawn } = await import('node:child_process');
  const [script, ...rest] = args;
  const child = spawn(process.execPath, ['--import', 'tsx', `electron/core/cli/${script}.ts`, ...rest], { cwd: path.resolve(import.meta.dirname, '../../..'), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code: code ?? -1, out })));
}


