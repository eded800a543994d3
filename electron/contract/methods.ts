/**
 * Every method the renderer may call: name, zod input, zod output, who may call it.
 * Both transports (Electron IPC and browser-mode HTTP) carry exactly these; the dispatcher
 * in core validates input and output against them.
 */
import { z } from 'zod';
import type { Access } from './roles';
import { devicesStatus } from './devices';
import { settingsPatchSchema, settingsSchema } from './settings';

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
} as const;

export type Methods = typeof methods;
export type MethodName = keyof Methods;
export type MethodInput<M extends MethodName> = z.input<Methods[M]['input']>;
export type MethodOutput<M extends MethodName> = z.output<Methods[M]['output']>;

export function isMethodName(v: unknown): v is MethodName {
  return typeof v === 'string' && Object.prototype.hasOwnProperty.call(methods, v);
}

export { ok as okSchema };
