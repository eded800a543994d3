/**
 * Every method the renderer may call: name, zod input, zod output, who may call it.
 * Both transports (Electron IPC and browser-mode HTTP) carry exactly these; the dispatcher
 * in core validates input and output against them.
 */
import { z } from 'zod';
import type { Access } from './roles';
import { devicesStatus } from './devices';
import { settingsPatchSchema, settingsSchema } from './settings';
import { approval, auditEntry, auditQuery, role, secret, sessionInfo, staffMember, staffNo } from './staff';

export interface MethodDef<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I;
  output: O;
  access: Access;
  /** One line for docs and the audit log. */
  summary: string;
}

function method<I extends z.ZodType, O extends z.ZodType>(d: MethodDef<I, O>): MethodDef<I, O> {
  return d;
}

const none = z.object({}).strict();
const ok = z.object({ ok: z.literal(true) });

export const appInfo = z.object({
  name: z.string(),
  version: z.string(),
  dataDir: z.string(),
  trainingMode: z.boolean(),
  schemaVersion: z.number().int(),
  transport: z.enum(['ipc', 'http']),
  /** Set when storage could not be opened: the renderer shows an error screen. */
  storageError: z
    .object({ code: z.string(), message_zh: z.string(), message_en: z.string() })
    .nullable(),
});
export type AppInfo = z.infer<typeof appInfo>;

export const methods = {
  'app.info': method({
    input: none,
    output: appInfo,
    access: 'public',
    summary: 'Version, data folder, training mode, schema version',
  }),
  'devices.status': method({
    input: none,
    output: devicesStatus,
    access: 'public',
    summary: 'State of the reader, printer, drawer and database',
  }),
  'settings.get': method({
    input: none,
    output: settingsSchema,
    access: 'public',
    summary: 'The current settings',
  }),
  'settings.update': method({
    input: z.object({ patch: settingsPatchSchema }).strict(),
    output: settingsSchema,
    access: ['duty_manager', 'admin'],
    summary: 'Change settings (validated; audited with before and after)',
  }),
  'app.ping': method({
    input: z.object({ echo: z.string().max(200) }).strict(),
    output: z.object({ echo: z.string(), at: z.number().int() }),
    access: 'public',
    summary: 'Round trip check used by the status bar and tests',
  }),
  'staff.setupNeeded': method({
    input: none,
    output: z.object({ needed: z.boolean() }),
    access: 'public',
    summary: 'True until the first administrator exists',
  }),
  'staff.createFirstAdmin': method({
    input: z.object({ staffNo, name: z.string().trim().min(1).max(20), password: z.string().min(8).max(128) }).strict(),
    output: staffMember,
    access: 'public',
    summary: 'Guided first start: create the administrator (only while none exists)',
  }),
  'staff.signIn': method({
    input: z.object({ staffNo, secret }).strict(),
    output: sessionInfo,
    access: 'public',
    summary: 'Sign in at this counter',
  }),
  'staff.whoami': method({
    input: none,
    output: sessionInfo,
    // public so a locked screen can still ask who it belongs to; the handler needs a session.
    access: 'public',
    summary: 'The signed-in session (also while locked)',
  }),
  'staff.signOut': method({
    input: none,
    output: ok,
    access: 'signed-in',
    summary: 'Sign out (refused while a customer journey is open)',
  }),
  'staff.lock': method({
    input: none,
    output: sessionInfo,
    access: 'signed-in',
    summary: 'Lock the screen (idle or F12); the open journey is kept',
  }),
  'staff.unlock': method({
    input: z.object({ staffNo, secret }).strict(),
    output: sessionInfo,
    // public because a locked session fails 'signed-in'; the handler needs the locked session.
    access: 'public',
    summary: 'Unlock with the same person’s PIN (or a duty manager’s)',
  }),
  'staff.list': method({
    input: none,
    output: z.array(staffMember),
    access: ['admin'],
    summary: 'All staff records',
  }),
  'staff.create': method({
    input: z.object({ staffNo, name: z.string().trim().min(1).max(20), role, secret }).strict(),
    output: staffMember,
    access: ['admin'],
    summary: 'Add a staff member',
  }),
  'staff.changeRole': method({
    // Promotion to duty manager or administrator needs a password in the same step.
    input: z.object({ staffNo, role, secret: secret.optional() }).strict(),
    output: staffMember,
    access: ['admin'],
    summary: 'Change a staff member’s role',
  }),
  'staff.resetSecret': method({
    input: z.object({ staffNo, secret }).strict(),
    output: staffMember,
    access: ['admin'],
    summary: 'Set a new PIN or password for a staff member',
  }),
  'staff.deactivate': method({
    input: z.object({ staffNo }).strict(),
    output: staffMember,
    access: ['admin'],
    summary: 'Deactivate a staff member (records are never deleted)',
  }),
  'audit.query': method({
    input: auditQuery,
    output: z.object({ entries: z.array(auditEntry), nextBeforeSeq: z.number().int().nullable() }),
    access: ['duty_manager', 'admin'],
    summary: 'The audit log, newest first, with filters',
  }),
  'audit.verify': method({
    input: none,
    output: z.object({ ok: z.boolean(), entries: z.number().int(), firstBadSeq: z.number().int().nullable(), reason: z.string().nullable() }),
    access: ['duty_manager', 'admin'],
    summary: 'Check the audit hash chain',
  }),
} as const;

export { approval as approvalSchema, secret as secretSchema };

export type Methods = typeof methods;
export type MethodName = keyof Methods;
export type MethodInput<M extends MethodName> = z.input<Methods[M]['input']>;
export type MethodOutput<M extends MethodName> = z.output<Methods[M]['output']>;

export function isMethodName(v: unknown): v is MethodName {
  return typeof v === 'string' && Object.prototype.hasOwnProperty.call(methods, v);
}

export { ok as okSchema };
