/**
 * Linked pseudo-terminal pairs from socat, for tests that drive the real `serialport` binding
 * without hardware: what is written to `a` comes out of `b` and back.
 *
 * `unplug()` kills socat (both ptys vanish, open ports see a hang-up, like pulling a USB
 * adapter); `replug()` starts a new socat with the same link paths.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PtyPair {
  /** Link path of one end (a symlink to /dev/pts/N). */
  readonly a: string;
  /** Link path of the other end. */
  readonly b: string;
  readonly dir: string;
  /** Kill socat: both ends go away. */
  unplug(): Promise<void>;
  /** Start a new socat with the same link paths. */
  replug(): Promise<void>;
  /** Kill socat and remove the temp dir. */
  close(): Promise<void>;
}

const SOCAT = process.env.SOCAT ?? '/usr/bin/socat';

export async function createPtyPair(opts: { readyTimeoutMs?: number } = {}): Promise<PtyPair> {
  const dir = mkdtempSync(join(tmpdir(), 'cd-pty-'));
  const a = join(dir, 'A');
  const b = join(dir, 'B');
  const readyTimeoutMs = opts.readyTimeoutMs ?? 5000;
  let child: ChildProcess | null = await startSocat(a, b, readyTimeoutMs);

  async function stop(): Promise<void> {
    const c = child;
    child = null;
    if (!c) return;
    await killAndWait(c);
  }

  return {
    a,
    b,
    dir,
    unplug: stop,
    async replug() {
      if (child) throw new Error('pty pair is plugged in already');
      child = await startSocat(a, b, readyTimeoutMs);
    },
    async close() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Starts socat and resolves once it says it is transferring data and both links exist. */
function startSocat(a: string, b: string, timeoutMs: number): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(SOCAT, ['-d', '-d', `pty,raw,echo=0,link=${a}`, `pty,raw,echo=0,link=${b}`], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let log = '';
    let settled = false;
    const finish = (err?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.stderr?.off('data', onStderr);
      // Keep draining stderr so socat never blocks on a full pipe.
      child.stderr?.resume();
      if (err) {
        child.kill('SIGKILL');
        reject(err);
      } else resolve(child);
    };
    const onStderr = (chunk: Buffer) => {
      log += chunk.toString();
      // socat -d -d prints this once both addresses are open (links created before).
      if (log.includes('starting data transfer loop')) {
        if (existsSync(a) && existsSync(b)) finish();
        else finish(new Error(`socat started but links are missing:\n${log}`));
      }
    };
    const timer = setTimeout(() => finish(new Error(`socat not ready within ${timeoutMs} ms:\n${log}`)), timeoutMs);
    child.stderr?.on('data', onStderr);
    child.once('error', (err) => finish(err));
    child.once('exit', (code, signal) => finish(new Error(`socat exited early (${code ?? signal}):\n${log}`)));
  });
}

function killAndWait(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      resolve();
      return;
    }
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
