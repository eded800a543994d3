/**
 * Drives a real core through the dispatcher the way the renderer does: typed calls with the
 * session token, errors thrown as BilingualError-like shapes. Shared by integration tests,
 * the journey bench and the day soak.
 */
import type { Core } from '../../electron/core/app';
import type { MethodInput, MethodName, MethodOutput } from '../../base/contract/methods';
import type { ErrorShape } from '../../base/contract/errors';

export class CallFailed extends Error {
  constructor(readonly shape: ErrorShape) {
    super(`${shape.code}: ${shape.message_en}`);
  }
}

export class Caller {
  session: string | undefined;
  constructor(private readonly core: Core) {}

  async call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
    const r = await this.core.dispatch({ method, input, session: this.session }, 'http');
    if (!r.ok) throw new CallFailed(r.error);
    return r.result as MethodOutput<M>;
  }

  async fails<M extends MethodName>(method: M, input: MethodInput<M>): Promise<ErrorShape> {
    const r = await this.core.dispatch({ method, input, session: this.session }, 'http');
    if (r.ok) throw new Error(`${method} was expected to fail`);
    return r.error;
  }

  async signIn(staffNo: string, secret: string): Promise<void> {
    this.session = undefined;
    const s = await this.call('staff.signIn', { staffNo, secret });
    this.session = s.session;
  }
}

export const STAFF = {
  admin: { staffNo: '9001', name: '赵管理', secret: 'admin-pass-1' },
  clerk: { staffNo: '1024', name: '王丽', secret: '2580' },
  manager: { staffNo: '8001', name: '李经理', secret: 'manager-pass-1' },
} as const;

/** First start → administrator, clerk and duty manager exist; returns a caller signed in as the clerk. */
export async function staffUp(core: Core): Promise<Caller> {
  const c = new Caller(core);
  await c.call('staff.createFirstAdmin', { staffNo: STAFF.admin.staffNo, name: STAFF.admin.name, password: STAFF.admin.secret });
  await c.signIn(STAFF.admin.staffNo, STAFF.admin.secret);
  await c.call('staff.create', { staffNo: STAFF.clerk.staffNo, name: STAFF.clerk.name, role: 'clerk', secret: STAFF.clerk.secret });
  await c.call('staff.create', { staffNo: STAFF.manager.staffNo, name: STAFF.manager.name, role: 'duty_manager', secret: STAFF.manager.secret });
  await c.call('staff.signOut', {});
  await c.signIn(STAFF.clerk.staffNo, STAFF.clerk.secret);
  return c;
}

/** Resolves on the next event of that name from the core's bus. */
export function nextEvent(core: Core, name: string): Promise<unknown> {
  return new Promise((resolve) => {
    const off = core.bus.subscribe((e) => {
      if (e.name === name) {
        off();
        resolve(e.payload);
      }
    });
  });
}
