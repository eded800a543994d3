/**
 * Starts browser mode as a real child process, exactly as `npm run start:browser` does after
 * building: the bundle, its Node flags and environment (hostProcess.ts; rebuilt first when a
 * source is newer), and reads the URL it prints.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { hostCommand } from '../../electron/host/hostProcess';
import { ensureAppBuilt } from './appBuild';

export const ROOT = path.resolve(import.meta.dirname, '../..');

export interface BrowserModeApp {
  url: string;
  origin: string;
  token: string;
  dataDir: string;
  child: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

export function ensureRendererBuilt(): void {
  if (!fs.existsSync(path.join(ROOT, 'dist/renderer/index.html'))) {
    throw new Error('dist/renderer is missing: run `npm run build:renderer` first (npm test does it)');
  }
}

export async function startBrowserMode(opts: { dataDir?: string; env?: Record<string, string>; clockStart?: string } = {}): Promise<BrowserModeApp> {
  ensureRendererBuilt();
  await ensureAppBuilt();
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'cd-e2e-'));
  const cmd = hostCommand(ROOT, ['--data-dir', dataDir, ...(opts.clockStart ? ['--clock-start', opts.clockStart] : [])], { ...process.env, ...opts.env });
  const child = spawn(cmd.command, cmd.args, {
    cwd: ROOT,
    env: cmd.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const onData = () => {
      const m = /COUNTERDESK_URL=(\S+)/.exec(out);
      if (m?.[1]) {
        child.stdout!.off('data', onData);
        resolve(m[1]);
      }
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`browser mode exited with ${code}: ${out}`)));
  });
  const origin = url.slice(0, url.indexOf('/#'));
  const token = url.slice(url.indexOf('token=') + 6);
  return {
    url,
    origin,
    token,
    dataDir,
    child,
    output: () => out,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
