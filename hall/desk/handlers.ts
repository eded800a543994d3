/**
 * The desk's handlers (base/contract/desk.ts), joined to the hall page's dispatcher by
 * hall/page/handlers.ts. The dispatcher has checked the session, the role (duty manager or
 * administrator) and the input; a handler acts as the signed-in person.
 */
import type { DeskMethodName } from '../../base/contract/desk';
import { recordAudit, type HallActor } from '../audit';
import type { HallCallContext, HallHandler } from '../page/dispatcher';
import { pageErrors } from '../page/errors';
import type { HallStore } from '../storage/port';
import { drillSql, journeysBehind } from './drill';
import { toCsv, toXlsx } from './export';
import { deskFigures } from './figures';
import { todayIn } from './onDuty';
import { lunchOf, saveLunch } from './lunch';
import { checkItem, morningOf, saveMeeting } from './morning';
import { commentReport, generateReport, getReport, listReports, submitReport } from './reports';
import { hallTimeZone, scopeOf } from './scope';
import { drawSpotChecks, fileSpotCheck, listSpotChecks, spotPlanFor } from './spot';
import { closeDay, supervision } from './supervision';
import { figuresTable, journeysTable, spotChecksTable, takingsTable, type TableData } from './tables';

function actorOf(ctx: HallCallContext): HallActor {
  if (!ctx.session) throw pageErrors.notSignedIn();
  return { staffNo: ctx.session.staffNo, remote: ctx.remote };
}

export type DeskHandlers = { [M in DeskMethodName]: HallHandler<M> };

export function deskHandlers(store: HallStore): DeskHandlers {
  const today = async () => todayIn(store, await hallTimeZone(store));
  return {
    'desk.figures': async (input) => deskFigures(store, await scopeOf(store, input.period, input.filters)),

    'desk.journeys': async (input) => journeysBehind(store, await scopeOf(store, input.period, input.filters), input.drill, input.offset ?? 0, input.limit ?? 50),

    'desk.export': async (input, ctx) => {
      const scope = await scopeOf(store, input.period, input.filters);
      let table: TableData;
      switch (input.table) {
        case 'journeys': {
          const drill = input.drill ?? { kind: 'all' as const };
          drillSql(scope, drill, []); // refuses a bad drill before any work
          table = await journeysTable(store, scope, drill);
          break;
        }
        case 'spotChecks':
          table = await spotChecksTable(store, scope);
          break;
        case 'takings':
          table = await takingsTable(store, scope);
          break;
        default:
          table = figuresTable(await deskFigures(store, scope), input.table);
      }
      const period = scope.from === scope.to ? scope.from : `${scope.from}_${scope.to}`;
      const filename = `counterdesk-${input.table}-${period}.${input.format}`;
      const body = input.format === 'csv' ? toCsv(table) : await toXlsx(table, { sheet: table.title.zh, subtitle: `${scope.from} – ${scope.to} (${scope.tz})` });
      await recordAudit(store, actorOf(ctx), 'desk.export', filename, {
        table: input.table, format: input.format, from: scope.from, to: scope.to, filters: scope.filters, drill: input.drill ?? null, rows: table.rows.length, bytes: body.length,
      });
      return {
        filename,
        mime: input.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        base64: body.toString('base64'),
        rows: table.rows.length,
      };
    },

    'desk.report.generate': (input, ctx) => generateReport(store, actorOf(ctx), input.kind, input.date),
    'desk.report.get': (input) => getReport(store, input.id),
    'desk.report.list': (input) => listReports(store, input.kind, input.limit ?? 50),
    'desk.report.comment': (input, ctx) => commentReport(store, actorOf(ctx), input.id, input.comments),
    'desk.report.submit': (input, ctx) => submitReport(store, actorOf(ctx), input.id),

    'desk.spot.plan': (input) => spotPlanFor(store, input.date),
    'desk.spot.draw': (_i, ctx) => drawSpotChecks(store, actorOf(ctx)),
    'desk.spot.file': (input, ctx) => fileSpotCheck(store, actorOf(ctx), input),
    'desk.spot.list': (input) => listSpotChecks(store, input),

    'desk.morning.get': async (input) => morningOf(store, input.date ?? (await today())),
    'desk.morning.meeting': (input, ctx) => saveMeeting(store, actorOf(ctx), input),
    'desk.morning.check': (input, ctx) => checkItem(store, actorOf(ctx), input),

    'desk.supervision': async (input) => supervision(store, input.date ?? (await today())),
    'desk.closeDay': (input, ctx) => closeDay(store, actorOf(ctx), input.date),

    'desk.lunch.get': (input) => lunchOf(store, input.date),
    'desk.lunch.save': (input, ctx) => saveLunch(store, actorOf(ctx), input),
  };
}

