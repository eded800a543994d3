/**
 * Time comes through this port so tests can move it and so settlement rules
 * (early closing, clock rollback) can be checked against an injected clock.
 */
export interface Clock {
  /** UTC epoch milliseconds. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock tests move by hand. */
export class ManualClock implements Clock {
  constructor(private t: number) {}
  now(): number {
    return this.t;
  }
  set(t: number): void {
    this.t = t;
  }
  advance(ms: number): void {
    this.t += ms;
  }
}

/**
 * Real time shifted to start at a given moment: for demonstrations and end-to-end tests that
 * need "10:00 on a Thursday" (browser mode's --clock-start). Never used by default.
 */
export function shiftedClock(startAt: number, base: Clock = systemClock): Clock {
  const offset = startAt - base.now();
  return { now: () => base.now() + offset };
}
