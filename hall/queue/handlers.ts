/**
 * The hall page's queue methods (base/contract/queue.ts queueMethods, joined into the page's
 * contract): the guide's page (the catalog's groups and documents, issuing and printing a ticket,
 * turned-away visits, self-service referrals) and the duty manager's (waiting and alerts, the
 * counters' groups, the settings, the day's figures). The dispatcher has checked session and role.
 */
import { BilingualError, isErrorShape, type ErrorShape } from '../../base/contract/errors';
import type { HallMethodInput, HallMethodOutput } from '../../base/contract/hallPage';
import { recordAudit } from '../audit';
import type { HallCallContext } from '../page/dispatcher';
import { pageErrors } from '../page/errors';
import type { HallStore } from '../storage/port';
import { hallTimeZone, queueNow } from './clock';
import { queueFigures } from './figures';
import { queueCatalog } from './groups';
import { saveQueueSettings } from './settings';
import { noTicketPrinter, type TicketPrinter } from './ticketPrinter';
import { issueTicket } from './tickets';
import { recordVisit } from './visits';
import { queueOverview, waitingByGroup } from './views';

/** Printed on tickets when the hall was started without --hall-name. */
export const DEFAULT_HALL_NAME = '营业厅 Business hall';

export interface QueueDeps {
  store: HallStore;
  /** null: the hall has no ticket printer configured (the guide reads the number out). */
  ticketPrinter: TicketPrinter | null;
  /** Printed at the top of every ticket. */
  hallName: string;
}

type Q = 'queue.guide' | 'queue.issue' | 'queue.turnAway' | 'queue.selfService' | 'queue.overview' | 'queue.figures' | 'queue.setCounterGroups' | 'queue.saveSettings';
type Handlers = { [M in Q]: (input: HallMethodInput<M>, ctx: HallCallContext) => Promise<HallMethodOutput<M>> };

function by(ctx: HallCallContext): string {
  if (!ctx.session) throw pageErrors.notSignedIn();
  return ctx.session.staffNo;
}

function shapeOf(e: unknown): ErrorShape {
  if (e instanceof BilingualError) return e.toShape();
  if (isErrorShape(e)) return e;
  return new BilingualError('QUEUE_NO_PRINTER', '号票打印失败', 'The ticket did not print', { reason: e instanceof Error ? e.message : String(e) }).toShape();
}

export function queueHandlers(d: QueueDeps): Handlers {
  const { store } = d;
  return {
    'queue.guide': async () => {
      const cat = await queueCatalog(store);
      const { now, day } = await queueNow(store);
      const waiting = new Map((await waitingByGroup(store, day, now)).map((g) => [g.group, g.waiting]));
      return {
        hallTime: now,
        groups: cat.groups.map((g) => ({
          code: g.code, nameZh: g.name_zh, nameEn: g.name_en, prefix: g.prefix, waiting: waiting.get(g.code) ?? 0,
          businesses: cat.businesses.filter((b) => b.group === g.code).map((b) => ({ code: b.code, nameZh: b.nameZh, nameEn: b.nameEn, documents: b.documents, selfService: b.selfService })),
        })),
      };
    },

    'queue.issue': async (input, ctx) => {
      const { ticket, ahead } = await issueTicket(store, { business: input.business, priority: input.priority, by: by(ctx) });
      if (!d.ticketPrinter) return { ticket, ahead, printed: false, printError: noTicketPrinter() };
      const group = (await queueCatalog(store)).group(ticket.group);
      try {
        await d.ticketPrinter.print({
          hallName: d.hallName, label: ticket.label, businessZh: ticket.businessZh, businessEn: ticket.businessEn, groupZh: group?.name_zh ?? ticket.group,
          ahead, priority: ticket.priority, issuedAt: ticket.issuedAt, timeZone: await hallTimeZone(store),
        });
        return { ticket, ahead, printed: true, printError: null };
      } catch (e) {
        const s = shapeOf(e);
        return { ticket, ahead, printed: false, printError: { code: s.code, message_zh: s.message_zh, message_en: s.message_en } };
      }
    },

    'queue.turnAway': async (input, ctx) => recordVisit(store, { kind: 'turned_away', business: input.business, reason: input.reason, note: input.note ?? null, by: by(ctx) }),
    'queue.selfService': async (input, ctx) => recordVisit(store, { kind: 'self_service', business: input.business, reason: null, note: null, by: by(ctx) }),
    'queue.overview': () => queueOverview(store),
    'queue.figures': (input) => queueFigures(store, input.day),

    'queue.setCounterGroups': async (input, ctx) => {
      const cat = await queueCatalog(store);
      const unknown = input.groups.filter((g) => !cat.group(g));
      if (unknown.length) throw new BilingualError('QUEUE_UNKNOWN_GROUP', `没有这个排队组：${unknown.join('、')}`, `No such queue group: ${unknown.join(', ')}`, { groups: unknown });
      const groups = [...new Set(input.groups)];
      await store.tx(async (q) => {
        const { now } = await queueNow(q);
        await q.query(
          `INSERT INTO queue_counter (counter, groups, at, by_staff) VALUES ($1, $2, $3, $4)
           ON CONFLICT (counter) DO UPDATE SET groups = excluded.groups, at = excluded.at, by_staff = excluded.by_staff`,
          [input.counter, groups, now, by(ctx)],
        );
        await recordAudit(q, { staffNo: by(ctx), remote: ctx.remote }, 'queue.counter_groups', String(input.counter), { groups });
      });
      return { counter: input.counter, groups };
    },

    'queue.saveSettings': async (input, ctx) => saveQueueSettings(store, { staffNo: by(ctx), remote: ctx.remote }, input),
  };
}
