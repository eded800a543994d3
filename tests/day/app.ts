/**
 * The app as a real child process: browser mode (the bundle, as hostProcess.ts starts it) on a data dir with a
 * shifted clock, spoken to only over HTTP like the UI (POST /rpc, GET /events). It can be
 * killed with SIGKILL and started again on the same data dir: the token changes, sessions are
 * gone, and the clock carries on from where the killed process left it (never backwards).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { ErrorShape } from '../../base/contract/errors';
import { hostCommand } from '../../electron/host/hostProcess';
import { ensureAppBuilt } from '../helpers/appBuild';
import { procMemoryKb, type MemorySample } from './memory';
import type { MethodInput, MethodName, MethodOutput } from '../../base/contract/methods';

export const ROOT = path.resolve(import.meta.dirname, '../..');

/** No call at the counter may take longer than this: a hang is a violation, not a wait. */
const CALL_TIMEOUT_MS = 30_000;

/** The app answered with a typed error. */
export class CallFailed extends Error {
  constructor(
    readonly method: string,
    readonly shape: ErrorShape,
  ) {
    super(`${method}: ${shape.code}: ${shape.message_en}`);
  }
}

/** The app did not answer at all (killed, restarting). */
export class AppDown extends Error {}

export interface AppInstance {
  pid: number;
  origin: string;
  token: string;
  clockStartMs: number;
  spawnedAt: number;
}

type Listener = (name: string, data: unknown) => void;

export class AppProcess {
  private child: ChildProcess | null = null;
  private inst: AppInstance | null = null;
  private sse: AbortController | null = null;
  private readonly listeners = new Set<Listener>();
  /** Highest VmHWM (kB) seen across every instance, read before each kill and at the end. */
  peakRssKb = 0;
  /** Resident set after each customer (memory.ts). */
  readonly memory: MemorySample[] = [];
  starts = 0;
  /** Time spent per method (ms, calls), to see where a day goes. */
  readonly callStats = new Map<string, { ms: number; n: number; max: number }>();
  kills = 0;
  private out = '';

  constructor(
    readonly dataDir: string,
    private clockStartMs: number,
  ) {}

  get instance(): AppInstance {
    if (!this.inst) throw new AppDown('the app is not running');
    return this.inst;
  }

  get running(): boolean {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
  }

  output(): string {
    return this.out;
  }

  /**
   * Starts the app as production does (`npm run start:browser`): the bundle with its Node flags
   * and environment (hostProcess.ts), in one process (so its pid is the node process whose memory we read),
   * with the clock moved on from the last instance.
   */
  async start(): Promise<AppInstance> {
    if (this.inst) {
      // The killed process's clock kept running with real time: carry on from there.
      this.clockStartMs = this.inst.clockStartMs + (Date.now() - this.inst.spawnedAt);
    }
    const spawnedAt = Date.now();
    const clockStartMs = this.clockStartMs;
    await ensureAppBuilt();
    // COUNTERDESK_APP_NODE_FLAGS: more Node flags for a measurement (e.g. to compare heap settings).
    const extraFlags = (process.env.COUNTERDESK_APP_NODE_FLAGS ?? '').split(' ').filter(Boolean);
    const cmd = hostCommand(ROOT, ['--data-dir', this.dataDir, '--clock-start', new Date(clockStartMs).toISOString()], process.env, extraFlags);
    // COUNTERDESK_APP_WRAPPER: a command the app runs under for a measurement (e.g. a heap profiler);
    // the memory figures are then the wrapper's, not the app's.
    const wrapper = (process.env.COUNTERDESK_APP_WRAPPER ?? '').split(' ').filter(Boolean);
    const [command, ...args] = [...wrapper, cmd.command, ...cmd.args];
    const child = spawn(command!, args, {
      cwd: ROOT,
      env: cmd.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    this.child = child;
    this.starts++;
    let out = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr!.on('data', (d: Buffer) => {
      out += d.toString();
      this.out += d.toString();
    });
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the app printed no URL within 30 s:\n${out}`)), 30_000);
      const onData = () => {
        const m = /COUNTERDESK_URL=(\S+)/.exec(out);
        if (m?.[1]) {
          clearTimeout(timer);
          child.stdout!.off('data', onData);
          child.off('exit', onExit);
          resolve(m[1]);
        }
      };
      const onExit = (code: number | null) => {
        clearTimeout(timer);
        reject(new Error(`the app exited with ${code} before it was ready:\n${out}`));
      };
      child.stdout!.on('data', onData);
      child.once('exit', onExit);
    });
    this.inst = {
      pid: child.pid!,
      origin: url.slice(0, url.indexOf('/#')),
      token: url.slice(url.indexOf('token=') + 6),
      clockStartMs,
      spawnedAt,
    };
    await this.connectEvents();
    return this.inst;
  }

  /** Adds to the time table (also used for waits that are not calls, e.g. a card read). */
  time(what: string, ms: number): void {
    const st = this.callStats.get(what) ?? { ms: 0, n: 0, max: 0 };
    st.ms += ms;
    st.n++;
    st.max = Math.max(st.max, ms);
    this.callStats.set(what, st);
  }

  /** The biggest items of the time table. */
  topTimes(n: number): { what: string; totalMs: number; calls: number; meanMs: number; maxMs: number }[] {
    return [...this.callStats.entries()]
      .map(([what, s]) => ({ what, totalMs: Math.round(s.ms), calls: s.n, meanMs: Math.round((s.ms / s.n) * 10) / 10, maxMs: Math.round(s.max) }))
      .sort((a, b) => b.totalMs - a.totalMs)
      .slice(0, n);
  }

  /** SIGKILL: no shutdown handler runs, like pulling the plug. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    this.readPeak();
    this.sse?.abort();
    this.sse = null;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      child.kill('SIGKILL');
    }
    await exited;
    this.kills++;
  }

  /** A clean stop at the end of the day (SIGTERM: the app closes its devices and database). */
  async stop(): Promise<void> {
    const child = this.child;
    this.sse?.abort();
    this.sse = null;
    if (!child || !this.running) return;
    this.readPeak();
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }

  /** VmHWM of the app's node process (peak resident set), in kB. */
  readPeak(): number {
    if (!this.child?.pid) return this.peakRssKb;
    // Not Linux, or already gone: the figure stays what it was.
    const m = procMemoryKb(this.child.pid);
    if (m) this.peakRssKb = Math.max(this.peakRssKb, m.hwmKb);
    return this.peakRssKb;
  }

  /** The app's resident set now, after customer `customer` (and its peak so far). */
  sampleMemory(customer: number): void {
    if (!this.child?.pid || !this.running) return;
    const m = procMemoryKb(this.child.pid);
    if (!m) return;
    this.peakRssKb = Math.max(this.peakRssKb, m.hwmKb);
    this.memory.push({ customer, rssMb: Math.round((m.rssKb / 1024) * 10) / 10 });
  }

  async call<M extends MethodName>(method: M, input: MethodInput<M>, session?: string): Promise<MethodOutput<M>> {
    const inst = this.instance;
    const t0 = performance.now();
    try {
      return await this.send(inst, method, input, session);
    } finally {
      const cmd = method === 'journey.act' ? (input as { command?: { type?: string } }).command?.type : undefined;
      this.time(cmd ? `${method}:${cmd}` : method, performance.now() - t0);
    }
  }

  private async send<M extends MethodName>(inst: AppInstance, method: M, input: MethodInput<M>, session?: string): Promise<MethodOutput<M>> {
    let res: Response;
    try {
      res = await fetch(`${inst.origin}/rpc`, {
        method: 'POST',
        headers: { 'X-CounterDesk-Token': inst.token, 'Content-Type': 'application/json' },
        body: JSON.stringify({ method, input, session }),
        signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
      });
    } catch (e) {
      if (e instanceof Error && e.name === 'TimeoutError') throw new Error(`${method}: the app did not answer within ${CALL_TIMEOUT_MS / 1000} s (hung)`, { cause: e });
      throw new AppDown(`${method}: the app did not answer (${e instanceof Error ? e.message : String(e)})`, { cause: e });
    }
    let body: { ok: boolean; result?: unknown; error?: ErrorShape };
    try {
      body = (await res.json()) as typeof body;
    } catch (e) {
      throw new AppDown(`${method}: the answer was cut off (${e instanceof Error ? e.message : String(e)})`, { cause: e });
    }
    if (!body.ok) throw new CallFailed(method, body.error!);
    return body.result as MethodOutput<M>;
  }

  /** Server-sent events of the current instance. */
  onEvent(cb: Listener): () => void {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }

  /** Resolves with the next event of that name (subscribe BEFORE causing it). */
  nextEvent(name: string, timeoutMs: number): { promise: Promise<unknown>; cancel(): void } {
    let off = () => {};
    let timer: NodeJS.Timeout | undefined;
    const promise = new Promise<unknown>((resolve, reject) => {
      timer = setTimeout(() => {
        off();
        reject(new Error(`no ${name} event within ${timeoutMs} ms`));
      }, timeoutMs);
      off = this.onEvent((n, d) => {
        if (n !== name) return;
        clearTimeout(timer);
        off();
        resolve(d);
      });
    });
    return {
      promise,
      cancel() {
        clearTimeout(timer);
        off();
      },
    };
  }

  private async connectEvents(): Promise<void> {
    const inst = this.instance;
    const ac = new AbortController();
    this.sse = ac;
    const res = await fetch(`${inst.origin}/events?token=${encodeURIComponent(inst.token)}`, { signal: ac.signal });
    if (!res.ok || !res.body) throw new Error(`GET /events answered ${res.status}`);
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    let buf = '';
    let connected!: () => void;
    const ready = new Promise<void>((r) => (connected = r));
    void (async () => {
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return;
          buf += decoder.decode(value, { stream: true });
          let i: number;
          while ((i = buf.indexOf('\n\n')) >= 0) {
            const block = buf.slice(0, i);
            buf = buf.slice(i + 2);
            if (block.startsWith(': connected')) connected();
            const name = /^event: (.+)$/m.exec(block)?.[1];
            const data = /^data: (.*)$/m.exec(block)?.[1];
            if (!name) continue;
            const payload: unknown = data ? JSON.parse(data) : null;
            for (const l of [...this.listeners]) l(name, payload);
          }
        }
      } catch {
        // Aborted or the app died: the next instance connects afresh.
      }
    })();
    await ready;
  }
}
