/** One reading of the till's clock for a counter, judged by the clock guard (call inside the operation's transaction). */
import { observeClockInTx, type ClockObservation } from './clock-guard';
import type { TillDeps } from './deps';

export function observe(deps: Pick<TillDeps, 'db' | 'clock' | 'settings'>, counterId: string): ClockObservation {
  const reading = deps.clock.reading();
  const authority = deps.clock.authority();
  return observeClockInTx(deps.db, {
    counterId,
    nowMs: authority?.nowMs ?? reading.wallMs,
    reading,
    authority,
    maxJumpMs: deps.settings.maxClockJumpMinutes * 60_000,
    maxSkewMs: deps.settings.maxClockSkewMinutes * 60_000,
  });
}
