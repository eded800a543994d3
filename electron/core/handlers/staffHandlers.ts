/** staff.* and audit.*: sign-in, lock, staff management, the audit viewer. */
import { BilingualError } from '../../contract/errors';
import type { SessionInfo } from '../../contract/staff';
import type { Handlers } from '../rpc/dispatcher';
import { domainOf, type Services } from '../services';
import type { Session } from '../staff';

type H = Pick<
  Handlers,
  | 'staff.setupNeeded'
  | 'staff.createFirstAdmin'
  | 'staff.signIn'
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
  | 'audit.verify'
>;

export function sessionView(x: Session): SessionInfo {
  return { session: x.sessionId, staffNo: x.staffNo, name: x.name, role: x.role, counterId: x.counterId, signedInAt: x.signedInAt, locked: x.locked };
}

const notSignedIn = () => new BilingualError('NOT_SIGNED_IN', '请先登录', 'Please sign in first');

export function staffHandlers(s: Services): H {
  const counterId = () => s.settings.get().hall.counterId;
  const actor = (ctx: { session: { staffNo: string; role: Session['role']; counterId: string } | null }) => {
    if (!ctx.session) throw notSignedIn();
    return { staffNo: ctx.session.staffNo, role: ctx.session.role, counterId: ctx.session.counterId };
  };
  return {
    'staff.setupNeeded': () => ({ needed: domainOf(s).staff.admin.needsSetup() }),
    'staff.createFirstAdmin': (i) => domainOf(s).staff.admin.createFirstAdmin(i, counterId()),
    'staff.signIn': (i) => sessionView(domainOf(s).staff.signIn.signIn({ staffNo: i.staffNo, secret: i.secret, counterId: counterId() })),
    'staff.whoami': (_i, ctx) => {
      if (!ctx.session) throw notSignedIn();
      const x = domainOf(s).staff.sessions.get(ctx.session.sessionId);
      if (!x) throw notSignedIn();
      return sessionView(x);
    },
    'staff.signOut': (_i, ctx) => {
      if (!ctx.session) throw notSignedIn();
      domainOf(s).staff.signIn.signOut(ctx.session.sessionId);
      return { ok: true as const };
    },
    'staff.lock': (_i, ctx) => {
      if (!ctx.session) throw notSignedIn();
      return sessionView(domainOf(s).staff.signIn.lock(ctx.session.sessionId));
    },
    'staff.unlock': (i, ctx) => {
      if (!ctx.session) throw notSignedIn();
      return sessionView(domainOf(s).staff.signIn.unlock(ctx.session.sessionId, i.staffNo, i.secret));
    },
    'staff.list': (_i, ctx) => domainOf(s).staff.admin.list(actor(ctx)),
    'staff.create': (i, ctx) => domainOf(s).staff.admin.create(actor(ctx), i),
    'staff.changeRole': (i, ctx) => domainOf(s).staff.admin.changeRole(actor(ctx), i.staffNo, i.role, i.secret),
    'staff.resetSecret': (i, ctx) => domainOf(s).staff.admin.resetSecret(actor(ctx), i.staffNo, i.secret),
    'staff.deactivate': (i, ctx) => domainOf(s).staff.admin.deactivate(actor(ctx), i.staffNo),
    'audit.query': (i) => domainOf(s).audit.query(i),
    'audit.verify': () => {
      const r = domainOf(s).audit.verify();
      return { ok: r.ok, entries: r.entries, firstBadSeq: r.firstBad?.seq ?? null, reason: r.firstBad?.reason ?? null };
    },
  };
}
