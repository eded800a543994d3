/**
 * Time comes through this port so tests can move it and so settlement rules (early closing,
 * clock changes) can be checked against an injected clock.
 *
 * A wall clock alone cannot tell "two hours passed" from "somebody set the clock two hours
 * forward". The machine's own monotonic clock can: `monotonic()` gives the OS boot's identity
 * and the time since that boot, which nobody at the counter can set. Within one boot, wall time
 * that moves differently from uptime was changed; across a reboot, the gap between the last
 * reading and the boot is unexplained (electron/core/till/clock-guard.ts). The OS reading lives
 * in base/node/monotonic.ts; the hall's time plugs in as an authority (electron/core/time/).
 */

/** The machine's own clock: which boot, and milliseconds since it (sleep included). */
export interface MonotonicReading {
  bootId: string;
  uptimeMs: number;
}

export interface Clock {
  /** UTC epoch milliseconds (the wall clock). */
  now(): number;
  /**
   * The monotonic reading beside it, when this clock has one of its own (tests move both).
   * Without it the core reads the OS's (base/node/monotonic.ts).
   */
  monotonic?(): MonotonicReading | null;
}

export const systemClock: Clock = { now: () => Date.now() };

/**
 * A clock tests move by hand, with a machine clock beside it: `advance`/`set` forward are time
 * passing (both move), `changeBy` is somebody setting the wall clock (only it moves), `reboot`
 * is the machine restarting (a new boot, uptime from zero).
 */
export class ManualClock implements Clock {
  private boot = 1;
  private uptime = 0;
  constructor(private t: number) {}
  now(): number {
    return this.t;
  }
  monotonic(): MonotonicReading {
    return { bootId: `manual-boot-${this.boot}`, uptimeMs: this.uptime };
  }
  /** Time passes to `t` (setting it earlier is a change of the wall clock only). */
  set(t: number): void {
    if (t > this.t) this.uptime += t - this.t;
    this.t = t;
  }
  /** Time passes (a negative step is a change of the wall clock only). */
  advance(ms: number): void {
    this.set(this.t + ms);
  }
  /** Somebody sets the wall clock by `ms`; the machine's own clock does not move. */
  changeBy(ms: number): void {
    this.t += ms;
  }
  /** The machine is off for `offMs` and starts again: a new boot, uptime from zero. */
  reboot(offMs = 0): void {
    this.t += offMs;
    this.boot++;
    this.uptime = 0;
  }
}

/**
 * Real time shifted to start at a given moment: for demonstrations and end-to-end tests that
 * need "10:00 on a Thursday" (browser mode's --clock-start). Never used by default. Restarting
 * with a later start is, to the till, a change of the wall clock — as it should be.
 */
export function shiftedClock(startAt: number, base: Clock = systemClock): Clock {
  const offset = startAt - base.now();
  return { now: () => base.now() + offset };
}
