/**
 * The role policy the dispatcher applies to every method: the renderer is never trusted to
 * hide a button, core refuses the call itself.
 */
import { ADMIN_ROLES, MANAGER_ROLES, COUNTER_ROLES, type Access, type Role } from '../../../base/contract/roles';
import { staffErrors } from './errors';

/** The part of a session the policy looks at. */
export interface RoleSubject {
  role: Role;
  locked?: boolean;
}

/**
 * 'public' lets anyone through (even a locked screen: unlock and sign-in are public);
 * 'signed-in' needs an unlocked session of any role; a list needs one of those roles.
 * Returns the session (null only for 'public' without one); throws NOT_SIGNED_IN,
 * SESSION_LOCKED or FORBIDDEN_ROLE.
 */
export function checkRole<S extends RoleSubject>(session: S | null | undefined, allowed: Access): S | null {
  if (allowed === 'public') return session ?? null;
  if (!session) throw staffErrors.notSignedIn();
  if (session.locked) throw staffErrors.sessionLocked();
  // An unknown role string (a corrupted row), or a role that works on the hall page only (the
  // floating guide), never passes at a counter, whatever the list says.
  if (!(COUNTER_ROLES as readonly string[]).includes(session.role)) throw staffErrors.forbiddenRole(session.role, allowed === 'signed-in' ? COUNTER_ROLES : allowed);
  if (allowed === 'signed-in') return session;
  if (!allowed.includes(session.role)) {
    throw staffErrors.forbiddenRole(session.role, allowed);
  }
  return session;
}

/** Who is acting: a Session, or the dispatcher's CallerSession (same fields, maybe no lock flag). */
export interface Actor extends RoleSubject {
  staffNo: string;
  counterId: string;
}

export const SETTINGS_ROLES: readonly Role[] = MANAGER_ROLES;
export const STAFF_ADMIN_ROLES: readonly Role[] = ADMIN_ROLES;
export const APPROVER_ROLES: readonly Role[] = MANAGER_ROLES;

export function canChangeSettings(role: Role): boolean {
  return SETTINGS_ROLES.includes(role);
}
