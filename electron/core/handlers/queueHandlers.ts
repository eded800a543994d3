/** queue.*: the greet step's queue keys (call next, recall, no-show, transfer) — queue/counterQueue.ts. */
import type { Handlers } from '../rpc/dispatcher';
import { domainOf, type Services } from '../services';
import { caller } from './caller';

type H = Pick<Handlers, 'queue.status' | 'queue.callNext' | 'queue.recall' | 'queue.noShow' | 'queue.transfer'>;

export function queueHandlers(s: Services): H {
  const changed = (counterId: string) => s.bus.emit('journey.changed', { counterId });
  const after = async <T>(ctx: Parameters<H['queue.status']>[1], p: Promise<T>): Promise<T> => {
    const v = await p;
    changed(caller(ctx).counterId);
    return v;
  };
  return {
    'queue.status': () => domainOf(s).tickets.status(),
    'queue.callNext': (_i, ctx) => after(ctx, domainOf(s).tickets.callNext()),
    'queue.recall': (i, ctx) => after(ctx, domainOf(s).tickets.recall(i.ticketId)),
    'queue.noShow': (i, ctx) => after(ctx, domainOf(s).tickets.noShow(i.ticketId)),
    'queue.transfer': (i, ctx) => after(ctx, domainOf(s).tickets.transfer(i.ticketId, i.to)),
  };
}
