/**
 * The hall's audit table: who did what, when, from where — every administrative change
 * (counters registered and revoked, staff accounts, the catalog, the calendar, the till
 * settings) and every sign-in to the hall page. Append-only (a trigger refuses UPDATE and
 * DELETE). Never a password, a hash or personal data: staff numbers and what changed.
 */
import type { Queryable } from './storage/port';

export const HALL_AUDIT_ACTIONS = [
  'counter.register', 'counter.revoke',
  'staff.create', 'staff.reset', 'staff.lock', 'staff.unlock', 'staff.role', 'staff.deactivate',
  'catalog.save', 'calendar.save', 'till.save',
  'queue.settings', 'queue.counter_groups',
  'session.setup', 'session.signin', 'session.signin_refused', 'session.lock', 'session.unlock', 'session.unlock_refused', 'session.signout',
  // The duty manager's desk (hall/desk): every export, report, spot check, the morning, the day closed, the lunch rotation.
  'desk.export', 'desk.report.generate', 'desk.report.comment', 'desk.report.submit', 'desk.spot.draw', 'desk.spot.file',
  'desk.morning.meeting', 'desk.morning.check', 'desk.day.close', 'desk.day.close_refused', 'desk.lunch.save',
] as const;
export type HallAuditAction = (typeof HALL_AUDIT_ACTIONS)[number];

/** The actor of the command line and of the first administrator's creation: the admin token printed at start. */
export const ADMIN_TOKEN_ACTOR = 'admin-token';

export interface HallActor {
  /** A hall staff number, or ADMIN_TOKEN_ACTOR. */
  staffNo: string;
  remote: string | null;
}

export async function recordAudit(
  q: Queryable,
  actor: HallActor | { staffNo: string | null; remote: string | null },
  action: HallAuditAction,
  subject: string | null,
  detail: Record<string, unknown> = {},
): Promise<void> {
  await q.query(
    `INSERT INTO hall_audit (at, actor, action, subject, detail, remote)
     VALUES ((extract(epoch FROM clock_timestamp()) * 1000)::int8, $1, $2, $3, $4::jsonb, $5)`,
    [actor.staffNo ?? '(unknown)', action, subject, JSON.stringify(detail), actor.remote],
  );
}

export interface HallAuditEntry {
  id: number;
  at: number;
  actor: string;
  action: string;
  subject: string | null;
  detail: Record<string, unknown>;
  remote: string | null;
}

/** Newest first, a page at a time. */
export async function listAudit(q: Queryable, opts: { beforeId?: number; limit: number }): Promise<{ entries: HallAuditEntry[]; nextBeforeId: number | null }> {
  const r = await q.query<HallAuditEntry>(
    `SELECT id::int8 AS id, at, actor, action, subject, detail, remote FROM hall_audit
     WHERE ($1::int8 IS NULL OR id < $1) ORDER BY id DESC LIMIT $2`,
    [opts.beforeId ?? null, opts.limit + 1],
  );
  const more = r.rows.length > opts.limit;
  const entries = r.rows.slice(0, opts.limit);
  return { entries, nextBeforeId: more ? entries[entries.length - 1]!.id : null };
}
