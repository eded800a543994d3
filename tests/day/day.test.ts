// The day soak at CI size: 30 customers with every fault (reader garbage and unplug, paper out
// mid-receipt, cover open, two SIGKILLs of the app), once with a fixed seed and once with a
// random one, printed so a failure can be replayed with `npm run -s day -- … --seed S`.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from './app';
import type { DaySummary } from './day';
import { randomSeed } from './rng';

const ready = fs.existsSync('/usr/bin/socat') && fs.existsSync(path.join(ROOT, 'dist/renderer/index.html'));
if (!ready) console.log('day soak skipped: needs /usr/bin/socat and a built renderer (npm run build:renderer)');
const run = ready ? describe : describe.skip;

const dirs: string[] = [];
const children = new Set<ReturnType<typeof spawn>>();
afterAll(() => {
  // A day cut short by a timeout: SIGTERM makes it stop its app, simulators and ptys.
  for (const c of children) c.kill('SIGTERM');
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

function parseSummary(stdout: string): DaySummary | null {
  try {
    return JSON.parse(stdout.trim().split('\n').pop() ?? '') as DaySummary;
  } catch {
    return null;
  }
}

function day(args: string[]): Promise<{ code: number | null; summary: DaySummary | null; stderr: string; stdout: string }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cd-day-test-'));
  dirs.push(dataDir);
  const child = spawn(process.execPath, ['--import', 'tsx', 'tests/day/day.ts', ...args, '--json', '--data-dir', dataDir], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
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

function expectCleanDay(r: Awaited<ReturnType<typeof day>>, customers: number) {
  expect(r.summary, `no JSON summary; stderr:\n${r.stderr}\nstdout:\n${r.stdout}`).not.toBeNull();
  const s = r.summary!;
  expect(s.violations, `seed ${s.seed}`).toEqual([]);
  expect(r.code).toBe(0);
  expect(s.lost).toBe(0);
  expect(s.journeys.started).toBe(customers);
  expect(s.journeys.closed + s.journeys.cancelled).toBe(customers);
  expect(s.cash.varianceFen).toBe(0);
  expect(s.cash.countedFen).toBe(s.cash.expectedFen);
  // Every fault really happened: two kills with two restarts, the printer and reader faults.
  expect(s.faultsInjected.kills).toBe(2);
  expect(s.restarts).toHaveLength(2);
  expect(s.faultsInjected.paperOut).toBe(1);
  expect(s.faultsInjected.coverOpen).toBe(1);
  expect(s.faultsInjected.readerUnplug).toHaveLength(1);
  expect(s.faultsInjected.readerGarbage).toBe(1);
  expect(s.checks).toMatchObject({ ledgerVerifyExit: 0, auditVerifyExit: 0 });
  expect(s.checks.earlyRefusals).toBeGreaterThanOrEqual(1);
  expect(s.zNo).toBe(1);
}

run('a business day through the real app process, devices on ptys, with faults', () => {
  it('seed 20261126, 30 customers: balances to the fen, nothing lost, one receipt each', async () => {
    const r = await day(['--customers', '30', '--faults', '--seed', '20261126', '--lead-seconds', '15']);
    expectCleanDay(r, 30);
  }, 150_000);

  const seed = randomSeed();
  it(`random seed ${seed} (replay: npm run -s day -- --customers 30 --faults --seed ${seed})`, async () => {
    console.log(`day soak random seed: ${seed}`);
    const r = await day(['--customers', '30', '--faults', '--seed', String(seed), '--lead-seconds', '15']);
    expectCleanDay(r, 30);
  }, 150_000);
});
