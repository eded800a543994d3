/** Staff, sign-in, screen lock, approvals and the audit viewer: schemas shared by core and UI. */
import { z } from 'zod';
import { freeText } from './freeText';
import { ROLES } from './roles';

export const role = z.enum(ROLES);
export const staffNo = z.string().trim().regex(/^[0-9A-Za-z]{2,12}$/, '工号为 2–12 位字母或数字 / staff number: 2–12 letters or digits');
/** A PIN (≥ 4 digits) or password; the core applies the full policy. */
export const secret = z.string().min(4).max(128);

export const sessionInfo = z.object({
  session: z.string(),
  staffNo: z.string(),
  name: z.string(),
  role,
  counterId: z.string(),
  signedInAt: z.number().int(),
  locked: z.boolean(),
});
export type SessionInfo = z.infer<typeof sessionInfo>;

/** Clerks may sign in with a PIN (digits); duty managers and administrators need a password. */
export const secretKind = z.enum(['pin', 'password']);
export type SecretKind = z.infer<typeof secretKind>;

/** What other modules and the UI may see of a staff member: never the secret hash. */
export const staffMember = z.object({
  staffNo: z.string(),
  name: z.string(),
  role,
  active: z.boolean(),
  secretKind,
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
});
export type StaffMember = z.infer<typeof staffMember>;

/** A second person's credentials, given in the same request as what they approve. */
export const approval = z.object({ staffNo, secret }).strict();
export type ApprovalInput = z.infer<typeof approval>;

/** A duty manager taking over the counter of an absent clerk: their own credentials and why. */
export const takeOverInput = z.object({ staffNo, secret, reason: freeText({ min: 2, max: 200 }) }).strict();

export const auditEntry = z.object({
  seq: z.number().int(),
  at: z.number().int(),
  actor: z.string().nullable(),
  kind: z.string(),
  counterId: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()),
  hash: z.string(),
});
export type AuditEntryView = z.infer<typeof auditEntry>;

export const auditQuery = z
  .object({
    kindPrefix: z.string().max(60).optional(),
    actor: z.string().max(12).optional(),
    from: z.number().int().optional(),
    to: z.number().int().optional(),
    beforeSeq: z.number().int().optional(),
    limit: z.number().int().min(1).max(500).optional(),
  })
  .strict();
