/** The audit log: append, query for the duty manager's viewer, verify the chain. */
export { AuditLog, type AuditEntry, type AuditInput, type AuditQuery, type AuditPage, type AuditVerifyResult, type AuditDetail } from './auditLog';
export { AUDIT_KINDS, KIND_PATTERN } from './kinds';
export { assertNoPii } from './piiGuard';
export { auditSettingsChange, auditSettingsDiff, type SettingsActor } from './settingsChange';
