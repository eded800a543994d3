/**
 * The settings a hall, a counter and its devices are configured with.
 * Validated by zod on every read and write: a bad value is refused with a clear
 * error and never reaches the file.
 */
import { z } from 'zod';
import { BusinessCalendarSchema, DEFAULT_CALENDAR } from '../calendar';

const portPath = z.string().trim().min(1).max(256);
const baud = z.union([z.literal(9600), z.literal(19200), z.literal(38400), z.literal(57600), z.literal(115200)]);

export const idcardSettings = z.object({
  /** simulated = in-process simulator (training mode); serial/hid = a real reader. */
  mode: z.enum(['simulated', 'serial', 'hid']).default('simulated'),
  port: portPath.nullable().default(null),
  baudRate: baud.default(115200),
  /**
   * Find-card polling period (ms, start to start). 20 keeps placement → card within ~25 ms of
   * the read's own wire time at 115200 baud, for ~9% of the line's time and ~4.5% of one core
   * (README, Figures). At 9600 baud a find alone takes 22 ms of wire: use 100 or more there.
   */
  pollIntervalMs: z.number().int().min(20).max(5000).default(20),
  // No photo decoder here: a program to run is install-time configuration that only the
  // machine's administrator can write (electron/core/install/installConfig.ts), never a setting a
  // duty manager changes over RPC. See INSTALL_ONLY_SETTINGS below.
});

/**
 * Keys that once were settings and now belong to the administrator's install file, because they
 * name a program the app runs. An update that names one is refused with SETTING_INSTALL_ONLY; a
 * settings file from an older version that still holds one has the key dropped with a warning
 * (SettingsService), since refusing the whole file would put a working counter back on the
 * simulated devices after an upgrade.
 */
export const INSTALL_ONLY_SETTINGS = [
  {
    path: ['devices', 'idcard', 'photoDecoderCommand'],
    zh: '证件照片解码程序只能由本机管理员在安装配置文件（install.json）中设置，不能在设置中修改',
    en: "The ID photo decoder is set only by this machine's administrator in the install file (install.json), never in the settings",
  },
] as const;

/** The issue code the dispatcher turns into SETTING_INSTALL_ONLY (contract/issues.ts). */
export const INSTALL_ONLY_ISSUE = 'SETTING_INSTALL_ONLY';

/** A patch key that is refused whatever its value, with the bilingual reason. */
function installOnly(zh: string, en: string) {
  return z
    .unknown()
    .superRefine((_v, ctx) => ctx.addIssue({ code: 'custom', message: zh, params: { code: INSTALL_ONLY_ISSUE, message_en: en } }))
    .optional();
}
const decoderRule = INSTALL_ONLY_SETTINGS[0];

export const printerSettings = z.object({
  mode: z.enum(['simulated', 'serial']).default('simulated'),
  port: portPath.nullable().default(null),
  baudRate: baud.default(115200),
  paperWidth: z.union([z.literal(58), z.literal(80)]).default(80),
  cut: z.enum(['full', 'partial']).default('partial'),
  drawerPin: z.union([z.literal(2), z.literal(5)]).default(2),
  /** Whether "drawer pin 3 high" (DLE EOT 1, bit 2) means the drawer is open. */
  drawerOpenWhenHigh: z.boolean().default(true),
  drawerPulseMs: z.number().int().min(10).max(510).default(50),
});

export const hallSettings = z.object({
  hallName: z.string().trim().min(1).max(40).default('示范营业厅'),
  counterId: z.string().trim().regex(/^[0-9A-Za-z-]{1,8}$/).default('03'),
  timeZone: z.string().min(1).max(64).default('Asia/Shanghai'),
});

export const tillSettings = z.object({
  /** Within this variance (fen, either way) the clerk may settle alone. */
  toleranceFen: z.number().int().min(0).max(100_000).default(500),
  /**
   * A clock jump larger than this since the last observation blocks settlement until the duty
   * manager approves the clock. The core observes the clock every minute, so a quiet afternoon
   * is not taken for a jump.
   */
  maxClockJumpMinutes: z.number().int().min(1).max(24 * 60).default(120),
  /**
   * When the hall server's time is known, a PC clock further off it than this makes the counter
   * suspect: settlement waits for the duty manager to check the time and approve.
   */
  maxClockSkewMinutes: z.number().int().min(1).max(60).default(2),
  /** Opening and closing time per weekday and dated exceptions: the early-closing lock reads it. */
  calendar: BusinessCalendarSchema.default(DEFAULT_CALENDAR),
});
export type TillSettings = z.infer<typeof tillSettings>;

export const settingsSchema = z.object({
  locale: z.enum(['zh-CN', 'en']).default('zh-CN'),
  hall: hallSettings.prefault({}),
  devices: z
    .object({
      idcard: idcardSettings.prefault({}),
      printer: printerSettings.prefault({}),
    })
    .prefault({}),
  security: z
    .object({
      idleLockMinutes: z.number().int().min(1).max(120).default(5),
    })
    .prefault({}),
  privacy: z
    .object({
      retentionDays: z.number().int().min(1).max(3650).default(180),
    })
    .prefault({}),
  till: tillSettings.prefault({}),
});

export type Settings = z.infer<typeof settingsSchema>;

/** A partial update: any subset of sections and fields. */
export const settingsPatchSchema = z
  .object({
    locale: settingsSchema.shape.locale.unwrap().optional(),
    hall: hallSettings.partial().strict().optional(),
    devices: z
      .object({
        idcard: idcardSettings.partial().extend({ photoDecoderCommand: installOnly(decoderRule.zh, decoderRule.en) }).strict().optional(),
        printer: printerSettings.partial().strict().optional(),
      })
      .strict()
      .optional(),
    security: z.object({ idleLockMinutes: z.number().int().min(1).max(120) }).partial().strict().optional(),
    privacy: z.object({ retentionDays: z.number().int().min(1).max(3650) }).partial().strict().optional(),
    till: z
      .object({
        toleranceFen: z.number().int().min(0).max(100_000),
        maxClockJumpMinutes: z.number().int().min(1).max(24 * 60),
        maxClockSkewMinutes: z.number().int().min(1).max(60),
        calendar: BusinessCalendarSchema,
      })
      .partial()
      .strict()
      .optional(),
  })
  .strict();

export type SettingsPatch = z.infer<typeof settingsPatchSchema>;

export function defaultSettings(): Settings {
  return settingsSchema.parse({});
}

/** Training mode: while any device is the in-process simulator (the banner and the status bar say so). */
export function isTrainingMode(devices: Settings['devices']): boolean {
  return devices.idcard.mode === 'simulated' || devices.printer.mode === 'simulated';
}
