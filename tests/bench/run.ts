/**
 * `npm run bench -- <area> [args…]`, `npm run bench -- all [--json FILE]`, `npm run bench -- quick [--json FILE]`
 *
 * One area: its `bench(args)` with the rest of the arguments. `all` (or nothing): every bench in
 * turn with its default sizes (extra arguments would mean different things to each, so only
 * --json goes with it). `quick`: the short versions CI runs on every change — figures to watch,
 * never a failure on time (these machines are noisy). With --json every figure the benches
 * recorded (figures.ts; the README's Figures table) goes to one JSON file, by area.
 * A bench that throws does not stop the others; the exit code says so. Each module is imported
 * only when it runs, so one area never pays for another's imports.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { exitOnOldNode } from '../../base/node/nodeVersion';
import { takeFigures, type Figure } from './figures';

exitOnOldNode();

type Bench = (args: string[]) => Promise<void>;

const AREAS: Record<string, () => Promise<{ bench: Bench }>> = {
  idcard: () => import('./idcard'),
  printer: () => import('./printer'),
  till: () => import('./till'),
  journey: () => import('./journey'),
  hall: () => import('./hall'),
  privacy: () => import('./privacy'),
  startup: () => import('./startup'),
  day: () => import('./day'),
  reports: () => import('./reports'),
  queue: () => import('./queue'),
};

/** The quick benches and their sizes: a few minutes in all on the 2-core build machine. */
export const QUICK: Record<string, string[]> = {
  printer: ['--jobs', '10'],
  till: ['--rows', '50000'],
  idcard: ['--reads', '20'],
  journey: ['--runs', '3'],
  startup: ['--quick'],
  day: ['--quick'],
};

interface AreaResult {
  args: string[];
  ok: boolean;
  seconds: number;
  figures: Record<string, Figure>;
}

async function runOne(area: string, args: string[]): Promise<AreaResult> {
  const load = AREAS[area]!;
  process.stdout.write(`\n══ bench: ${area}${args.length ? ' ' + args.join(' ') : ''} ══\n`);
  const t0 = performance.now();
  let ok = true;
  try {
    const { bench } = await load();
    await bench(args);
    process.stdout.write(`── ${area} done in ${((performance.now() - t0) / 1000).toFixed(1)} s ──\n`);
  } catch (err) {
    ok = false;
    process.stdout.write(`── ${area} FAILED after ${((performance.now() - t0) / 1000).toFixed(1)} s ──\n`);
    console.error(err);
  }
  return { args, ok, seconds: Math.round((performance.now() - t0) / 100) / 10, figures: takeFigures() };
}

/** `--json [FILE]` anywhere in the arguments: the file (default bench-figures.json) and the rest. */
export function jsonOption(argv: readonly string[]): { file: string | null; rest: string[] } {
  const i = argv.indexOf('--json');
  if (i < 0) return { file: null, rest: [...argv] };
  const next = argv[i + 1];
  const hasFile = next !== undefined && !next.startsWith('--') && !(next in AREAS) && next !== 'all' && next !== 'quick';
  return { file: hasFile ? next : 'bench-figures.json', rest: [...argv.slice(0, i), ...argv.slice(i + (hasFile ? 2 : 1))] };
}

function writeJson(file: string, mode: string, results: Record<string, AreaResult>): void {
  const doc = {
    generatedAt: new Date().toISOString(),
    mode,
    machine: { platform: process.platform, cpus: os.cpus().length, loadAverage: os.loadavg().map((x) => Math.round(x * 100) / 100), node: process.version },
    areas: results,
  };
  fs.writeFileSync(path.resolve(file), `${JSON.stringify(doc, null, 2)}\n`);
  const n = Object.values(results).reduce((k, r) => k + Object.keys(r.figures).length, 0);
  process.stdout.write(`${n} figures written to ${path.resolve(file)}\n`);
}

function printFigures(results: Record<string, AreaResult>): void {
  process.stdout.write('\nfigures:\n');
  for (const [area, r] of Object.entries(results)) {
    for (const [key, f] of Object.entries(r.figures)) {
      const v = f.value !== undefined ? `${f.value}` : `median ${f.median}  p95 ${f.p95}`;
      process.stdout.write(`  ${key.padEnd(36)} ${v} ${f.unit}   (${f.label})\n`);
    }
    if (!r.ok) process.stdout.write(`  ${area}: FAILED\n`);
  }
}

async function main(argv: string[]): Promise<number> {
  const { file, rest } = jsonOption(argv);
  const [area, ...more] = rest;
  if (area === undefined || area === 'all' || area === 'quick') {
    if (more.length > 0) {
      process.stderr.write(`bench ${area ?? 'all'} runs each bench with its own sizes; arguments (${more.join(' ')}) only go with one area, e.g. npm run bench -- journey --runs 5\n`);
      return 2;
    }
    const quick = area === 'quick';
    const results: Record<string, AreaResult> = {};
    for (const a of Object.keys(quick ? QUICK : AREAS)) results[a] = await runOne(a, quick ? QUICK[a]! : []);
    const failed = Object.values(results).filter((r) => !r.ok).length;
    printFigures(results);
    if (file) writeJson(file, quick ? 'quick' : 'all', results);
    process.stdout.write(`\n${Object.keys(results).length - failed} benches done, ${failed} failed\n`);
    return failed ? 1 : 0;
  }
  if (!Object.prototype.hasOwnProperty.call(AREAS, area)) {
    process.stderr.write(`unknown bench area "${area}" — choose one of: ${Object.keys(AREAS).join(', ')}, all, quick\n  npm run bench -- [${Object.keys(AREAS).join('|')}|all|quick] [args…] [--json FILE]\n`);
    return 2;
  }
  const r = await runOne(area, more);
  if (file) writeJson(file, area, { [area]: r });
  return r.ok ? 0 : 1;
}

// Exit explicitly: a bench that leaves a stray handle (a pty, a browser pipe) must not hang the run.
if (import.meta.url === pathToFileURL(path.resolve(process.argv[1] ?? '')).href) {
  process.exit(await main(process.argv.slice(2)));
}
