/** The signed-in caller of a method, for handlers of methods that need one (also public ones such as unlock). */
import type { CallContext, CallerSession } from '../rpc/dispatcher';
import { staffErrors } from '../staff/errors';

export function caller(ctx: CallContext): CallerSession {
  if (!ctx.session) throw staffErrors.notSignedIn();
  return ctx.session;
}
