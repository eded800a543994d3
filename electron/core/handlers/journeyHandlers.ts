/** journey.*, catalog.get and shift.*: the counter screen's methods. */
import { BilingualError } from '../../../base/contract/errors';
import type { JourneyView } from '../../../base/contract/journey';
import type { Domain } from '../domain';
import type { Handlers } from '../rpc/dispatcher';
import { domainOf, type Services } from '../services';
import { recordPiiView } from '../privacy';
import { caller } from './caller';

type H = Pick<Handlers, 'journey.current' | 'journey.begin' | 'journey.act' | 'journey.pendingCard' | 'catalog.get' | 'shift.run' | 'shift.status'>;


/** The hall's ticket the journey started from, with its times. */
function withTicket(d: Domain, v: JourneyView): JourneyView {
  return { ...v, queue: d.tickets.forJourney(v.journeyId) };
}

export function journeyHandlers(s: Services): H {
  const changed = (counterId: string, v?: { journeyId: string; version: number }) =>
    s.bus.emit('journey.changed', v ? { counterId, journeyId: v.journeyId, version: v.version } : { counterId });
  return {
    'journey.current': (_i, ctx) => {
      const d = domainOf(s);
      const open = d.journeys.openJourneys(caller(ctx).counterId)[0];
      return { journey: open ? withTicket(d, open) : null };
    },
    'journey.begin': (_i, ctx) => {
      const d = domainOf(s);
      const who = caller(ctx);
      // A customer's money goes into the open till: only its clerk (or the duty manager who took the counter over) serves here.
      const till = d.till().openSessionAt(who.counterId);
      if (till) d.till().requireMayAct(till.id, who.staffNo);
      // A card lying on the reader from before belongs to nobody in this journey.
      d.pendingCard.clear();
      const v = d.journeys.begin({ counterId: who.counterId, clerkId: who.staffNo, sessionId: who.sessionId });
      changed(who.counterId, v);
      return v;
    },
    'journey.act': async (i, ctx) => {
      const d = domainOf(s);
      const who = caller(ctx);
      const open = d.journeys.openJourneys(who.counterId)[0];
      if (!open || open.journeyId !== i.journeyId) {
        throw new BilingualError('JOURNEY_NOT_OPEN', '该客户服务已结束或不属于本台席 — 请刷新', 'That journey is closed or belongs to another counter — refresh the screen');
      }
      let view;
      if (i.command.type === 'verifyCard') {
        const held = d.pendingCard.get();
        if (!held) {
          throw new BilingualError('NO_CARD', '读卡器上没有读到证件 — 请把证件放在读卡器上', 'No card has been read — place the ID card on the reader');
        }
        view = await d.journeys.dispatch(i.journeyId, { type: 'verifyCard', card: held.card, faceConfirmed: i.command.faceConfirmed });
        d.pendingCard.clear();
      } else if (i.command.type === 'greet' && i.command.queueTicketId !== undefined) {
        // The ticket called from the hall: its number is the journey's ticket, its times go with it.
        const ticket = d.tickets.checkGreet(i.command.queueTicketId);
        view = await d.journeys.dispatch(i.journeyId, { type: 'greet', ticket: ticket.label });
        d.tickets.served(ticket.ticketId, i.journeyId);
      } else {
        view = await d.journeys.dispatch(i.journeyId, i.command);
      }
      d.tickets.journeyMayHaveEnded(i.journeyId);
      view = withTicket(d, view);
      changed(who.counterId, view);
      // Money moved through the till (payment, refund): screens showing the till refresh.
      if (i.command.type === 'payCash' || i.command.type === 'payNonCash' || i.command.type === 'payOut' || i.command.type === 'cancel' || i.command.type === 'retryRefund') {
        s.bus.emit('till.changed', { counterId: who.counterId });
      }
      return view;
    },
    'journey.pendingCard': (_i, ctx) => {
      const d = domainOf(s);
      const who = caller(ctx);
      const open = d.journeys.openJourneys(who.counterId)[0];
      // The full card is shown only at the verify step of an open journey.
      if (!open || open.step !== 'verify') return { card: null };
      const card = d.pendingCard.view();
      if (card) recordPiiView(d.audit, { actor: who.staffNo, counterId: who.counterId, fields: ['name', 'id_number', 'birth_date'], purpose: 'journey.verify', ref: open.journeyId });
      return { card };
    },
    'catalog.get': () => {
      const d = domainOf(s);
      return { businesses: d.catalog.current().businesses, error: d.catalogError?.toShape() ?? null };
    },
    'shift.run': async (_i, ctx) => {
      const d = domainOf(s);
      const who = caller(ctx);
      const r = await d.runShiftCheck(who);
      changed(who.counterId);
      return r;
    },
    'shift.status': (_i, ctx) => {
      const d = domainOf(s);
      const who = caller(ctx);
      return d.shiftStatus(who);
    },
  };
}
