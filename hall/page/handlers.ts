/**
 * One handler per hall page method (base/contract/hallPage.ts), mapping a call to the hall's
 * modules: sessions, counters, the board and backlog, the witness, staff accounts, the
 * configuration documents and the audit table. The dispatcher has already checked the session,
 * the role and the input; a handler acts as the signed-in person (their staff number is the
 * actor of every change).
 */
import { timingSafeEqual } from 'node:crypto';
import { DEFAULT_CALENDAR } from '../../base/calendar';
import { addCounter, revokeCounter } from '../admin/counters';
import { deskHandlers } from '../desk/handlers';
import { ADMIN_TOKEN_ACTOR, listAudit, recordAudit, type HallActor } from '../audit';
import { bundledCatalog, checkCatalog, currentCalendar, currentCatalog, currentTill, defaultTillSettings, saveCalendar, saveCatalog, saveTill } from '../config/documents';
import type { HallStaff } from '../config/staff';
import { currentVersions, history } from '../config/versions';
import type { HallStore } from '../storage/port';
import type { HallIdentity } from '../tls/identity';
import { queueHandlers, type QueueDeps } from '../queue/handlers';
import { hallNow } from '../time';
import type { HallCallContext, HallHandlers } from './dispatcher';
import { pageErrors } from './errors';
import type { HallSessions } from './sessions';
import { backlog, boardRows, findings } from './views';

export interface HallPageDeps {
  store: HallStore;
  identity: HallIdentity;
  staff: HallStaff;
  sessions: HallSessions;
  adminToken: string;
  queue: Omit<QueueDeps, 'store'>;
}

function actorOf(ctx: HallCallContext): HallActor {
  if (!ctx.session) throw pageErrors.notSignedIn();
  return { staffNo: ctx.session.staffNo, remote: ctx.remote };
}

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function hallPageHandlers(d: HallPageDeps): HallHandlers {
  const { store, staff, sessions } = d;
  return {
    'hall.info': async () => ({
      hallId: d.identity.hallId,
      fingerprint: d.identity.fingerprint,
      hallTime: await hallNow(store),
      setupNeeded: await staff.setupNeeded(),
      storage: store.kind,
      schemaVersion: (await store.query<{ version: number }>('SELECT version FROM hall_schema WHERE id = 1')).rows[0]?.version ?? 0,
    }),

    'session.setup': async (input, ctx) => {
      if (!(await staff.setupNeeded())) throw pageErrors.setupDone();
      if (!sameToken(input.setupToken, d.adminToken)) {
        await recordAudit(store, { staffNo: null, remote: ctx.remote }, 'session.signin_refused', null, { code: 'HALL_SETUP_TOKEN' });
        throw pageErrors.setupToken();
      }
      const admin = await staff.create({ staffNo: ADMIN_TOKEN_ACTOR, remote: ctx.remote }, { staffNo: input.staffNo, name: input.name, role: 'admin', secret: input.password }, { onlyFirstAdmin: true });
      const { token, session } = await sessions.open(admin.staffNo, ctx.remote, 'session.setup');
      ctx.setSessionToken(token);
      return sessions.view(session);
    },

    'session.signIn': async (input, ctx) => {
      const { token, session } = await sessions.signIn(input.staffNo, input.secret, ctx.remote);
      ctx.setSessionToken(token);
      return sessions.view(session);
    },

    'session.whoami': (_i, ctx) => {
      if (!ctx.session) throw pageErrors.notSignedIn();
      return sessions.view(ctx.session);
    },

    'session.lock': async (_i, ctx) => sessions.view(await sessions.lock(ctx.session!, 'manual')),

    'session.unlock': async (input, ctx) => {
      if (!ctx.session) throw pageErrors.notSignedIn();
      if (!ctx.session.locked) return sessions.view(ctx.session);
      return sessions.view(await sessions.unlock(ctx.session, input.secret, ctx.remote));
    },

    'session.signOut': async (_i, ctx) => {
      if (ctx.session) await sessions.signOut(ctx.session, ctx.remote);
      ctx.setSessionToken(null);
      return { ok: true as const };
    },

    'counters.board': async () => ({ hallTime: await hallNow(store), config: await currentVersions(store), counters: await boardRows(store) }),

    'counters.register': async (input, ctx) => ({ ...(await addCounter(store, input, actorOf(ctx))), fingerprint: d.identity.fingerprint }),

    'counters.revoke': async (input, ctx) => {
      await revokeCounter(store, input.number, actorOf(ctx));
      return (await boardRows(store, input.number))[0]!;
    },

    'sync.backlog': async () => backlog(store, await hallNow(store)),

    'witness.findings': async (input) => ({ findings: await findings(store, { ...(input.counter !== undefined ? { counter: input.counter } : {}), limit: input.limit ?? 200 }) }),

    'staff.list': () => staff.list(),
    'staff.create': (input, ctx) => staff.create(actorOf(ctx), input),
    'staff.resetSecret': (input, ctx) => staff.resetSecret(actorOf(ctx), input),
    'staff.setLocked': (input, ctx) => staff.setLocked(actorOf(ctx), input),
    'staff.changeRole': (input, ctx) => staff.changeRole(actorOf(ctx), { staffNo: input.staffNo, role: input.role, ...(input.secret !== undefined ? { secret: input.secret } : {}) }),
    'staff.deactivate': (input, ctx) => staff.deactivate(actorOf(ctx), input),

    'config.status': async () => ({ versions: await currentVersions(store) }),
    'config.history': (input) => history(store, input.kind, input.limit ?? 50),

    'catalog.get': async () => ({ current: await currentCatalog(store), bundled: bundledCatalog() }),
    'catalog.check': (input) => ({ businesses: checkCatalog(input.yaml).businesses.length }),
    'catalog.save': (input, ctx) => saveCatalog(store, actorOf(ctx), input),

    'calendar.get': async () => ({ current: await currentCalendar(store), standard: DEFAULT_CALENDAR }),
    'calendar.save': (input, ctx) => saveCalendar(store, actorOf(ctx), input),

    'till.get': async () => ({ current: await currentTill(store), standard: defaultTillSettings() }),
    'till.save': (input, ctx) => saveTill(store, actorOf(ctx), input),

    ...queueHandlers({ store, ...d.queue }),

    'audit.list': (input) => listAudit(store, { ...(input.beforeId !== undefined ? { beforeId: input.beforeId } : {}), limit: input.limit ?? 50 }),

    ...deskHandlers(store),
  };
}
