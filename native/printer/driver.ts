/**
 * The receipt printer and its cash drawer over any Transport.
 *
 * One owner: every job, status query and drawer kick goes through one queue, so real-time
 * queries never land inside a job's bytes. A job counts as printed only when the printer
 * answers the GS r 1 appended after it (processed in buffer order), never when the bytes left
 * the host. Status (DLE EOT 1–4) is read before and after each job; while a job waits for its
 * confirm the driver asks DLE EOT (real-time, answered even when stopped) to tell "still
 * printing" from "paper out / cover open", and waits for the clerk to fix it: the printer
 * keeps the rest of the job in its buffer and prints it after the fix, so nothing is re-sent.
 *
 * States: closed → connecting → idle ⇄ busy, error (needs the clerk), disconnected (the
 * driver reopens the link by itself with backoff).
 */
import { performance } from 'node:perf_hooks';
import type { ErrorShape } from '../../base/contract/errors';
import { BilingualError } from '../../base/contract/errors';
import type { Clock } from '../../base/clock';
import { systemClock } from '../../base/clock';
import type { Transport } from '../transport/types';
import { Listeners } from '../transport/listeners';
import * as cmd from './commands';
import type { ReceiptDoc } from './doc';
import { encodeReceipt } from './encoder';
import {
  badReplyError,
  disconnectedError,
  errorForStatus,
  notFoundError,
  offlineError,
  timeoutError,
} from './errors';
import { modelForWidth, type PrinterModel } from './model';
import { ReplyRouter, type Pending } from './reply-router';
import { decodeConfirm, decodeStatus, isReady, type PrinterStatus } from './status';

export type PrinterState = 'closed' | 'connecting' | 'idle' | 'busy' | 'error' | 'disconnected';

export interface PrinterSnapshot {
  state: PrinterState;
  /** Last status read, null before the first. */
  status: PrinterStatus | null;
  /** Why the printer is in 'error' or 'disconnected' (or why the last job failed). */
  error: ErrorShape | null;
  link: string;
  /** Clock time of the last state change. */
  since: number;
}

export interface PrinterDriverOptions {
  transport: Transport;
  model?: PrinterModel;
  /** Drawer connector pin (settings.devices.printer.drawerPin). */
  drawerPin?: 2 | 5;
  /** Kick pulse on-time in ms (settings.devices.printer.drawerPulseMs). */
  drawerPulseMs?: number;
  /** Whether DLE EOT 1 bit 2 (pin 3 high) means open (settings.devices.printer.drawerOpenWhenHigh). */
  drawerOpenWhenHigh?: boolean;
  /** Line speed, used to allow for the wire time of big jobs. */
  baudRate?: number;
  clock?: Clock;
  /** Wait for the four DLE EOT replies. */
  statusTimeoutMs?: number;
  /** Wait for the GS r confirm of a drawer kick. */
  confirmTimeoutMs?: number;
  /** The printer answers status as fine but never confirms: give up after this (slow drain allowance). */
  silentConfirmLimitMs?: number;
  /** How long a started job waits for the clerk to load paper / close the cover. */
  recoveryWaitMs?: number;
  /** Status poll while waiting for the clerk, and in state 'error'. */
  pollMs?: number;
  /** Status poll when idle (drawer state, near end) — 0 turns it off. */
  idlePollMs?: number;
  /** Reconnect backoff; false = never reconnect (the CLI). */
  reconnect?: { initialMs: number; maxMs: number } | false;
}

export interface PrintHooks {
  /** The started job is waiting for the clerk (paper out, cover open, offline). */
  onWaiting?: (e: ErrorShape) => void;
  /** The clerk fixed it; the printer carries on with the same job. */
  onResumed?: () => void;
}

export interface PrintResult {
  jobId: string | number;
  /** Clock time the GS r confirm arrived. */
  confirmedAt: number;
  /** The paper state the confirm reported. */
  paperNearEnd: boolean;
}

const DEFAULTS = {
  statusTimeoutMs: 1000,
  confirmTimeoutMs: 3000,
  silentConfirmLimitMs: 30_000,
  recoveryWaitMs: 15 * 60_000,
  pollMs: 300,
  // Idle polling keeps the status bar honest (drawer, near end) and notices a printer that was
  // switched off or unplugged before the clerk's next receipt does.
  idlePollMs: 2000,
};

export class PrinterDriver {
  readonly model: PrinterModel;
  private readonly t: Transport;
  private readonly clock: Clock;
  private readonly router = new ReplyRouter();
  private readonly changes = new Listeners<[PrinterSnapshot]>();
  private readonly readyListeners = new Listeners<[]>();
  private readonly o: typeof DEFAULTS;
  private snap: PrinterSnapshot;
  private lock: Promise<unknown> = Promise.resolve();
  private locked = 0;
  private closing = false;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private pollTimer: NodeJS.Timeout | null = null;
  private backoffMs = 0;
  private readonly unsubscribe: (() => void)[] = [];

  constructor(private readonly opts: PrinterDriverOptions) {
    this.t = opts.transport;
    this.model = opts.model ?? modelForWidth(80);
    this.clock = opts.clock ?? systemClock;
    this.o = { ...DEFAULTS };
    for (const k of Object.keys(DEFAULTS) as (keyof typeof DEFAULTS)[]) {
      const v = opts[k];
      if (typeof v === 'number') this.o[k] = v;
    }
    this.snap = { state: 'closed', status: null, error: null, link: this.t.description, since: this.clock.now() };
    this.unsubscribe.push(
      this.t.onData((c) => this.router.feed(c)),
      this.t.onClose(() => this.linkLost()),
    );
  }

  get snapshot(): PrinterSnapshot {
    return this.snap;
  }

  onChange(cb: (s: PrinterSnapshot) => void): () => void {
    return this.changes.add(cb);
  }

  /** Fires each time the printer becomes able to take a job (after paper load, reconnect, …). */
  onReady(cb: () => void): () => void {
    return this.readyListeners.add(cb);
  }

  get isReady(): boolean {
    return this.snap.state === 'idle';
  }

  /** Opens the link and reads status once. Throws PRINTER_NOT_FOUND / PRINTER_TIMEOUT. */
  async open(): Promise<PrinterStatus> {
    this.closing = false;
    this.set({ state: 'connecting' });
    try {
      if (!this.t.isOpen) await this.t.open();
    } catch (e) {
      const err = notFoundError(this.t.description, e instanceof Error ? e.message : String(e));
      this.set({ state: 'disconnected', error: err.toShape() });
      throw err;
    }
    return this.exclusive(() => this.refreshStatus());
  }

  /** App mode: open in the background and keep reconnecting until close(). */
  start(): void {
    this.closing = false;
    this.open().then(
      () => this.schedulePoll(),
      () => this.scheduleReconnect(),
    );
  }

  async close(): Promise<void> {
    this.closing = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    if (this.pollTimer) clearTimeout(this.pollTimer);
    this.reconnectTimer = this.pollTimer = null;
    this.router.failAll(disconnectedError(false));
    await this.t.close();
    for (const u of this.unsubscribe.splice(0)) u();
    this.set({ state: 'closed' });
  }

  /** Real-time status, between jobs. */
  status(): Promise<PrinterStatus> {
    return this.exclusive(() => this.refreshStatus());
  }

  /** Renders the doc for this model and prints it (see print). */
  printReceipt(jobId: string | number, doc: ReceiptDoc, hooks: PrintHooks = {}): Promise<PrintResult> {
    return this.print(jobId, encodeReceipt(doc, { model: this.model }), hooks);
  }

  /**
   * Sends one job and resolves when the printer confirms it printed. Rejects with a
   * BilingualError whose detail.bytesSent says whether any of it may have reached paper.
   */
  print(jobId: string | number, bytes: Uint8Array, hooks: PrintHooks = {}): Promise<PrintResult> {
    return this.exclusive(async () => {
      this.requireLink();
      this.set({ state: 'busy' });
      const before = await this.refreshStatus();
      const blocked = errorForStatus(before, false);
      if (blocked) throw blocked;
      this.set({ state: 'busy' });
      const confirm = this.router.expectConfirm();
      try {
        await this.t.write(cmd.concatBytes([bytes, cmd.CONFIRM_MARKER]));
      } catch {
        confirm.cancel();
        throw disconnectedError(true);
      }
      const reply = await this.awaitConfirm(confirm, bytes.length, hooks);
      const confirmedAt = this.clock.now();
      // Status after the job: near end, drawer, a cover opened at the last moment. The job
      // is printed whatever this says.
      await this.refreshStatus().catch(() => undefined);
      return { jobId, confirmedAt, paperNearEnd: decodeConfirm(reply).paperNearEnd };
    });
  }

  /** Pulses the drawer (in buffer order) and resolves when the printer has processed it. */
  kickDrawer(): Promise<PrinterStatus> {
    return this.exclusive(async () => {
      if (!this.model.drawerPort) {
        throw new BilingualError('PRINTER_NO_DRAWER', '此打印机型号没有钱箱接口 — 请用钥匙打开钱箱', 'This printer model has no drawer port — open the drawer with its key', {});
      }
      this.requireLink();
      const before = await this.refreshStatus();
      const blocked = errorForStatus(before, false);
      if (blocked) throw blocked;
      const pulseMs = this.opts.drawerPulseMs ?? cmd.DEFAULT_DRAWER_PULSE.onMs;
      const kick = cmd.drawerKick({ pin: this.opts.drawerPin ?? 2, onMs: pulseMs, offMs: Math.max(pulseMs, 500) });
      const confirm = this.router.expectConfirm();
      try {
        await this.t.write(cmd.concatBytes([kick, cmd.CONFIRM_MARKER]));
      } catch {
        confirm.cancel();
        throw disconnectedError(true);
      }
      await this.race(confirm, this.o.confirmTimeoutMs, () => timeoutError(true, 'confirm'));
      return this.refreshStatus();
    });
  }

  // ---- internals ---------------------------------------------------------------------------

  /** Waits for the job's GS r reply, riding out paper-out / cover-open while the clerk fixes it. */
  private async awaitConfirm(confirm: Pending, jobBytes: number, hooks: PrintHooks): Promise<number> {
    const wireMs = ((jobBytes + 3) * 10 * 1000) / (this.opts.baudRate ?? 115200);
    // First look after the bytes should have arrived; then poll real-time status, so a paper-out
    // shows on screen within a poll interval instead of after a long timeout.
    let wait = 2 * wireMs + this.o.pollMs;
    let silentSince = performance.now();
    let waitingSince: number | null = null;
    for (;;) {
      const got = await this.race(confirm, wait, () => null);
      if (got !== null) {
        if (waitingSince !== null) hooks.onResumed?.();
        return got;
      }
      wait = this.o.pollMs;
      let problem: BilingualError | null;
      try {
        problem = errorForStatus(await this.readStatus(), true);
      } catch (e) {
        if (e instanceof BilingualError && e.code === 'PRINTER_DISCONNECTED') {
          confirm.cancel();
          throw disconnectedError(true);
        }
        // No answer even to real-time status: switched off or hung. Same as offline.
        problem = offlineError(true);
      }
      const now = performance.now();
      if (problem) {
        if (waitingSince === null) {
          waitingSince = now;
        }
        this.set({ state: 'error', error: problem.toShape() });
        hooks.onWaiting?.(problem.toShape());
        if (now - waitingSince > this.o.recoveryWaitMs) {
          confirm.cancel();
          throw problem;
        }
        continue;
      }
      if (waitingSince !== null) {
        // Fixed: the printer prints the rest of its buffer; give it the full allowance again.
        waitingSince = null;
        silentSince = now;
        this.set({ state: 'busy', error: null });
        hooks.onResumed?.();
        continue;
      }
      if (now - silentSince > this.o.silentConfirmLimitMs + 2 * wireMs) {
        confirm.cancel();
        throw timeoutError(true, 'confirm');
      }
    }
  }

  /** Reads status and moves the state to idle/error accordingly. Throws only for link/timeout. */
  private async refreshStatus(): Promise<PrinterStatus> {
    const s = await this.readStatus();
    const problem = errorForStatus(s);
    if (problem) this.set({ state: 'error', status: s, error: problem.toShape() });
    else this.set({ state: this.locked > 0 && this.snap.state === 'busy' ? 'busy' : 'idle', status: s, error: null });
    return s;
  }

  /** DLE EOT 1..4 in one write; the four replies come back in order. */
  private async readStatus(): Promise<PrinterStatus> {
    this.requireLink();
    const pending = [1, 2, 3, 4].map(() => this.router.expectStatus());
    const strayBefore = this.router.strayBytes;
    try {
      await this.t.write(cmd.STATUS_QUERY_ALL);
    } catch {
      for (const p of pending) p.cancel();
      throw disconnectedError(false);
    }
    let bytes: number[];
    try {
      bytes = await withTimeout(Promise.all(pending.map((p) => p.promise)), this.o.statusTimeoutMs);
    } catch (e) {
      for (const p of pending) p.cancel();
      if (e instanceof BilingualError) throw e;
      const err = this.router.strayBytes > strayBefore ? badReplyError([]) : timeoutError(false, 'status');
      this.set({ state: 'error', error: err.toShape() });
      throw err;
    }
    const decoded = decodeStatus(
      { printer: bytes[0]!, offline: bytes[1]!, error: bytes[2]!, paper: bytes[3]! },
      { drawerOpenWhenHigh: this.opts.drawerOpenWhenHigh ?? true, nearEndSensor: this.model.nearEndSensor },
    );
    // The router only hands out status-shaped bytes, so this cannot fail; kept total anyway.
    if (!decoded.ok) throw badReplyError(decoded.invalid);
    this.set({ status: decoded.status });
    return decoded.status;
  }

  private race<T>(p: Pending, ms: number, onTimeout: () => T): Promise<number | T> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => resolve(onTimeout()), ms);
      p.promise.then(
        (b) => {
          clearTimeout(timer);
          resolve(b);
        },
        (e: unknown) => {
          clearTimeout(timer);
          reject(e instanceof BilingualError ? e : disconnectedError(true));
        },
      );
    }).then((v) => {
      if (v instanceof BilingualError) throw v;
      return v as number | T;
    });
  }

  private requireLink(): void {
    if (!this.t.isOpen) throw disconnectedError(false);
  }

  /** One owner: everything that talks to the printer runs here, one at a time. */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.lock.then(async () => {
      this.locked++;
      try {
        return await fn();
      } catch (e) {
        if (e instanceof BilingualError && this.snap.state === 'busy') this.set({ state: 'idle' });
        throw e;
      } finally {
        this.locked--;
        if (this.snap.state === 'busy') this.set({ state: 'idle' });
        this.schedulePoll();
      }
    });
    this.lock = run.catch(() => undefined);
    return run;
  }

  private linkLost(): void {
    const err = disconnectedError(true);
    this.router.failAll(err);
    if (this.closing) return;
    this.set({ state: 'disconnected', error: disconnectedError(false).toShape() });
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    const rc = this.opts.reconnect ?? { initialMs: 250, maxMs: 5000 };
    if (rc === false || this.closing || this.reconnectTimer) return;
    this.backoffMs = this.backoffMs === 0 ? rc.initialMs : Math.min(rc.maxMs, this.backoffMs * 2);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      if (this.closing) return;
      this.open().then(
        () => {
          this.backoffMs = 0;
        },
        () => this.scheduleReconnect(),
      );
    }, this.backoffMs);
  }

  /** Polls status while the printer needs the clerk (to notice the fix) or, if asked, when idle. */
  private schedulePoll(): void {
    if (this.pollTimer || this.closing) return;
    const ms = this.snap.state === 'error' && this.t.isOpen ? this.o.pollMs : this.snap.state === 'idle' ? this.o.idlePollMs : 0;
    if (ms <= 0) return;
    this.pollTimer = setTimeout(() => {
      this.pollTimer = null;
      if (this.closing || this.locked > 0) return; // a job is running; it polls on its own
      this.status().catch(() => undefined);
    }, ms);
    this.pollTimer.unref?.();
  }

  private set(p: Partial<Omit<PrinterSnapshot, 'link' | 'since'>>): void {
    const next: PrinterSnapshot = { ...this.snap, ...p };
    if (p.state !== undefined && p.state !== 'error' && p.state !== 'disconnected' && p.error === undefined) next.error = null;
    const changed = JSON.stringify({ ...next, since: 0 }) !== JSON.stringify({ ...this.snap, since: 0 });
    if (!changed) return;
    const becameReady = next.state === 'idle' && this.snap.state !== 'idle' && this.snap.state !== 'busy';
    if (next.state !== this.snap.state) next.since = this.clock.now();
    this.snap = next;
    this.changes.emit(next);
    if (becameReady) this.readyListeners.emit();
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timeout')), ms);
    p.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e instanceof BilingualError ? e : disconnectedError(false));
      },
    );
  });
}

export { isReady };
