/**
 * Staff in one piece for the app to wire: sign-in, sessions, approvals, staff management
 * and the dispatcher's authorizer, all sharing one lockout and one audit log.
 */
import type { AuditLog } from '../audit/auditLog';
import type { Clock } from '../../../base/clock';
import type { Db } from '../storage/db';
import { Approvals } from './approvals';
import { Credentials } from './credentials';
import { DEFAULT_LOCKOUT, type LockoutPolicy } from '../../../base/lockoutPolicy';
import { APPROVAL_SCOPE, Lockout } from './lockout';
import { DEFAULT_SCRYPT, type ScryptParams } from '../../../base/node/secretHash';
import { SessionStore } from './sessions';
import { SignInService, type JourneyPort } from './signIn';
import { StaffAdmin } from './staffAdmin';
import { StaffRepo } from './staffRepo';
import { HallAccounts } from './hallAccounts';

export interface StaffDeps {
  db: Db;
  clock: Clock;
  audit: AuditLog;
  journeys: JourneyPort;
  /** From settings security.idleLockMinutes; read at each call so a change applies at once. */
  idleLockMs?: () => number;
  /** Tests lower these to keep hashing fast; production keeps the defaults. */
  scrypt?: ScryptParams;
  lockout?: LockoutPolicy;
}

export function createStaffModule(deps: StaffDeps) {
  const repo = new StaffRepo(deps.db);
  const lockout = new Lockout(deps.db, deps.clock, deps.lockout ?? DEFAULT_LOCKOUT);
  const approvalThrottle = new Lockout(deps.db, deps.clock, deps.lockout ?? DEFAULT_LOCKOUT, APPROVAL_SCOPE);
  const credentials = new Credentials(repo, lockout, deps.clock, deps.scrypt ?? DEFAULT_SCRYPT, approvalThrottle);
  const sessions = new SessionStore();
  const signIn = new SignInService(credentials, sessions, deps.audit, deps.clock, deps.journeys, deps.idleLockMs);
  const admin = new StaffAdmin(deps.db, repo, credentials, sessions, deps.audit, deps.clock);
  const approvals = new Approvals(credentials, deps.audit);
  const hallAccounts = new HallAccounts(deps.db, repo, credentials, sessions, deps.audit, deps.clock);
  return { repo, lockout, credentials, sessions, signIn, admin, approvals, hallAccounts, authorize: signIn.authorize };
}

export type StaffModule = ReturnType<typeof createStaffModule>;

export { checkRole, canChangeSettings, type Actor } from './roles';
export type { Session } from './sessions';
export type { Approver, ApproverVerifier, ApprovalRequest, ApprovalPurpose, ApprovalCredentials } from './approvals';
export type { JourneyPort, SignInInput } from './signIn';
export type { ScryptParams } from '../../../base/node/secretHash';
export type { LockoutPolicy } from '../../../base/lockoutPolicy';
