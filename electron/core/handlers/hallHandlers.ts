/** hall.*: the device page's hall section and the status bar's sync state. */
import type { Handlers } from '../rpc/dispatcher';
import { domainOf, type Services } from '../services';
import { caller } from './caller';

type H = Pick<Handlers, 'hall.status' | 'hall.enrol' | 'hall.forget' | 'hall.syncNow'>;

export function hallHandlers(s: Services): H {
  return {
    'hall.status': () => domainOf(s).hall.status(),
    'hall.enrol': (i, ctx) =>
      domainOf(s).hall.enrol(
        { hallUrl: i.hallUrl, counter: i.counter, code: i.code, ...(i.expectFingerprint ? { expectFingerprint: i.expectFingerprint } : {}) },
        caller(ctx).staffNo,
      ),
    'hall.forget': (_i, ctx) => domainOf(s).hall.forget(caller(ctx).staffNo),
    'hall.syncNow': () => {
      const hall = domainOf(s).hall;
      hall.syncNow();
      return hall.status();
    },
  };
}
