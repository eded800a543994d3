/**
 * Audit entry kinds: `area.event`. The duty manager's viewer filters by prefix ("signin",
 * "till"), so keep one area word first. Other modules may add their own (`till.settle_early`)
 * as long as they fit KIND_PATTERN.
 */
export const AUDIT_KINDS = {
  signinOk: 'signin.ok',
  signinFail: 'signin.fail',
  signout: 'signout',
  signoutRefused: 'signout.refused',
  sessionLock: 'session.lock',
  sessionUnlock: 'session.unlock',
  sessionUnlockFail: 'session.unlock_fail',
  sessionEnded: 'session.ended',
  takeover: 'counter.takeover',
  takeoverFail: 'counter.takeover_fail',
  refused: 'rpc.refused',
  approvalGrant: 'approval.grant',
  approvalRefuse: 'approval.refuse',
  staffSetup: 'staff.setup',
  staffCreate: 'staff.create',
  staffRole: 'staff.role',
  staffSecretReset: 'staff.secret_reset',
  staffSecretChange: 'staff.secret_change',
  staffDeactivate: 'staff.deactivate',
  settingsChange: 'settings.change',
  printReprint: 'print.reprint',
  dataExport: 'data.export',
  piiView: 'pii.view',
  retentionPurge: 'retention.purge',
} as const;

/** `signout`, `signin.ok`, `till.settle_early`: lower-case words joined by dots. */
export const KIND_PATTERN = /^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$/;
export const MAX_KIND_LENGTH = 64;
