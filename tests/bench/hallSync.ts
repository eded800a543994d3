/**
 * What the sync loop adds to a journey step: two real cores in this process, the same clock,
 * the same journeys (a new line read from the card, consent, 58.00 cash, a declined
 * recommendation, hand-over, farewell) — one counter not enrolled, one enrolled with a hall
 * server process (PGlite) and its sync loop running as the app runs it (nudged after every
 * record, a round 100 ms later: capture, batches over signed HTTPS, heartbeat). Journeys
 * alternate between the two so the machine's load falls on both alike; twice: steps back to
 * back (rounds overlap the steps as often as they can: the worst case), and with a short pause
 * before each step (far quicker than a clerk, whose steps are seconds apart).
 * Figure: every `journey.act` call's time through the dispatcher, and the p99 difference.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Clock } from '../../base/clock';
import type { MethodInput, MethodName, MethodOutput } from '../../base/contract/methods';
import type { Core } from '../../electron/core/app';
import { testCore } from '../helpers/core';
import { Caller, STAFF, staffUp } from '../helpers/counterDay';
import { adminAccess, startHallProcess } from '../helpers/hallProcess';
import { adminRequest } from '../../hall/admin/client';
import type { AddedCounter } from '../../hall/admin/counters';
import { finishNewLine, openCounter, toVerify, verifyWithCard } from '../helpers/privacyJourney';
import { FAST_SCRYPT } from '../helpers/scrypt';
import { quantile } from './stats';

class TimedCaller extends Caller {
  times: number[] = [];
  /** The clerk's pause before each step (0: back to back). */
  thinkMs = 0;
  override async call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
    if (method === 'journey.act' && this.thinkMs > 0) await new Promise((r) => setTimeout(r, this.thinkMs));
    const t0 = performance.now();
    const r = await super.call(method, input);
    if (method === 'journey.act') this.times.push(performance.now() - t0);
    return r;
  }
}

export interface SyncStepFigures {
  thinkMs: number;
  steps: { off: number[]; on: number[] };
  rowsSent: number;
  journeys: number;
}

/** 10:00 on Thursday 2026-11-26 in Shanghai: both counters and the hall run from here. */
const START = Date.parse('2026-11-26T10:00:00+08:00');

export async function syncStepBench(opts: { rounds: number; perRound: number; thinkMs: number }): Promise<SyncStepFigures> {
  const t0 = Date.now();
  const clock: Clock = { now: () => START + (Date.now() - t0) };
  process.env.COUNTERDESK_KEY_DIR ??= fs.mkdtempSync(path.join(os.tmpdir(), 'cd-bench-keys-'));
  const hallDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cd-bench-sync-hall-'));
  const hall = await startHallProcess({ dataDir: hallDir }, { clockStart: clock.now() });
  const cores: Core[] = [];
  try {
    const clerkOf = async (enrol: boolean): Promise<{ core: Core; c: TimedCaller }> => {
      const core = await testCore({ clock, scrypt: FAST_SCRYPT, dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'cd-bench-sync-')) });
      cores.push(core);
      const first = await staffUp(core);
      await first.call('staff.signOut', {});
      if (enrol) {
        const m = new Caller(core);
        await m.signIn(STAFF.manager.staffNo, STAFF.manager.secret);
        const { code } = await adminRequest<AddedCounter>(await adminAccess(hall), 'POST', '/v1/admin/counters', { number: 1 });
        const st = await m.call('hall.enrol', { hallUrl: hall.url, counter: 1, code });
        if (!st.hall) throw new Error('sync bench: the counter did not enrol');
        await m.call('staff.signOut', {});
      }
      const c = new TimedCaller(core);
      await c.signIn(STAFF.clerk.staffNo, STAFF.clerk.secret);
      await openCounter(c);
      return { core, c };
    };
    const off = await clerkOf(false);
    const on = await clerkOf(true);
    off.c.thinkMs = opts.thinkMs;
    on.c.thinkMs = opts.thinkMs;
    const steps = { off: [] as number[], on: [] as number[] };
    let n = 0;
    for (let r = 0; r < opts.rounds; r++) {
      for (const mode of r % 2 === 0 ? (['on', 'off'] as const) : (['off', 'on'] as const)) {
        const { core, c } = mode === 'on' ? on : off;
        for (let i = 0; i < opts.perRound; i++) {
          c.times = [];
          const j = await verifyWithCard(c, core, await toVerify(c, `A${String(++n).padStart(3, '0')}`));
          await finishNewLine(c, core, j);
          steps[mode].push(...c.times);
        }
      }
    }
    // The enrolled counter really sent its day while the steps ran.
    const hallLink = on.core.services.domain!.hall;
    const until = Date.now() + 30_000;
    while (hallLink.status().unsentTotal > 0 && Date.now() < until) {
      hallLink.syncNow();
      await new Promise((r) => setTimeout(r, 200));
    }
    const st = hallLink.status();
    if (st.unsentTotal > 0 || st.lastAckAt === null) throw new Error(`sync bench: the enrolled counter did not reach the hall (${st.state}, ${st.unsentTotal} unsent)`);
    const rowsSent = (on.core.services.db!.prepare("SELECT coalesce(sum(acked_seq), 0) AS n FROM sync_cursor WHERE stream <> 'heartbeat'").get() as { n: number }).n;
    return { thinkMs: opts.thinkMs, steps, rowsSent, journeys: n };
  } finally {
    for (const core of cores) await core.close();
    await hall.stop();
    fs.rmSync(hallDir, { recursive: true, force: true });
  }
}

export function describeSyncSteps(f: SyncStepFigures): string {
  const line = (name: string, t: number[]) => `    ${name} n=${t.length}  median ${quantile(t, 0.5).toFixed(2)} ms  p95 ${quantile(t, 0.95).toFixed(2)} ms  p99 ${quantile(t, 0.99).toFixed(2)} ms`;
  const added = quantile(f.steps.on, 0.99) - quantile(f.steps.off, 0.99);
  return [
    `a journey step (journey.act through the dispatcher) with and without the sync loop, ${f.journeys} journeys one at a time alternating between the two, ${f.thinkMs > 0 ? `${f.thinkMs} ms before each step (a clerk takes seconds)` : 'steps back to back (the worst case)'}:`,
    line('not enrolled          ', f.steps.off),
    line('enrolled, loop running', f.steps.on),
    `    the sync loop adds ${added.toFixed(2)} ms at p99 (target ≤ 5 ms); ${f.rowsSent} rows acknowledged by the hall meanwhile`,
    '',
  ].join('\n');
}
