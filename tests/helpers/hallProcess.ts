/**
 * Runs the hall server as a real child process — exactly `npm run start:hall` — on PGlite in
 * a data folder or on a PostgreSQL server, and reads the URL and fingerprint it prints.
 * `kill()` is SIGKILL (a crash); `stop()` is SIGTERM (a clean stop).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { fingerprintOf, requestJson } from '../../electron/core/sync/hallLink';
import type { HallLock } from '../../hall/storage/lock';
import type { StoreChoice } from '../../hall/storage/open';
import { ROOT } from './browserMode';

export interface HallProcess {
  url: string;
  port: number;
  fingerprint: string;
  adminToken: string;
  child: ChildProcess;
  output(): string;
  kill(): Promise<void>;
  stop(): Promise<void>;
}

export const HALL_ADMIN_TOKEN = 'test-admin-token-0123456789';

export function storeArgs(choice: StoreChoice): string[] {
  return choice.databaseUrl ? ['--database-url', choice.databaseUrl] : ['--data-dir', choice.dataDir!];
}

export async function startHallProcess(choice: StoreChoice, opts: { port?: number; clockStart?: number; extra?: string[] } = {}): Promise<HallProcess> {
  // One process (node --import tsx), in its own group: SIGKILL reaches the hall itself, as a crash would.
  const clock = opts.clockStart === undefined ? [] : ['--clock-start', new Date(opts.clockStart).toISOString()];
  const child = spawn(process.execPath, ['--import', 'tsx', 'hall/cli/hall.ts', 'start', ...storeArgs(choice), '--host', '127.0.0.1', '--port', String(opts.port ?? 0), '--admin-token', HALL_ADMIN_TOKEN, ...clock, ...(opts.extra ?? [])], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const check = () => {
      if (/admin token: /.test(out)) {
        child.stdout!.off('data', check);
        resolve();
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => reject(new Error(`hall server exited (${code}) before it started:\n${out}`)));
  });
  const url = /url: (https:\/\/\S+)/.exec(out)![1]!;
  return {
    url,
    port: Number(new URL(url).port),
    fingerprint: /fingerprint: ([0-9a-f]{64})/.exec(out)![1]!,
    adminToken: HALL_ADMIN_TOKEN,
    child,
    output: () => out,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          child.kill('SIGKILL');
        }
      }
      await exited;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Runs `npm run -s hall -- …` (the CLI) to completion. */
export function runHallCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'hall/cli/hall.ts', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** What the CLI would read from the lock file: the running hall's URL, certificate and admin token. */
export async function adminAccess(hall: HallProcess): Promise<HallLock> {
  let der: Buffer | null = null;
  await requestJson(hall.url, 'GET', '/v1/hello', null, { rejectUnauthorized: false }, {}, (c) => (der = c));
  const cert = new X509Certificate(der!);
  if (fingerprintOf(cert.raw) !== hall.fingerprint) throw new Error('the hall answered with another certificate than it printed');
  return { pid: hall.child.pid!, url: hall.url, fingerprint: hall.fingerprint, certPem: cert.toString(), adminToken: hall.adminToken };
}
