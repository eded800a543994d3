import { z } from 'zod';
import { errorShape } from './errors';

/** A device's state as the status bar shows it (colour + words, never colour alone). */
export const deviceState = z.enum([
  'simulated', // training mode: the in-process simulator answers
  'connecting',
  'ready',
  'busy',
  'warning', // works, but needs attention soon (paper near end)
  'error', // needs the clerk (paper out, cover open, SAM fault)
  'disconnected',
  'not_configured',
]);
export type DeviceState = z.infer<typeof deviceState>;

export const deviceStatus = z.object({
  state: deviceState,
  /** What the status bar says, and what to do (one line each). */
  message_zh: z.string(),
  message_en: z.string(),
  /** serial:/dev/ttyUSB0@115200, hid:10c4:0007, simulated */
  link: z.string(),
  since: z.number().int(),
});
export type DeviceStatus = z.infer<typeof deviceStatus>;

export const devicesStatus = z.object({
  trainingMode: z.boolean(),
  idcard: deviceStatus,
  printer: deviceStatus,
  drawer: deviceStatus.extend({ open: z.boolean().nullable() }),
  database: deviceStatus,
});
export type DevicesStatus = z.infer<typeof devicesStatus>;

export const portListing = z.object({
  serial: z.array(z.object({ path: z.string(), manufacturer: z.string().nullable(), vendorId: z.string().nullable(), productId: z.string().nullable() })),
  hid: z.array(z.object({ path: z.string().nullable(), vendorId: z.number().int(), productId: z.number().int(), product: z.string().nullable() })),
  errors: z.array(z.object({ source: z.string(), message: z.string() })),
});

export const detectResult = z.object({
  found: z.array(z.object({ port: z.string(), baudRate: z.number().int(), healthy: z.boolean(), samId: z.string().nullable() })),
  probes: z.array(z.object({ port: z.string(), reader: z.boolean(), reason: z.string().nullable() })),
});

export const sampleCard = z.enum(['resident', 'hmt-permit', 'foreign-2017', 'foreign-2023']);
export const simPrinterAction = z.enum(['paper-out', 'paper-in', 'near-end', 'cover-open', 'cover-close', 'offline', 'online', 'drawer-close']);

/**
 * The ID-photo decoder as installed by the machine's administrator (install.json): shown on the
 * device page and in the shift-start check. Never set through the settings.
 */
export const photoDecoderInfo = z.object({
  configured: z.boolean(),
  /** The program's absolute path, when configured. */
  path: z.string().nullable(),
  args: z.array(z.string()),
  timeoutMs: z.number().int().nullable(),
  maxOutputBytes: z.number().int().nullable(),
  /** Where the install file is looked for on this machine, and whether it is there. */
  installFile: z.string(),
  installFilePresent: z.boolean(),
  /** Why the install file or its program was refused (nothing is run then). */
  error: errorShape.nullable(),
  /** A decoder command left in an old settings file, ignored. */
  notices: z.array(errorShape),
});
export type PhotoDecoderInfo = z.infer<typeof photoDecoderInfo>;
