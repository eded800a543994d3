/**
 * The clerk's seat: her session on the app, and what happens when the app dies under her.
 * Every call goes through `call`; when the app does not answer, the counter waits for the
 * (scheduled) kill to finish, starts the app again on the same data dir, signs in again (the
 * token and the in-memory sessions are gone) and redoes the shift-start check, then throws
 * `Interrupted` so the caller re-reads where the journey is instead of repeating blindly.
 */
import type { MethodInput, MethodName, MethodOutput } from '../../base/contract/methods';
import { STAFF } from '../helpers/counterDay';
import { AppDown, CallFailed, type AppProcess } from './app';
import { pause } from './devices';

export class Interrupted extends Error {}

export interface RestartRecord {
  customer: number;
  /** The method in flight when the app went away, or null when it died between calls. */
  inFlight: string | null;
  /** The open journey's step as the driver last saw it, and as journey.current showed it after. */
  stepBefore: string | null;
  stepAfter: string | null;
  journeyBefore: string | null;
  journeyAfter: string | null;
  vmHwmKb: number;
  restartMs: number;
}

export class Counter {
  session: string | undefined;
  /** Updated by the customer on every view: what a restart should resume. */
  lastSeen: { customer: number; journeyId: string | null; step: string | null } = { customer: 0, journeyId: null, step: null };
  private armed: { step: string; delayMs: number } | null = null;
  readonly restarts: RestartRecord[] = [];
  private killTimer: NodeJS.Timeout | null = null;
  private killing: Promise<void> | null = null;
  private recovering: Promise<void> | null = null;
  private inFlight = new Set<string>();
  private inFlightAtKill: string | null = null;
  private vmAtKill = 0;

  constructor(readonly app: AppProcess) {}

  async call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
    if (this.killing || this.recovering) {
      await this.recover();
      throw new Interrupted(`${method}: the app was restarted`);
    }
    const cmd = method === 'journey.act' ? (input as { command?: { type?: string } }).command?.type : undefined;
    const label = cmd ? `${method}:${cmd}` : method;
    this.inFlight.add(label);
    try {
      return await this.app.call(method, input, this.session);
    } catch (e) {
      if (e instanceof AppDown) {
        await this.recover();
        throw new Interrupted(`${method}: the app went away and was restarted`);
      }
      throw e;
    } finally {
      this.inFlight.delete(label);
    }
  }

  /** Sign-in as the clerk (sessions live in the app's memory: a restart needs a new one). */
  async signIn(): Promise<void> {
    this.session = undefined;
    const s = await this.app.call('staff.signIn', { staffNo: STAFF.clerk.staffNo, secret: STAFF.clerk.secret });
    this.session = s.session;
  }

  /** The shift-start check of this sign-in, run again while a device is still coming up. */
  async shiftCheck(): Promise<void> {
    const until = Date.now() + 20_000;
    for (;;) {
      const r = await this.app.call('shift.run', {}, this.session);
      if (r.result !== 'fail') return;
      if (Date.now() > until) throw new Error(`shift-start check keeps failing: ${JSON.stringify(r.items)}`);
      await pause(200);
    }
  }

  /** The customer reports each view; an armed kill fires `delayMs` after its step shows up. */
  seen(customer: number, journeyId: string, step: string): void {
    this.lastSeen = { customer, journeyId, step };
    if (this.armed && this.armed.step === step) {
      const { delayMs } = this.armed;
      this.armed = null;
      this.killIn(delayMs);
    }
  }

  /** Kill the app shortly after the journey next reaches `step` (so the kill lands in that step's call). */
  armKill(step: string, delayMs: number): void {
    if (this.armed || this.killTimer || this.killing) throw new Error('a kill is already scheduled');
    this.armed = { step, delayMs };
  }

  /** SIGKILL the app `delayMs` from now (a random moment in whatever the clerk is doing). */
  killIn(delayMs: number): void {
    if (this.killTimer || this.killing) throw new Error('a kill is already scheduled');
    this.killTimer = setTimeout(() => {
      this.killTimer = null;
      this.killNow();
    }, delayMs);
  }

  /** The app is being killed or restarted right now. */
  get down(): boolean {
    return this.killing !== null || this.recovering !== null;
  }

  private killNow(): void {
    this.inFlightAtKill = [...this.inFlight][0] ?? null;
    this.vmAtKill = this.app.readPeak();
    this.killing = this.app.kill();
  }

  /** Before money-moving steps outside a journey: a pending kill happens now, and the app is back. */
  async quiesce(): Promise<void> {
    if (this.armed) {
      this.armed = null;
      this.killNow();
    }
    if (this.killTimer) {
      clearTimeout(this.killTimer);
      this.killTimer = null;
      this.killNow();
    }
    if (this.killing || this.recovering) await this.recover();
  }

  /**
   * Did each restart resume the open journey where it was? It must be the same journey, at the
   * same step or later (the call in flight may have gone through), and may only have ended when
   * the call in flight was the one ending it.
   */
  resumeProblems(): string[] {
    const order = ['greet', 'need', 'verify', 'consent', 'process', 'payment', 'recommend', 'handover', 'farewell', 'closed', 'cancelled'];
    const out: string[] = [];
    for (const r of this.restarts) {
      if (!r.journeyBefore || r.stepBefore === null || r.stepBefore === 'closed' || r.stepBefore === 'cancelled') continue;
      const where = `restart at customer ${r.customer} (journey ${r.journeyBefore} at ${r.stepBefore}, in flight ${r.inFlight ?? 'nothing'})`;
      if (r.journeyAfter === null) {
        if (r.inFlight !== 'journey.act:farewell' && r.inFlight !== 'journey.act:cancel') out.push(`${where}: the journey was gone after the restart`);
      } else if (r.journeyAfter !== r.journeyBefore) out.push(`${where}: another journey (${r.journeyAfter}) was open after the restart`);
      else if (order.indexOf(r.stepAfter ?? '') < order.indexOf(r.stepBefore)) out.push(`${where}: it resumed at an earlier step, ${r.stepAfter}`);
    }
    return out;
  }

  async recover(): Promise<void> {
    if (!this.recovering) {
      this.recovering = (async () => {
        const t0 = Date.now();
        if (this.killing) await this.killing;
        else if (this.app.running) throw new Error('the app stopped answering while still running');
        else throw new Error(`the app died on its own:\n${this.app.output().slice(-3000)}`);
        const before = { ...this.lastSeen };
        await this.app.start();
        await this.signIn();
        await this.shiftCheck();
        const cur = await this.app.call('journey.current', {}, this.session);
        this.restarts.push({
          customer: before.customer,
          inFlight: this.inFlightAtKill,
          stepBefore: before.step,
          stepAfter: cur.journey?.step ?? null,
          journeyBefore: before.journeyId,
          journeyAfter: cur.journey?.journeyId ?? null,
          vmHwmKb: this.vmAtKill,
          restartMs: Date.now() - t0,
        });
        this.killing = null;
      })().finally(() => {
        this.recovering = null;
      });
    }
    await this.recovering;
  }

  /** Expects the call to be refused with `code`; returns the refusal. */
  async refused<M extends MethodName>(method: M, input: MethodInput<M>, code: string): Promise<CallFailed> {
    try {
      await this.call(method, input);
    } catch (e) {
      if (e instanceof CallFailed && e.shape.code === code) return e;
      throw e;
    }
    throw new Error(`${method} was accepted; expected ${code}`);
  }
}
