/**
 * The hall server as the till's time authority (./trustedTime.ts, docs/architecture.md "Trusted
 * time"): every answer of the hall carries PostgreSQL's clock — each batch and heartbeat
 * acknowledgement of the sync loop, and the signed `GET /v1/time` the counter asks at sign-in,
 * till open and settlement. The answer is kept with this machine's monotonic reading when it
 * arrived (the hall's time plus half the round trip), so the till can carry it forward without
 * trusting the wall clock.
 *
 * Also whether the hall was reachable at the last attempt: a counter enrolled with a hall that
 * does not answer at a count or a settlement needs the duty manager's approval.
 */
import type { Clock, MonotonicReading } from '../../../base/clock';
import type { AuthorityAnswer, AuthorityReach, TimeAuthority } from './trustedTime';

export class HallTime implements TimeAuthority {
  readonly name = 'hall';
  private answer: AuthorityAnswer | null = null;
  private reachable = false;
  private lastHeardMono: MonotonicReading | null = null;

  /** `enrolled`: whether this counter has a hall to reach (read often: must be cheap). */
  constructor(private readonly clock: Clock, private readonly enrolled: () => boolean) {}

  lastAnswer(): AuthorityAnswer | null {
    return this.answer;
  }

  reach(): AuthorityReach {
    return { required: this.enrolled(), reachable: this.enrolled() && this.reachable };
  }

  /** This machine's monotonic clock now (taken when a request leaves, to halve its round trip). */
  mark(): MonotonicReading | null {
    return this.clock.monotonic?.() ?? null;
  }

  /** The hall answered with its time; `sent` is the monotonic reading taken when the request left. */
  heard(hallTimeMs: number, sent: MonotonicReading | null): void {
    this.reachable = true;
    const got = this.mark();
    if (!got) return; // without a monotonic clock an answer cannot be carried forward
    const rtt = sent && sent.bootId === got.bootId ? Math.max(0, got.uptimeMs - sent.uptimeMs) : 0;
    this.answer = { authorityMs: hallTimeMs + Math.round(rtt / 2), mono: got };
    this.lastHeardMono = got;
  }

  /** An attempt to reach the hall failed: the last answer still carries the time, but the hall is away. */
  unreachable(): void {
    this.reachable = false;
  }

  /** The counter left its hall (forgotten, or enrolled elsewhere): nothing it said counts any more. */
  forget(): void {
    this.answer = null;
    this.reachable = false;
    this.lastHeardMono = null;
  }

  /** Milliseconds since the hall last answered (by the monotonic clock), or null. */
  sinceHeardMs(): number | null {
    const now = this.mark();
    if (!now || !this.lastHeardMono || now.bootId !== this.lastHeardMono.bootId) return null;
    return Math.max(0, now.uptimeMs - this.lastHeardMono.uptimeMs);
  }
}
