/**
 * Every method the renderer may call: name, zod input, zod output, who may call it.
 * Both transports (Electron IPC and browser-mode HTTP) carry exactly these; the dispatcher
 * in core validates input and output against them.
 */
import { counterQueueMethods } from './counterQueue';
import { z } from 'zod';
import { ADMIN_ROLES, COUNTER_ROLES, MANAGER_ROLES, type Access } from './roles';
import { errorShape } from './errors';
import { detectResult, devicesStatus, photoDecoderInfo, portListing, sampleCard, simPrinterAction } from './devices';
import { settingsPatchSchema, settingsSchema } from './settings';
import { cardType, pendingCard } from './card';
import { catalogView, clerkCommand, journeyView, shiftCheckResult, shiftStatus } from './journey';
import { printJob, printQueueView, reprintInput } from './printing';
import { countResult, earlyEvent, settlementResult, tillHeader, tillMethods, tillStatus } from './till';
import { hallMethods, hallStatus } from './hall';
import { approval, auditEntry, auditQuery, role, secret, sessionInfo, staffMember, staffNo, takeOverInput } from './staff';

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
  storageError: errorShape.nullable(),
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
    access: MANAGER_ROLES,
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
  'staff.takeOver': method({
    input: takeOverInput,
    output: sessionInfo,
    // public: the duty manager takes over from the sign-in or lock screen of an absent clerk.
    access: 'public',
    summary: 'A duty manager takes this counter over (own credentials and a reason): the absent clerk is signed out, the takeover recorded on her till',
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
    access: ADMIN_ROLES,
    summary: 'All staff records',
  }),
  'staff.create': method({
    input: z.object({ staffNo, name: z.string().trim().min(1).max(20), role, secret }).strict(),
    output: staffMember,
    access: ADMIN_ROLES,
    summary: 'Add a staff member',
  }),
  'staff.changeRole': method({
    // Promotion to duty manager or administrator needs a password in the same step.
    input: z.object({ staffNo, role, secret: secret.optional() }).strict(),
    output: staffMember,
    access: ADMIN_ROLES,
    summary: 'Change a staff member’s role',
  }),
  'staff.resetSecret': method({
    input: z.object({ staffNo, secret }).strict(),
    output: staffMember,
    access: ADMIN_ROLES,
    summary: 'Set a new PIN or password for a staff member',
  }),
  'staff.deactivate': method({
    input: z.object({ staffNo }).strict(),
    output: staffMember,
    access: ADMIN_ROLES,
    summary: 'Deactivate a staff member (records are never deleted)',
  }),
  'audit.query': method({
    input: auditQuery,
    output: z.object({ entries: z.array(auditEntry), nextBeforeSeq: z.number().int().nullable() }),
    access: MANAGER_ROLES,
    summary: 'The audit log, newest first, with filters',
  }),
  'audit.people': method({
    input: none,
    output: z.array(z.object({ staffNo: z.string(), name: z.string(), role, active: z.boolean() })),
    access: MANAGER_ROLES,
    summary: 'Everyone the audit log may name (number, name, role): the audit viewer shows names and filters by person',
  }),
  'audit.verify': method({
    input: none,
    output: z.object({ ok: z.boolean(), entries: z.number().int(), firstBadSeq: z.number().int().nullable(), reason: z.string().nullable() }),
    access: MANAGER_ROLES,
    summary: 'Check the audit hash chain',
  }),
  'till.status': method({
    input: none,
    output: tillStatus,
    access: 'signed-in',
    summary: 'This counter’s cash session (blind for the clerk until she counts)',
  }),
  'till.header': method({
    input: none,
    output: tillHeader,
    // public: the sign-in and lock screens show the till's state too; nothing in it is secret.
    access: 'public',
    summary: 'The till in a word for the header: not open, open (whose) or settled (Z number), and the clock',
  }),
  'till.open': method({
    input: tillMethods.open,
    output: tillStatus,
    access: COUNTER_ROLES,
    summary: 'Open the till with the float counted by denomination and the counter items',
  }),
  'till.movement': method({
    input: tillMethods.movement,
    output: tillStatus,
    access: COUNTER_ROLES,
    summary: 'A drop to the safe (with bag number) or other cash in/out with a reason',
  }),
  'till.count': method({
    input: tillMethods.count,
    output: countResult,
    access: COUNTER_ROLES,
    summary: 'Submit the blind count; the expected amount and variance come back only now',
  }),
  'till.settle': method({
    input: tillMethods.settle,
    output: settlementResult,
    access: COUNTER_ROLES,
    summary: 'Settle (idempotent); early or beyond tolerance needs the duty manager’s own credentials',
  }),
  'till.approveEarly': method({
    input: tillMethods.approveEarly,
    output: z.object({ approvalId: z.number().int() }),
    access: COUNTER_ROLES,
    summary: 'The duty manager lifts the closing-time lock for this session (own credentials, reason code)',
  }),
  'till.approveClock': method({
    input: tillMethods.approveClock,
    output: z.object({ approvalId: z.number().int() }),
    access: COUNTER_ROLES,
    summary: 'The duty manager accepts the clock after a change (own credentials, how the time was checked)',
  }),
  'till.approveOffline': method({
    input: tillMethods.approveOffline,
    output: z.object({ approvalId: z.number().int() }),
    access: COUNTER_ROLES,
    summary: 'The duty manager allows counting and settling while the hall server cannot be reached (own credentials, how the time was checked); the Z report says so',
  }),
  'till.approveRecount': method({
    input: tillMethods.approveRecount,
    output: z.object({ approvalId: z.number().int() }),
    access: COUNTER_ROLES,
    summary: 'The duty manager allows one more blind count (own credentials, reason): the first count is final',
  }),
  'till.handover': method({
    input: tillMethods.handover,
    output: z.object({ zNo: z.number().int(), jobId: z.string().nullable() }),
    access: COUNTER_ROLES,
    summary: 'Hand the takings over (both confirm) and print the Z report',
  }),
  'till.zReport': method({
    input: z.object({ zNo: z.number().int().min(1) }).strict(),
    output: z.object({ zNo: z.number().int(), preview: z.array(z.string()) }),
    access: 'signed-in',
    summary: 'A settlement report as the printer will print it',
  }),
  'till.earlyEvents': method({
    input: z.object({ from: z.number().int(), to: z.number().int() }).strict(),
    output: z.array(earlyEvent),
    access: MANAGER_ROLES,
    summary: 'Refused and approved early settlements, for staff evaluation',
  }),
  'journey.current': method({
    input: none,
    output: z.object({ journey: journeyView.nullable() }),
    access: 'signed-in',
    summary: 'The customer journey open at this counter, if any',
  }),
  'journey.begin': method({
    input: none,
    output: journeyView,
    access: COUNTER_ROLES,
    summary: 'F2: a new customer (after the shift-start check)',
  }),
  'journey.act': method({
    input: z.object({ journeyId: z.string().max(64), command: clerkCommand }).strict(),
    output: journeyView,
    access: COUNTER_ROLES,
    summary: 'One step of the service standard',
  }),
  'journey.pendingCard': method({
    input: none,
    output: z.object({ card: pendingCard.nullable() }),
    access: COUNTER_ROLES,
    summary: 'The card on the reader, in full, for the verify step only (audited)',
  }),
  'catalog.get': method({
    input: none,
    output: catalogView,
    access: 'signed-in',
    summary: 'The business catalog in use',
  }),
  'shift.run': method({
    input: none,
    output: shiftCheckResult,
    access: COUNTER_ROLES,
    summary: 'Shift start (班前准备): reader SAM, printer paper, counter items',
  }),
  'shift.status': method({
    input: none,
    output: shiftStatus,
    access: 'signed-in',
    summary: 'Whether the open till session has passed its shift-start check (with its items), and the till today',
  }),
  'print.queue': method({
    input: none,
    output: printQueueView,
    access: 'signed-in',
    summary: 'Recent print jobs, failed ones first to retry, and what blocks the printer',
  }),
  'print.retry': method({
    input: none,
    output: printQueueView,
    access: 'signed-in',
    summary: 'Try the waiting jobs again now (after loading paper or closing the cover)',
  }),
  'print.reprint': method({
    input: reprintInput,
    output: printJob,
    access: COUNTER_ROLES,
    summary: 'F8: reprint, marked 重印 with its count, approved by the duty manager',
  }),
  'print.preview': method({
    input: z.object({ jobId: z.number().int().positive() }).strict(),
    output: z.object({ lines: z.array(z.string()) }),
    access: 'signed-in',
    summary: 'A job as it goes on paper, for the screen',
  }),
  'printer.test': method({
    input: none,
    output: printJob,
    access: MANAGER_ROLES,
    summary: 'Print a test receipt (Chinese text, a QR code, a cut)',
  }),
  'devices.ports': method({
    input: none,
    output: portListing,
    access: MANAGER_ROLES,
    summary: 'Serial ports and HID devices on this machine',
  }),
  'devices.detectReader': method({
    input: z.object({ ports: z.array(z.string().max(256)).max(32).optional() }).strict(),
    output: detectResult,
    access: MANAGER_ROLES,
    summary: 'Probe candidate serial ports with SAM status (short timeout; the configured reader is skipped)',
  }),
  'devices.testRead': method({
    input: z.object({ timeoutMs: z.number().int().min(500).max(30_000) }).strict(),
    output: z.object({ cardType, idMasked: z.string(), idNumberValid: z.boolean(), expired: z.boolean() }),
    access: MANAGER_ROLES,
    summary: 'Wait for a card on the reader and show that it reads (masked)',
  }),
  'devices.photoDecoder': method({
    input: none,
    output: photoDecoderInfo,
    access: MANAGER_ROLES,
    summary: "The ID-photo decoder from the administrator's install file: configured or not, its path, or why it was refused",
  }),
  'hall.status': method({
    input: none,
    output: hallStatus,
    // public: the status bar shows the sync state on every screen; nothing in it is secret.
    access: 'public',
    summary: 'The hall link: enrolment and pinned fingerprint, sync state, unsent records and the oldest, the hall’s time and this PC’s skew',
  }),
  'hall.enrol': method({
    input: hallMethods.enrol,
    output: hallStatus,
    access: MANAGER_ROLES,
    summary: 'Enrol this counter with the hall server (its address and the one-time code); the certificate is pinned (audited)',
  }),
  'hall.forget': method({
    input: none,
    output: hallStatus,
    access: MANAGER_ROLES,
    summary: 'Leave the hall server: this counter’s key and the pinned certificate are deleted, its records stay (audited)',
  }),
  'hall.syncNow': method({
    input: none,
    output: hallStatus,
    access: MANAGER_ROLES,
    summary: 'Send to the hall now, without waiting for the next round or the backoff',
  }),
  'training.placeCard': method({
    input: z.object({ sample: sampleCard }).strict(),
    output: ok,
    access: 'signed-in',
    summary: 'Training mode: place a sample card on the simulated reader',
  }),
  'training.removeCard': method({
    input: none,
    output: ok,
    access: 'signed-in',
    summary: 'Training mode: take the card off the simulated reader',
  }),
  'training.printer': method({
    input: z.object({ action: simPrinterAction }).strict(),
    output: ok,
    access: 'signed-in',
    summary: 'Training mode: paper out/in, cover open/closed on the simulated printer',
  }),
  /** The queue at this counter (base/contract/counterQueue.ts). */
  ...counterQueueMethods,
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
