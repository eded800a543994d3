/**
 * Each configuration kind's version: the next one is taken by an UPDATE … RETURNING on the
 * kind's row of config_head, which holds the row until the transaction ends, so concurrent
 * changes of one kind get consecutive versions and the change rows commit in that order.
 */
import { CONFIG_KINDS, type ConfigKind, type ConfigVersions } from '../../base/contract/hallConfig';
import type { Queryable } from '../storage/port';

export async function currentVersions(q: Queryable): Promise<ConfigVersions> {
  const r = await q.query<{ kind: ConfigKind; version: number }>('SELECT kind, version FROM config_head');
  const out = Object.fromEntries(CONFIG_KINDS.map((k) => [k, 0])) as ConfigVersions;
  for (const row of r.rows) out[row.kind] = row.version;
  return out;
}

/** Takes the kind's next version (inside the caller's transaction). */
export async function nextVersion(q: Queryable, kind: ConfigKind): Promise<number> {
  const r = await q.query<{ version: number }>('UPDATE config_head SET version = version + 1 WHERE kind = $1 RETURNING version', [kind]);
  return r.rows[0]!.version;
}

/** Keeps one change of a kind with who made it, when, and the document as it became. */
export async function recordChange(
  q: Queryable,
  c: { kind: ConfigKind; version: number; at: number; actor: string; action: string; subject: string | null; doc: unknown },
): Promise<void> {
  await q.query('INSERT INTO config_change (kind, version, at, actor, action, subject, doc) VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb)', [
    c.kind, c.version, c.at, c.actor, c.action, c.subject, JSON.stringify(c.doc),
  ]);
}

export interface ConfigHistoryEntry {
  version: number;
  at: number;
  actor: string;
  action: string;
  subject: string | null;
}

export async function history(q: Queryable, kind: ConfigKind, limit: number): Promise<ConfigHistoryEntry[]> {
  const r = await q.query<ConfigHistoryEntry>(
    'SELECT version, at, actor, action, subject FROM config_change WHERE kind = $1 ORDER BY version DESC LIMIT $2',
    [kind, limit],
  );
  return r.rows;
}
