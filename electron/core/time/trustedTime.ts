/**
 * The time the till trusts (docs/architecture.md, "Trusted time").
 *
 * Without the network the till trusts the wall clock only as far as the machine's monotonic
 * clock vouches for it: the clock guard (../till/clock-guard.ts) compares the two at every
 * reading, and every change is counted. When a time authority has answered — the hall server,
 * which reads PostgreSQL now() at sign-in, till open, sync and settlement — the till's time is
 * the authority's last answer carried forward by the monotonic clock, so neither the wall clock
 * nor its changes matter any more, and the wall clock's skew against the authority is what the
 * guard judges (beyond AUTHORITY_SKEW_LIMIT_MS the duty manager must approve the clock).
 *
 * The hall client implements `TimeAuthority` (./hallTime.ts, fed by every answer of the hall
 * server); domain.ts hands it to the till. A counter not enrolled with a hall has no authority
 * to reach and runs on the checked local clock. An enrolled one that cannot reach its hall at a
 * count or settlement needs the duty manager's approval (../till/early-close.ts).
 */
import type { Clock, MonotonicReading } from '../../../base/clock';

/** The wall clock beside the machine's monotonic clock, read together. */
export interface ClockReading {
  wallMs: number;
  mono: MonotonicReading | null;
}

/** One answer of the authority, with this machine's clocks read when it arrived (half the round trip in). */
export interface AuthorityAnswer {
  authorityMs: number;
  mono: MonotonicReading;
}

/** A source of time the counter does not control (the hall server). */
export interface TimeAuthority {
  /** Shown on screens and in the audit log: "hall". */
  readonly name: string;
  /** The last answer, or null when it never answered. Must not block: the till calls it inside transactions. */
  lastAnswer(): AuthorityAnswer | null;
  /**
   * Whether the till must reach the authority to settle (the counter is enrolled with a hall) and
   * whether the last attempt to reach it succeeded. Absent: nothing to reach. Must not block.
   */
  reach?(): AuthorityReach;
}

export interface AuthorityReach {
  required: boolean;
  reachable: boolean;
}

export interface AuthorityView {
  name: string;
  /** The authority's time now: its answer carried forward by the monotonic clock. */
  nowMs: number;
  /** Local wall clock minus the authority's time (+ = the PC is ahead). */
  skewMs: number;
  /** How old the answer is, by the monotonic clock. */
  ageMs: number;
}

/** Beyond this skew against the authority the duty manager approves the clock (the default of `till.maxClockSkewMinutes`). */
export const AUTHORITY_SKEW_LIMIT_MS = 2 * 60_000;
/** An answer older than this (by the monotonic clock) no longer counts: the hall has been away too long. */
export const AUTHORITY_MAX_AGE_MS = 12 * 3_600_000;

export interface TrustedTime extends Clock {
  reading(): ClockReading;
  /** The authority's view now, or null without a usable answer (none, another boot, too old). */
  authority(): AuthorityView | null;
  /** Whether the till must reach the authority, and whether it did at the last attempt. */
  reach(): AuthorityReach;
}

export function trustedTime(clock: Clock, authority: TimeAuthority | null = null, maxAgeMs = AUTHORITY_MAX_AGE_MS): TrustedTime {
  const reading = (): ClockReading => ({ wallMs: clock.now(), mono: clock.monotonic?.() ?? null });
  const view = (r: ClockReading): AuthorityView | null => {
    const a = authority?.lastAnswer();
    if (!a || !r.mono || a.mono.bootId !== r.mono.bootId) return null;
    const ageMs = r.mono.uptimeMs - a.mono.uptimeMs;
    if (ageMs < 0 || ageMs > maxAgeMs) return null;
    const nowMs = a.authorityMs + ageMs;
    return { name: authority!.name, nowMs, skewMs: r.wallMs - nowMs, ageMs };
  };
  return {
    reading,
    authority: () => view(reading()),
    now: () => {
      const r = reading();
      return view(r)?.nowMs ?? r.wallMs;
    },
    monotonic: () => clock.monotonic?.() ?? null,
    reach: () => authority?.reach?.() ?? { required: false, reachable: false },
  };
}
