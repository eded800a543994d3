/**
 * Settings changes are audited with before and after, one entry per changed setting, so the
 * duty manager can see who changed the tolerance or the retention period, and when.
 */
import { canonicalJson } from '../../../base/node/chain';
import type { AuditEntry, AuditLog } from './auditLog';
import { AUDIT_KINDS } from './kinds';

export interface SettingsActor {
  staffNo: string;
  counterId?: string | null;
}

/** Records one change; returns null (and records nothing) when before equals after. */
export function auditSettingsChange(
  audit: AuditLog,
  actor: SettingsActor,
  key: string,
  before: unknown,
  after: unknown,
): AuditEntry | null {
  if (canonicalJson(before ?? null) === canonicalJson(after ?? null)) return null;
  return audit.append({
    kind: AUDIT_KINDS.settingsChange,
    actor: actor.staffNo,
    counterId: actor.counterId ?? null,
    detail: { key, before: before ?? null, after: after ?? null },
  });
}

/**
 * For a whole-settings update (SettingsService.update gives before and after objects): one
 * entry per changed leaf, keyed by its dotted path ("security.idleLockMinutes").
 */
export function auditSettingsDiff(
  audit: AuditLog,
  actor: SettingsActor,
  before: object,
  after: object,
): AuditEntry[] {
  const out: AuditEntry[] = [];
  for (const [key, b, a] of changedLeaves(before, after, '')) {
    const e = auditSettingsChange(audit, actor, key, b, a);
    if (e) out.push(e);
  }
  return out;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function changedLeaves(b: unknown, a: unknown, prefix: string): Array<[string, unknown, unknown]> {
  if (isPlainObject(b) && isPlainObject(a)) {
    const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].sort();
    return keys.flatMap((k) => changedLeaves(b[k], a[k], prefix ? `${prefix}.${k}` : k));
  }
  return canonicalJson(b ?? null) === canonicalJson(a ?? null) ? [] : [[prefix || '(root)', b, a]];
}
