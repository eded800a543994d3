/** A device simulator running as its own process on a pty end (`npm run sim -- …`), driven by stdin. */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { ROOT } from './browserMode';

export interface SimProcess {
  child: ChildProcess;
  output(): string;
  send(line: string): void;
  waitFor(re: RegExp, timeoutMs?: number): Promise<string>;
  stop(): Promise<void>;
}

export async function startSim(kind: 'idcard' | 'printer', link: string, extra: string[] = []): Promise<SimProcess> {
  const child = spawn(path.join(ROOT, 'node_modules/.bin/tsx'), ['native/cli/sim.ts', kind, '--link', link, ...extra], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: true, // its own process group: npx/tsx do not forward signals to the node child
  });
  let out = '';
  const waiters: { re: RegExp; resolve: (s: string) => void }[] = [];
  const onData = (d: Buffer) => {
    out += d.toString();
    for (const w of [...waiters]) {
      const m = w.re.exec(out);
      if (m) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(m[0]);
      }
    }
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const sim: SimProcess = {
    child,
    output: () => out,
    send: (line) => child.stdin!.write(line + '\n'),
    waitFor(re, timeoutMs = 15_000) {
      const m = re.exec(out);
      if (m) return Promise.resolve(m[0]);
      return new Promise((resolve, reject) => {
        const w = { re, resolve: (s: string) => (clearTimeout(t), resolve(s)) };
        const t = setTimeout(() => {
          waiters.splice(waiters.indexOf(w), 1);
          reject(new Error(`sim ${kind}: no ${re} within ${timeoutMs} ms; output:\n${out.slice(-2000)}`));
        }, timeoutMs);
        waiters.push(w);
      });
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        /* already gone */
      }
      await exited;
    },
  };
  await sim.waitFor(kind === 'printer' ? /Printer simulator on/ : /ID card simulator ready/);
  return sim;
}
