/**
 * Configuration flows down: the hall keeps the staff accounts, the business catalog, the
 * business calendar and the till settings of all its counters, and serves them to each counter
 * on a signed request. (Records flow up: replication.ts.)
 *
 * Each KIND has its own version, a whole number that only grows: every change on the hall makes
 * the next version of its kind and is kept with who made it and when. Version 0 means the hall
 * does not manage that kind yet (a counter keeps its own).
 *
 *   GET /v1/config?since=staff:12,catalog:3,calendar:1,till:2     (signed like every request)
 *
 * answers with the hall's versions and, for each kind the hall holds at another version than
 * the counter (kindsToSend), what changed: the catalog, calendar and till settings whole (the
 * counter keeps the last good copy of each); the staff accounts changed since the counter's
 * staff version (all of them when it has 0).
 * The heartbeat's answer carries the hall's versions too (HeartbeatAck.config), so a counter
 * asks only when something is newer.
 */
import { z } from 'zod';
import { BusinessCalendarSchema } from '../calendar';
import { role, secretKind } from './staff';
import { tillSettings } from './settings';

export const CONFIG_PROTOCOL_VERSION = 1;
export const CONFIG_PATH = '/v1/config';

export const CONFIG_KINDS = ['staff', 'catalog', 'calendar', 'till'] as const;
export type ConfigKind = (typeof CONFIG_KINDS)[number];

const version = z.number().int().min(0);
const ms = z.number().int().min(0);

/** A version per kind (0: the hall does not manage it, or the counter has nothing from the hall). */
export const ConfigVersionsSchema = z.strictObject({ staff: version, catalog: version, calendar: version, till: version });
export type ConfigVersions = z.infer<typeof ConfigVersionsSchema>;

export const NO_CONFIG: ConfigVersions = { staff: 0, catalog: 0, calendar: 0, till: 0 };

/** `since` as it travels in the query string: `staff:12,catalog:3,calendar:1,till:2` (a kind left out is 0). */
export function formatSince(v: ConfigVersions): string {
  return CONFIG_KINDS.map((k) => `${k}:${v[k]}`).join(',');
}

/** The counter's `since`, or null when it is not one (an unknown kind, a repeated kind, a bad number). */
export function parseSince(text: string | null): ConfigVersions | null {
  const out: ConfigVersions = { ...NO_CONFIG };
  if (text === null || text === '') return out;
  const seen = new Set<string>();
  for (const part of text.split(',')) {
    const m = /^([a-z]+):(\d{1,9})$/.exec(part);
    if (!m || !(CONFIG_KINDS as readonly string[]).includes(m[1]!) || seen.has(m[1]!)) return null;
    seen.add(m[1]!);
    out[m[1] as ConfigKind] = Number(m[2]);
  }
  return out;
}

/**
 * Which kinds the hall sends a counter: those it manages at another version than the counter's.
 * Usually newer; a counter AHEAD of the hall means the hall's database was restored from an
 * older backup, and then the hall's copy is sent whole and the counter takes it. A kind the hall
 * does not manage (version 0) is never sent: the counter keeps what it has.
 */
export function kindsToSend(hall: ConfigVersions, counter: ConfigVersions): ConfigKind[] {
  return CONFIG_KINDS.filter((k) => hall[k] > 0 && hall[k] !== counter[k]);
}

/**
 * What the hall sets of a till: the variance tolerance and the clock-jump limit (the calendar is
 * its own kind). The allowed skew from the hall's clock stays each counter's own setting.
 */
export const HallTillSettingsSchema = tillSettings.omit({ calendar: true, maxClockSkewMinutes: true }).strict();
export type HallTillSettings = z.infer<typeof HallTillSettingsSchema>;

/**
 * One staff account as every counter of the hall keeps it. `secretHash` is the scrypt hash
 * (base/node/secretHash.ts, "scrypt$N$r$p$salt$hash"): one password for the person at every
 * counter, checked on the counter even while the hall is away. `active` false is a departed
 * person (never deleted: records name them); `locked` is a hold the administrator lifts.
 */
export const StaffAccountSchema = z.strictObject({
  staffNo: z.string().regex(/^[A-Z0-9]{3,16}$/),
  name: z.string().min(1).max(40),
  role,
  active: z.boolean(),
  locked: z.boolean(),
  secretKind,
  secretHash: z.string().regex(/^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9_-]+\$[A-Za-z0-9_-]+$/).max(300),
  /** The staff version of this account's last change. */
  version: z.number().int().min(1),
  changedAt: ms,
});
export type StaffAccount = z.infer<typeof StaffAccountSchema>;

/** Who made a version and when (a hall staff number, or `admin-token` for the command line). */
const madeBy = { version: z.number().int().min(1), at: ms, by: z.string().max(40) };

/** The largest catalog YAML the hall accepts (the bundled one is ~10 KB). */
export const MAX_CATALOG_BYTES = 512 * 1024;

export const CatalogDocSchema = z.strictObject({ ...madeBy, yaml: z.string().min(1).max(MAX_CATALOG_BYTES) });
export type CatalogDoc = z.infer<typeof CatalogDocSchema>;
export const CalendarDocSchema = z.strictObject({ ...madeBy, calendar: BusinessCalendarSchema });
export type CalendarDoc = z.infer<typeof CalendarDocSchema>;
export const TillDocSchema = z.strictObject({ ...madeBy, settings: HallTillSettingsSchema });
export type TillDoc = z.infer<typeof TillDocSchema>;

export const StaffChangesSchema = z.strictObject({
  version: z.number().int().min(1),
  /** true: every account the hall has (the counter had 0, or was ahead of the hall); false: those changed since. */
  full: z.boolean(),
  accounts: z.array(StaffAccountSchema),
});
export type StaffChanges = z.infer<typeof StaffChangesSchema>;

/** The answer to GET /v1/config: null for a kind the counter already has at the hall's version. */
export const ConfigUpdateSchema = z.strictObject({
  protocol: z.literal(CONFIG_PROTOCOL_VERSION),
  hallTime: ms,
  versions: ConfigVersionsSchema,
  staff: StaffChangesSchema.nullable(),
  catalog: CatalogDocSchema.nullable(),
  calendar: CalendarDocSchema.nullable(),
  till: TillDocSchema.nullable(),
});
export type ConfigUpdate = z.infer<typeof ConfigUpdateSchema>;
