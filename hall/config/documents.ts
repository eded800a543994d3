/**
 * The hall's whole-document configuration: the business catalog (the YAML text, the same file
 * format as the counter's resources/catalog.yaml, checked with the same schema and parser, so a
 * catalog the hall accepts is one every counter loads), the business calendar and the till
 * settings. Each save is the kind's next version, kept whole with who and when, and audited.
 *
 * A save names the version it was edited from: when another administrator saved in between,
 * it is refused (CONFIG_CONFLICT) rather than silently overwriting their change.
 */
import fs from 'node:fs';
import path from 'node:path';
import { BusinessCalendarSchema, DEFAULT_CALENDAR, type BusinessCalendar } from '../../base/calendar';
import type { Catalog } from '../../base/contract/catalog';
import { BilingualError } from '../../base/contract/errors';
import {
  HallTillSettingsSchema, MAX_CATALOG_BYTES,
  type CalendarDoc, type CatalogDoc, type ConfigKind, type HallTillSettings, type TillDoc,
} from '../../base/contract/hallConfig';
import { describeIssues, describeIssuesZh } from '../../base/contract/issues';
import { parseCatalog } from '../../base/node/catalogYaml';
import { recordAudit, type HallActor, type HallAuditAction } from '../audit';
import { signal } from '../signals';
import type { HallStore, Queryable } from '../storage/port';
import { hallNow } from '../time';
import { nextVersion, recordChange } from './versions';

type DocKind = Exclude<ConfigKind, 'staff'>;

interface Stored {
  version: number;
  at: number;
  actor: string;
  doc: unknown;
}

async function latest(q: Queryable, kind: DocKind): Promise<Stored | null> {
  const r = await q.query<Stored>('SELECT version, at, actor, doc FROM config_change WHERE kind = $1 ORDER BY version DESC LIMIT 1', [kind]);
  return r.rows[0] ?? null;
}

export async function currentCatalog(q: Queryable): Promise<CatalogDoc | null> {
  const s = await latest(q, 'catalog');
  return s ? { version: s.version, at: s.at, by: s.actor, yaml: (s.doc as { yaml: string }).yaml } : null;
}

export async function currentCalendar(q: Queryable): Promise<CalendarDoc | null> {
  const s = await latest(q, 'calendar');
  return s ? { version: s.version, at: s.at, by: s.actor, calendar: BusinessCalendarSchema.parse(s.doc) } : null;
}

export async function currentTill(q: Queryable): Promise<TillDoc | null> {
  const s = await latest(q, 'till');
  return s ? { version: s.version, at: s.at, by: s.actor, settings: HallTillSettingsSchema.parse(s.doc) } : null;
}

/** The catalog the counters ship with (resources/catalog.yaml): where the hall's first catalog starts from. */
export function bundledCatalog(): string {
  try {
    return fs.readFileSync(path.resolve(import.meta.dirname, '..', '..', 'resources', 'catalog.yaml'), 'utf8');
  } catch {
    return 'version: 1\nbusinesses: []\n';
  }
}

export function defaultCalendar(): BusinessCalendar {
  return DEFAULT_CALENDAR;
}

export function defaultTillSettings(): HallTillSettings {
  return HallTillSettingsSchema.parse({});
}

function invalid(kind: 'calendar' | 'till', zh: string, en: string, detail?: Record<string, unknown>): BilingualError {
  const what = kind === 'calendar' ? ['营业日历', 'The business calendar'] : ['钱箱设置', 'The till settings'];
  return new BilingualError('CONFIG_INVALID', `${what[0]}不正确：${zh} — 请改正后再保存，各台席继续使用上一版`, `${what[1]} is not valid: ${en} — correct it and save again; the counters keep the previous version`, detail);
}

/** The calendar checked as the till reads it, plus what the schema cannot see: one entry per date. */
export function checkCalendar(input: unknown): BusinessCalendar {
  const r = BusinessCalendarSchema.safeParse(input);
  if (!r.success) throw invalid('calendar', describeIssuesZh(r.error), describeIssues(r.error), { issues: r.error.issues.slice(0, 5).map((i) => ({ path: i.path.map(String), code: i.code })) });
  const seen = new Set<string>();
  for (const e of r.data.exceptions) {
    if (seen.has(e.date)) throw invalid('calendar', `${e.date} 有两条例外安排`, `${e.date} has two exceptions`, { date: e.date });
    seen.add(e.date);
  }
  return r.data;
}

export function checkTillSettings(input: unknown): HallTillSettings {
  const r = HallTillSettingsSchema.safeParse(input);
  if (!r.success) throw invalid('till', describeIssuesZh(r.error), describeIssues(r.error));
  return r.data;
}

/**
 * Parses the YAML with the counter's own parser: refused with every problem's line and column
 * (detail.problems), so the editor can point at them.
 */
export function checkCatalog(yaml: string): Catalog {
  if (Buffer.byteLength(yaml, 'utf8') > MAX_CATALOG_BYTES) {
    throw new BilingualError('CATALOG_INVALID', `业务目录过大（最多 ${MAX_CATALOG_BYTES / 1024} KB）`, `The business catalog is too large (at most ${MAX_CATALOG_BYTES / 1024} KB)`);
  }
  return parseCatalog(yaml, 'catalog.yaml');
}

const ACTIONS: Record<DocKind, HallAuditAction> = { catalog: 'catalog.save', calendar: 'calendar.save', till: 'till.save' };

/** Saves the next version of a kind, unless someone saved since `baseVersion` (the version the editor started from). */
async function save(store: HallStore, actor: HallActor, kind: DocKind, baseVersion: number, doc: unknown, summary: Record<string, unknown>): Promise<Stored> {
  return store.tx(async (q) => {
    const version = await nextVersion(q, kind);
    if (version !== baseVersion + 1) {
      throw new BilingualError(
        'CONFIG_CONFLICT',
        `保存前已有人改过（现为第 ${version - 1} 版，您编辑的是第 ${baseVersion} 版）— 请重新打开后再改`,
        `Someone saved in the meantime (it is now version ${version - 1}, you edited version ${baseVersion}) — reopen it and make your change again`,
        { current: version - 1, base: baseVersion },
      );
    }
    const at = await hallNow(q);
    await recordChange(q, { kind, version, at, actor: actor.staffNo, action: ACTIONS[kind], subject: null, doc });
    await recordAudit(q, actor, ACTIONS[kind], null, { version, ...summary });
    await signal(q, { type: 'config', kind, version });
    return { version, at, actor: actor.staffNo, doc };
  });
}

export async function saveCatalog(store: HallStore, actor: HallActor, input: { yaml: string; baseVersion: number }): Promise<CatalogDoc> {
  const businesses = checkCatalog(input.yaml).businesses.length;
  const s = await save(store, actor, 'catalog', input.baseVersion, { yaml: input.yaml }, { bytes: Buffer.byteLength(input.yaml, 'utf8'), businesses });
  return { version: s.version, at: s.at, by: s.actor, yaml: input.yaml };
}

export async function saveCalendar(store: HallStore, actor: HallActor, input: { calendar: unknown; baseVersion: number }): Promise<CalendarDoc> {
  const calendar = checkCalendar(input.calendar);
  const s = await save(store, actor, 'calendar', input.baseVersion, calendar, { timeZone: calendar.timeZone, exceptions: calendar.exceptions.length });
  return { version: s.version, at: s.at, by: s.actor, calendar };
}

export async function saveTill(store: HallStore, actor: HallActor, input: { settings: unknown; baseVersion: number }): Promise<TillDoc> {
  const settings = checkTillSettings(input.settings);
  const s = await save(store, actor, 'till', input.baseVersion, settings, { ...settings });
  return { version: s.version, at: s.at, by: s.actor, settings };
}
