/**
 * The hall page's contract: every method the page may call on the hall server (name, input,
 * output, who may call it) and every event the server pushes to it. The hall's dispatcher
 * (hall/page/dispatcher.ts) validates the envelope, the session, the role, the input and the
 * output of every call against this, as the counter's dispatcher does against methods.ts; the
 * page (renderer/src/hall) is never trusted to hide a button.
 *
 * Transport: POST /v1/page/rpc with the envelope of rpc.ts ({method, input}), answered with
 * RpcResponse; GET /v1/page/events (server-sent events). The session is an HttpOnly cookie set
 * at sign-in; every POST must carry the HALL_PAGE_HEADER (a form on another site cannot).
 */
import { z } from 'zod';
import { BusinessCalendarSchema } from '../calendar';
import { deskEvents, deskMethods } from './desk';
import { CalendarDocSchema, CatalogDocSchema, CONFIG_KINDS, ConfigVersionsSchema, HallTillSettingsSchema, MAX_CATALOG_BYTES, TillDocSchema } from './hallConfig';
import type { MethodDef } from './methods';
import { queueMethods } from './queue';
import { CounterStateSchema, STREAMS } from './replication';
import { ADMIN_ROLES, MANAGER_ROLES } from './roles';
import { role, secretKind } from './staff';

export const HALL_PAGE_RPC_PATH = '/v1/page/rpc';
export const HALL_PAGE_EVENTS_PATH = '/v1/page/events';
export const HALL_SESSION_COOKIE = 'cd_hall_session';
/** Required on every page POST: cross-site forms cannot set it, and it is no CORS-safe header. */
export const HALL_PAGE_HEADER = 'x-counterdesk-hall';
/** Largest page request (a catalog of MAX_CATALOG_BYTES, JSON-escaped). */
export const HALL_PAGE_MAX_BYTES = 2 * MAX_CATALOG_BYTES + 64 * 1024;

const int = z.number().int();
const ms = int.min(0);
const none = z.object({}).strict();
const ok = z.object({ ok: z.literal(true) });
/** As typed: the hall canonicalises it (trimmed, upper case) and checks it (base/staffRules.ts). */
const staffNoInput = z.string().trim().min(1).max(20);
const secretInput = z.string().min(1).max(128);
const counterNumber = int.min(1).max(999);

export const hallSessionView = z.object({
  staffNo: z.string(),
  name: z.string(),
  role,
  signedInAt: ms,
  locked: z.boolean(),
  /** The page locks itself after this long without a key or a click; the server does too. */
  idleLockMinutes: int.min(1),
});
export type HallSessionView = z.infer<typeof hallSessionView>;

export const hallInfo = z.object({
  hallId: z.string(),
  fingerprint: z.string(),
  hallTime: ms,
  /** No usable administrator yet: the page offers the first-start form (the admin token printed at start). */
  setupNeeded: z.boolean(),
  storage: z.enum(['pglite', 'server']),
  schemaVersion: int,
});
export type HallInfo = z.infer<typeof hallInfo>;

const counterStatus = z.enum(['pending', 'active', 'revoked']);

/** One counter on the board: its registration, its latest heartbeat, its sync and its findings. */
export const counterBoardRow = z.object({
  number: counterNumber,
  label: z.string(),
  status: counterStatus,
  enrolledAt: ms.nullable(),
  codeExpiresAt: ms.nullable(),
  /** The latest heartbeat's state (who, till, devices, unsent rows), null before the first. */
  state: CounterStateSchema.nullable(),
  heartbeatAt: ms.nullable(),
  skewMs: int.nullable(),
  /** The name of the person signed in there, from the hall's accounts. */
  clerkName: z.string().nullable(),
  lastBatchAt: ms.nullable(),
  heldRows: int.min(0),
  findings: int.min(0),
  configFetchedAt: ms.nullable(),
  configServed: ConfigVersionsSchema.nullable(),
});
export type CounterBoardRow = z.infer<typeof counterBoardRow>;

export const counterBoard = z.object({ hallTime: ms, config: ConfigVersionsSchema, counters: z.array(counterBoardRow) });
export type CounterBoard = z.infer<typeof counterBoard>;

export const backlogStream = z.object({
  stream: z.enum(STREAMS),
  /** The last row the hall holds of this counter's current database. */
  heldSeq: int.min(0),
  lastReceivedAt: ms.nullable(),
  /** Rows the counter reported not yet acknowledged (its last heartbeat), null without one. */
  unsent: int.min(0).nullable(),
});
export const backlogCounter = z.object({
  number: counterNumber,
  label: z.string(),
  status: counterStatus,
  heartbeatAt: ms.nullable(),
  oldestUnsentAt: ms.nullable(),
  unsentTotal: int.min(0).nullable(),
  streams: z.array(backlogStream),
});
export const backlogView = z.object({ hallTime: ms, counters: z.array(backlogCounter) });
export type BacklogView = z.infer<typeof backlogView>;

/** A chain witness finding with the hall's copy of the row it is about (null when the hall holds none). */
export const findingView = z.object({
  id: int,
  counter: counterNumber,
  source: int.min(1),
  stream: z.string(),
  seq: int.min(1),
  kind: z.enum(['link_break', 'rewritten']),
  held: z.string().nullable(),
  sent: z.string(),
  at: ms,
  row: z.record(z.string(), z.unknown()).nullable(),
});
export type FindingView = z.infer<typeof findingView>;

export const staffAccountView = z.object({
  staffNo: z.string(),
  name: z.string(),
  role,
  active: z.boolean(),
  locked: z.boolean(),
  secretKind,
  version: int,
  createdAt: ms,
  updatedAt: ms,
});
export type StaffAccountView = z.infer<typeof staffAccountView>;

export const configHistoryEntry = z.object({ version: int, at: ms, actor: z.string(), action: z.string(), subject: z.string().nullable() });

export const hallAuditEntry = z.object({
  id: int,
  at: ms,
  actor: z.string(),
  action: z.string(),
  subject: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()),
  remote: z.string().nullable(),
});
export type HallAuditEntryView = z.infer<typeof hallAuditEntry>;

export const registeredCounter = z.object({ number: counterNumber, label: z.string(), code: z.string(), expiresAt: ms, fingerprint: z.string() });

const baseVersion = int.min(0);
const configKind = z.enum(CONFIG_KINDS);

function method<I extends z.ZodType, O extends z.ZodType>(d: MethodDef<I, O>): MethodDef<I, O> {
  return d;
}

export const hallMethods = {
  'hall.info': method({ input: none, output: hallInfo, access: 'public', summary: 'The hall, its time, and whether the first administrator is still to be created' }),
  'session.setup': method({
    input: z.object({ setupToken: z.string().min(1).max(200), staffNo: staffNoInput, name: z.string().trim().min(1).max(40), password: secretInput }).strict(),
    output: hallSessionView,
    access: 'public',
    summary: 'First start: the admin token printed at start creates the first administrator (only while none exists) and signs in',
  }),
  'session.signIn': method({
    input: z.object({ staffNo: staffNoInput, secret: secretInput }).strict(),
    output: hallSessionView,
    access: 'public',
    summary: 'Sign in with a hall account (administrators and duty managers)',
  }),
  'session.whoami': method({ input: none, output: hallSessionView, access: 'public', summary: 'The session of this browser (also while locked)' }),
  'session.lock': method({ input: none, output: hallSessionView, access: 'signed-in', summary: 'Lock the page (idle, or the lock key)' }),
  'session.unlock': method({
    input: z.object({ secret: secretInput }).strict(),
    output: hallSessionView,
    // public because a locked session fails 'signed-in'; the handler needs the locked session.
    access: 'public',
    summary: 'Unlock with the same person’s password',
  }),
  'session.signOut': method({ input: none, output: ok, access: 'public', summary: 'Sign out (also from a locked page)' }),

  'counters.board': method({ input: none, output: counterBoard, access: MANAGER_ROLES, summary: 'Every counter’s state right now' }),
  'counters.register': method({
    input: z.object({ number: counterNumber, label: z.string().trim().max(40).optional(), validHours: int.min(1).max(24 * 14).optional() }).strict(),
    output: registeredCounter,
    access: ADMIN_ROLES,
    summary: 'Register a counter (or a new PC for one): its one-time enrolment code and the hall’s fingerprint',
  }),
  'counters.revoke': method({ input: z.object({ number: counterNumber }).strict(), output: counterBoardRow, access: ADMIN_ROLES, summary: 'Refuse a counter’s key from now on (a stolen or retired PC)' }),
  'sync.backlog': method({ input: none, output: backlogView, access: MANAGER_ROLES, summary: 'What each counter has not sent yet, and what the hall holds per stream' }),
  'witness.findings': method({
    input: z.object({ counter: counterNumber.optional(), limit: int.min(1).max(500).optional() }).strict(),
    output: z.object({ findings: z.array(findingView) }),
    access: MANAGER_ROLES,
    summary: 'The chain witness’s findings, newest first, with the hall’s copy of each row',
  }),

  'staff.list': method({ input: none, output: z.array(staffAccountView), access: ADMIN_ROLES, summary: 'The hall’s staff accounts' }),
  'staff.create': method({
    input: z.object({ staffNo: staffNoInput, name: z.string().trim().min(1).max(40), role, secret: secretInput }).strict(),
    output: staffAccountView,
    access: ADMIN_ROLES,
    summary: 'Create an account (one password at every counter of the hall)',
  }),
  'staff.resetSecret': method({ input: z.object({ staffNo: staffNoInput, secret: secretInput }).strict(), output: staffAccountView, access: ADMIN_ROLES, summary: 'Set a new PIN or password (reaches every counter)' }),
  'staff.setLocked': method({ input: z.object({ staffNo: staffNoInput, locked: z.boolean() }).strict(), output: staffAccountView, access: ADMIN_ROLES, summary: 'Lock or unlock an account on every counter' }),
  'staff.changeRole': method({
    input: z.object({ staffNo: staffNoInput, role, secret: secretInput.optional() }).strict(),
    output: staffAccountView,
    access: ADMIN_ROLES,
    summary: 'Change a role (promotion from a PIN needs a password in the same step)',
  }),
  'staff.deactivate': method({ input: z.object({ staffNo: staffNoInput }).strict(), output: staffAccountView, access: ADMIN_ROLES, summary: 'Deactivate a departed person’s account (kept, never deleted)' }),

  'config.status': method({
    input: none,
    output: z.object({ versions: ConfigVersionsSchema }),
    access: MANAGER_ROLES,
    summary: 'The hall’s configuration versions',
  }),
  'config.history': method({
    input: z.object({ kind: configKind, limit: int.min(1).max(200).optional() }).strict(),
    output: z.array(configHistoryEntry),
    access: MANAGER_ROLES,
    summary: 'Every change of one kind of configuration: version, who, when',
  }),
  'catalog.get': method({
    input: none,
    output: z.object({ current: CatalogDocSchema.nullable(), bundled: z.string() }),
    access: ADMIN_ROLES,
    summary: 'The hall’s catalog (and the catalog the counters ship with, to start from)',
  }),
  'catalog.check': method({
    input: z.object({ yaml: z.string().max(MAX_CATALOG_BYTES) }).strict(),
    output: z.object({ businesses: int }),
    access: ADMIN_ROLES,
    summary: 'Check a catalog without saving it (refused with line numbers, as a save would be)',
  }),
  'catalog.save': method({
    input: z.object({ yaml: z.string().min(1).max(MAX_CATALOG_BYTES), baseVersion }).strict(),
    output: CatalogDocSchema,
    access: ADMIN_ROLES,
    summary: 'Save the catalog as the next version (refused with line numbers when invalid)',
  }),
  'calendar.get': method({
    input: none,
    output: z.object({ current: CalendarDocSchema.nullable(), standard: BusinessCalendarSchema }),
    access: ADMIN_ROLES,
    summary: 'The hall’s business calendar (or the standard one, to start from)',
  }),
  'calendar.save': method({
    input: z.object({ calendar: z.unknown(), baseVersion }).strict(),
    output: CalendarDocSchema,
    access: ADMIN_ROLES,
    summary: 'Save the business calendar as the next version',
  }),
  'till.get': method({
    input: none,
    output: z.object({ current: TillDocSchema.nullable(), standard: HallTillSettingsSchema }),
    access: ADMIN_ROLES,
    summary: 'The hall’s till settings (or the standard ones)',
  }),
  'till.save': method({
    input: z.object({ settings: z.unknown(), baseVersion }).strict(),
    output: TillDocSchema,
    access: ADMIN_ROLES,
    summary: 'Save the till settings (variance tolerance, clock-jump limit) as the next version',
  }),
  'audit.list': method({
    input: z.object({ beforeId: int.optional(), limit: int.min(1).max(200).optional() }).strict(),
    output: z.object({ entries: z.array(hallAuditEntry), nextBeforeId: int.nullable() }),
    access: ADMIN_ROLES,
    summary: 'The hall’s audit table, newest first',
  }),
  ...deskMethods,
  /** The guide's page and the duty manager's queue (base/contract/queue.ts). */
  ...queueMethods,
} as const;

export type HallMethods = typeof hallMethods;
export type HallMethodName = keyof HallMethods;
export type HallMethodInput<M extends HallMethodName> = z.input<HallMethods[M]['input']>;
export type HallMethodOutput<M extends HallMethodName> = z.output<HallMethods[M]['output']>;

export function isHallMethodName(v: unknown): v is HallMethodName {
  return typeof v === 'string' && Object.prototype.hasOwnProperty.call(hallMethods, v);
}

/** What the hall server pushes to a signed-in page. */
export const hallEvents = {
  /** A counter's row changed (a heartbeat, a batch, an enrolment, a registration): the row itself. */
  'counter.changed': counterBoardRow,
  'witness.finding': z.object({ counter: counterNumber }),
  'config.changed': z.object({ kind: configKind, version: int }),
  /** This page's session was locked or ended (idle, a reset, a lock on the account): stop showing data. */
  'session.changed': z.object({ state: z.enum(['locked', 'ended']) }),
  ...deskEvents,
} as const;

export type HallEvents = typeof hallEvents;
export type HallEventName = keyof HallEvents;
export type HallEventPayload<E extends HallEventName> = z.output<HallEvents[E]>;
