/**
 * Start-up figures: `npm run bench -- startup [--runs 7] [--years 5] [--days-per-year 300]
 * [--customers 150] [--quick]`.
 *
 * Starts browser mode exactly as `npm run start:browser` does (hostProcess.ts: bundle, flags, environment)
 * and measures, from spawning the process:
 *   - "address printed": the COUNTERDESK_URL line (core started, server listening),
 *   - "ready": the first `app.info` answered, what the UI asks first (target ≤ 500 ms with five
 *     years of a busy counter),
 * the CPU the process used until then (load-independent), and its memory once ready (resident
 * now, and its peak so far). Two data folders: a
 * new one (first start: migrations run) and five years of history (history.ts; generated once
 * and cached). The first start on the history is a warm-up (file cache), not counted.
 * `--quick` (CI): one year of 50 customers a day and 5 runs.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { HOST_ENV, HOST_NODE_FLAGS, hostCommand } from '../../electron/host/hostProcess';
import { ensureAppBuilt, ROOT } from '../helpers/appBuild';
import { ensureRendererBuilt } from '../helpers/browserMode';
import { recordFigure } from './figures';
import { ensureHistory } from './history';
import { fmtMs, summarize, type Summary } from './stats';

const TOKEN = 'bench-startup-token-0123456789';

interface StartSample {
  urlMs: number;
  readyMs: number;
  /** CPU the process used until ready (all its threads): what the start costs whatever the machine's load. */
  cpuMs: number;
  rssMb: number;
  peakMb: number;
}

/** One start: spawn → URL line → first app.info answered → memory → SIGTERM. */
async function startOnce(dataDir: string): Promise<StartSample> {
  const t0 = performance.now();
  const cmd = hostCommand(ROOT, ['--data-dir', dataDir], { ...process.env, COUNTERDESK_TOKEN: TOKEN });
  const child = spawn(cmd.command, cmd.args, {
    cwd: ROOT,
    env: cmd.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  try {
    const { url, urlMs } = await new Promise<{ url: string; urlMs: number }>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no address within 60 s:\n${out}`)), 60_000);
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /COUNTERDESK_URL=(\S+)/.exec(out);
        if (m?.[1]) {
          clearTimeout(timer);
          resolve({ url: m[1], urlMs: performance.now() - t0 });
        }
      });
      child.once('exit', (c) => reject(new Error(`the app exited with ${c} before it was ready:\n${out}`)));
    });
    const origin = url.slice(0, url.indexOf('/#'));
    const res = await fetch(`${origin}/rpc`, { method: 'POST', headers: { 'X-CounterDesk-Token': TOKEN }, body: JSON.stringify({ method: 'app.info', input: {} }) });
    const body = (await res.json()) as { ok: boolean; result?: { storageError?: unknown } };
    const readyMs = performance.now() - t0;
    if (!body.ok || body.result?.storageError) throw new Error(`app.info after start: ${JSON.stringify(body)}`);
    const status = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8');
    const kb = (k: string) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN);
    // utime and stime, fields 14 and 15 of /proc/<pid>/stat, in clock ticks (100 a second on Linux).
    const stat = fs.readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    const cpuMs = (Number(stat[11]) + Number(stat[12])) * 10;
    return { urlMs, readyMs, cpuMs, rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
  } finally {
    const exited = new Promise<void>((r) => (child.exitCode !== null ? r() : child.once('exit', () => r())));
    child.kill('SIGTERM');
    await exited;
  }
}

async function series(label: string, runs: number, dataDir: () => string, warmUp: boolean): Promise<{ url: Summary; ready: Summary; cpu: Summary; rss: Summary; peak: Summary }> {
  if (warmUp) await startOnce(dataDir());
  const s: StartSample[] = [];
  for (let i = 0; i < runs; i++) s.push(await startOnce(dataDir()));
  const r = {
    url: summarize(s.map((x) => x.urlMs)),
    ready: summarize(s.map((x) => x.readyMs)),
    cpu: summarize(s.map((x) => x.cpuMs)),
    rss: summarize(s.map((x) => x.rssMb)),
    peak: summarize(s.map((x) => x.peakMb)),
  };
  process.stdout.write(
    `  ${label.padEnd(34)} address printed median ${fmtMs(r.url.median)} ms  p95 ${fmtMs(r.url.p95)} ms │ ready median ${fmtMs(r.ready.median)} ms  p95 ${fmtMs(r.ready.p95)} ms │ CPU until ready median ${fmtMs(r.cpu.median)} ms │ memory when ready ${r.rss.median.toFixed(1)} MB (peak ${r.peak.median.toFixed(1)} MB)\n`,
  );
  return r;
}

export async function bench(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { runs: { type: 'string' }, years: { type: 'string' }, 'days-per-year': { type: 'string' }, customers: { type: 'string' }, quick: { type: 'boolean' } },
  });
  const quick = values.quick ?? false;
  const runs = Number(values.runs ?? (quick ? 5 : 7));
  const years = Number(values.years ?? (quick ? 1 : 5));
  const daysPerYear = Number(values['days-per-year'] ?? 300);
  const customers = Number(values.customers ?? (quick ? 50 : 150));
  ensureRendererBuilt();
  await ensureAppBuilt();

  const history = await ensureHistory({ years, daysPerYear, customersPerDay: customers, log: (l) => process.stdout.write(`${l}\n`) });
  const rows = Object.entries(history.rows).filter(([t]) => ['journeys', 'journey_actions', 'till_ledger', 'audit_log', 'print_jobs'].includes(t));
  process.stdout.write(
    `startup: browser mode as npm run start:browser runs it (${HOST_NODE_FLAGS.join(' ')}, ${Object.entries(HOST_ENV).map(([k, v]) => `${k}=${v}`).join(' ')}), ${runs} starts each, spawn → address printed → first app.info answered\n` +
      `  history: ${years} years × ${daysPerYear} days × ${customers} customers: ${rows.map(([t, n]) => `${n.toLocaleString('en')} ${t}`).join(', ')}; ${(history.bytes / 1e9).toFixed(2)} GB\n` +
      (history.generatedMs !== null ? `  (generated in ${(history.generatedMs / 1000).toFixed(0)} s; first start on it, with the one-time retention purge of ${years} years: ${((history.firstStartMs ?? 0) / 1000).toFixed(1)} s)\n` : ''),
  );

  const fresh = () => fs.mkdtempSync(path.join(os.tmpdir(), 'cd-startup-'));
  const empty = await series('new data folder (migrations run)', runs, fresh, false);
  const full = await series(`${years} years of history`, runs, () => history.dataDir, true);
  const load = os.loadavg()[0]!;
  process.stdout.write(
    `  target: ready ≤ 500 ms with ${years} years — ${full.ready.median <= 500 ? 'met' : 'NOT met'} (median; load average ${load.toFixed(1)} on ${os.cpus().length} cores${load > os.cpus().length ? ': the machine is busy, wall times include waiting for a core — the CPU figure does not' : ''})\n`,
  );

  const key = quick ? 'startup.quick' : 'startup';
  recordFigure(`${key}.empty.readyMs`, empty.ready, 'ms', 'start → ready, new data folder');
  recordFigure(`${key}.history.readyMs`, full.ready, 'ms', `start → ready, ${years} years of history`);
  recordFigure(`${key}.history.addressMs`, full.url, 'ms', `start → address printed, ${years} years of history`);
  recordFigure(`${key}.history.cpuMs`, full.cpu, 'ms', `CPU used until ready, ${years} years of history`);
  recordFigure(`${key}.history.rssMb`, full.rss, 'MB', 'memory when ready');
  recordFigure(`${key}.history.bytes`, history.bytes, 'bytes', 'size of the history database');
}
