// The hall soak at CI size: two counters, each a whole day through the real app process with
// its own faults (two SIGKILLs of the app, paper out, reader unplugged …), against one hall
// server process that is SIGKILLed and started again mid-day, while counter 2's network (a TCP
// proxy) is cut for a while. Every row on every counter must be on the hall exactly once. With
// --queue, customers arrive at the guide all day and the counters call them: no ticket is called
// at two counters, and every ticket is served, a no-show, or still waiting at the close.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from './app';
import type { HallDaySummary } from './hallDay';
import { randomSeed } from './rng';

const ready = fs.existsSync('/usr/bin/socat') && fs.existsSync(path.join(ROOT, 'dist/renderer/index.html'));
if (!ready) console.log('hall soak skipped: needs /usr/bin/socat and a built renderer (npm run build:renderer)');
const run = ready ? describe : describe.skip;

const dirs: string[] = [];
const children = new Set<ReturnType<typeof spawn>>();
afterAll(() => {
  for (const c of children) c.kill('SIGTERM');
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

function hallDay(args: string[]): Promise<{ code: number | null; summary: HallDaySummary | null; stderr: string; stdout: string }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cd-hallday-test-'));
  dirs.push(dataDir);
  const child = spawn(process.execPath, ['--import', 'tsx', 'tests/day/day.ts', '--hall', ...args, '--json', '--data-dir', dataDir], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => {
    child.once('exit', (code) => {
      children.delete(child);
      resolve({ code, summary: parseSummary(stdout), stderr, stdout });
    });
  });
}

function parseSummary(stdout: string): HallDaySummary | null {
  try {
    return JSON.parse(stdout.trim().split('\n').pop() ?? '') as HallDaySummary;
  } catch {
    return null;
  }
}

run('the hall soak: counters against one hall server, with faults', () => {
  const seed = randomSeed();
  it(`2 counters × 8 customers, seed ${seed} (replay: npm run -s day -- --hall --counters 2 --customers 8 --faults --seed ${seed})`, async () => {
    console.log(`hall soak seed: ${seed}`);
    const r = await hallDay(['--counters', '2', '--customers', '8', '--faults', '--seed', String(seed)]);
    expect(r.summary, `no JSON summary; stderr:\n${r.stderr}\nstdout:\n${r.stdout}`).not.toBeNull();
    const s = r.summary!;
    expect(s.violations, `seed ${s.seed}`).toEqual([]);
    expect(r.code).toBe(0);
    // Every fault happened: the hall killed and back, a network cut, each counter's app killed twice.
    expect(s.hall).toMatchObject({ counters: 2, lost: 0, duplicates: 0, chainBreaks: 0, differing: 0, verified: 2, restarts: 1, networkCuts: 1 });
    expect(s.hall.rows).toBeGreaterThan(100);
    expect(s.hall.maxSkewMs).toBeLessThan(120_000);
    expect(s.days.map((d) => [d.ok, d.restarts, d.lost, d.zNo])).toEqual([[true, 2, 0, 1], [true, 2, 0, 1]]);
    expect(Object.keys(s.checks)).toContain('replication');
    // The duty manager's daily report agrees with the counters' own records (a difference is a violation above too).
    expect(s.checks.desk).toMatchObject({ days: ['2026-11-26'], disagreements: 0, agree: true });
    expect(s.checks.desk!.journeys).toBeGreaterThan(0);
    expect(s.queue).toBeUndefined();
  }, 400_000);
});

run('the hall soak with the queue: the guide’s customers called by the counters, through the faults', () => {
  const seed = randomSeed();
  it(`2 counters × 6 customers --queue, seed ${seed} (replay: npm run -s day -- --hall --counters 2 --customers 6 --queue --faults --seed ${seed})`, async () => {
    console.log(`hall soak --queue seed: ${seed}`);
    const r = await hallDay(['--counters', '2', '--customers', '6', '--queue', '--faults', '--seed', String(seed)]);
    expect(r.summary, `no JSON summary; stderr:\n${r.stderr}\nstdout:\n${r.stdout}`).not.toBeNull();
    const s = r.summary!;
    expect(s.violations, `seed ${s.seed}`).toEqual([]);
    expect(r.code).toBe(0);
    // The faults happened while the guide's customers were arriving.
    expect(s.hall).toMatchObject({ lost: 0, duplicates: 0, restarts: 1, networkCuts: 1, verified: 2 });
    expect(s.days.map((d) => [d.ok, d.restarts])).toEqual([[true, 2], [true, 2]]);
    // The hall's own account of the queue: every ticket called once, and accounted for.
    const q = s.queue!;
    expect(Object.keys(s.checks)).toEqual(expect.arrayContaining(['replication', 'queue']));
    expect(q.duplicateCalls).toBe(0);
    expect(q.served + q.noShows + q.stillWaiting).toBe(q.tickets);
    expect(q.tickets + q.turnedAway + q.selfService).toBe(12);
    expect(q.tickets).toBeGreaterThan(0);
    expect(q.stillWaiting).toBe(0);
    expect(q.maxWaitMs).toBeGreaterThan(0);
    // What the counters heard agrees: none was handed a ticket first called at another counter.
    expect(q.driver).toMatchObject({ duplicateCalls: 0, tickets: q.tickets, turnedAway: q.turnedAway, selfService: q.selfService });
  }, 400_000);
});
