/** staff.* and audit.*: sign-in, lock, staff management, the audit viewer. */
import type { SessionInfo } from '../../../base/contract/staff';
import type { CallContext, Handlers } from '../rpc/dispatcher';
import { domainOf, type Services } from '../services';
import type { Session } from '../staff';
import { caller } from './caller';
import { staffErrors } from '../staff/errors';
import { takeOverCounter } from '../wiring/takeover';

type H = Pick<
  Handlers,
  | 'staff.setupNeeded'
  | 'staff.createFirstAdmin'
  | 'staff.signIn'
  | 'staff.takeOver'
  | 'staff.whoami'
  | 'staff.signOut'
  | 'staff.lock'
  | 'staff.unlock'
  | 'staff.list'
  | 'staff.create'
  | 'staff.changeRole'
  | 'staff.resetSecret'
  | 'staff.deactivate'
  | 'audit.query'
  | 'audit.people'
  | 'audit.verify'
>;

export function sessionView(x: Session): SessionInfo {
  return { session: x.sessionId, staffNo: x.staffNo, name: x.name, role: x.role, counterId: x.counterId, signedInAt: x.signedInAt, locked: x.locked };
}


export function staffHandlers(s: Services): H {
  const counterId = () => s.settings.get().hall.counterId;
  const actor = (ctx: CallContext) => {
    const who = caller(ctx);
    return { staffNo: who.staffNo, role: who.role, counterId: who.counterId };
  };
  return {
    'staff.setupNeeded': () => ({ needed: domainOf(s).staff.admin.needsSetup() }),
    'staff.createFirstAdmin': (i) => domainOf(s).staff.admin.createFirstAdmin(i, counterId()),
    'staff.signIn': (i) => {
      const d = domainOf(s);
      const session = sessionView(d.staff.signIn.signIn({ staffNo: i.staffNo, secret: i.secret, counterId: counterId() }));
      // The hall's time at sign-in, without holding the sign-in up (the till reads it again before it opens).
      void d.hall.readTime(3000);
      return session;
    },
    'staff.takeOver': (i) => {
      const d = domainOf(s);
      const session = takeOverCounter({ db: d.db, staff: d.staff, till: d.till() }, { staffNo: i.staffNo, secret: i.secret, reason: i.reason, counterId: counterId() });
      s.bus.emit('till.changed', { counterId: session.counterId });
      return sessionView(session);
    },
    'staff.whoami': (_i, ctx) => {
      const x = domainOf(s).staff.sessions.get(caller(ctx).sessionId);
      if (!x) throw staffErrors.notSignedIn();
      return sessionView(x);
    },
    'staff.signOut': (_i, ctx) => {
      domainOf(s).staff.signIn.signOut(caller(ctx).sessionId);
      return { ok: true as const };
    },
    'staff.lock': (_i, ctx) => sessionView(domainOf(s).staff.signIn.lock(caller(ctx).sessionId)),
    'staff.unlock': (i, ctx) => sessionView(domainOf(s).staff.signIn.unlock(caller(ctx).sessionId, i.staffNo, i.secret)),
    'staff.list': (_i, ctx) => domainOf(s).staff.admin.list(actor(ctx)),
    'staff.create': (i, ctx) => domainOf(s).staff.admin.create(actor(ctx), i),
    'staff.changeRole': (i, ctx) => domainOf(s).staff.admin.changeRole(actor(ctx), i.staffNo, i.role, i.secret),
    'staff.resetSecret': (i, ctx) => domainOf(s).staff.admin.resetSecret(actor(ctx), i.staffNo, i.secret),
    'staff.deactivate': (i, ctx) => domainOf(s).staff.admin.deactivate(actor(ctx), i.staffNo),
    'audit.query': (i) => domainOf(s).audit.query(i),
    // Names only — no secrets, no dates: what the duty manager needs to read the log.
    'audit.people': () => domainOf(s).staff.repo.list().map((m) => ({ staffNo: m.staffNo, name: m.name, role: m.role, active: m.active })),
    'audit.verify': () => {
      const r = domainOf(s).audit.verify();
      return { ok: r.ok, entries: r.entries, firstBadSeq: r.problem?.seq ?? null, reason: r.problem?.code ?? null };
    },
  };
}
