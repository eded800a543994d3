/** Waiting on a counter's hall link in tests: its status as pushed by `hall.changed`. */
import type { HallStatus } from '../../base/contract/hall';
import type { Core } from '../../electron/core/app';

/** Resolves with the first hall status (now or pushed by `hall.changed`) that passes. */
export function untilHallStatus(core: Core, pred: (s: HallStatus) => boolean, what: string, timeoutMs = 30_000): Promise<HallStatus> {
  const hall = core.services.domain!.hall;
  return new Promise((resolve, reject) => {
    let last = hall.status();
    const done = (s: HallStatus) => {
      clearTimeout(timer);
      off();
      resolve(s);
    };
    const off = core.bus.subscribe((e) => {
      if (e.name !== 'hall.changed') return;
      last = e.payload;
      if (pred(e.payload)) done(e.payload);
    });
    const timer = setTimeout(() => {
      off();
      reject(new Error(`${what}: not within ${timeoutMs} ms; last status ${JSON.stringify(last)}`));
    }, timeoutMs);
    if (pred(last)) done(last);
    else hall.syncNow();
  });
}
