/**
 * Every time someone sees unmasked personal data (the full ID number at the verify step, the
 * card photo, a re-opened record) it is written to the audit log: who, where, which field
 * and why. The entry names the field and a reference, never the value.
 */
import type { AuditEntry, AuditLog } from '../audit/auditLog';
import { AUDIT_KINDS } from '../audit/kinds';

export type PiiField = 'id_number' | 'name' | 'address' | 'photo' | 'birth_date' | 'card_all';

export interface PiiViewInput {
  actor: string;
  counterId: string | null;
  fields: readonly PiiField[];
  /** Why it was shown: "idcard.verify", "journey.review". */
  purpose: string;
  /** A journey id or similar record reference, never the ID number. */
  ref?: string | number | null;
}

export function recordPiiView(audit: AuditLog, v: PiiViewInput): AuditEntry {
  return audit.append({
    kind: AUDIT_KINDS.piiView,
    actor: v.actor,
    counterId: v.counterId,
    detail: { fields: [...v.fields], purpose: v.purpose, ref: v.ref ?? null },
  });
}
