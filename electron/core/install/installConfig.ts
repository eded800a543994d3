/**
 * Install-time configuration: what only the machine's administrator may decide, because it makes
 * the app run a program — today the vendor's ID-photo decoder. It lives in a file the app's own
 * user cannot write, never in the settings a duty manager changes over RPC:
 *
 *   Linux/macOS  /etc/counterdesk/install.json
 *   Windows      %ProgramData%\CounterDesk\install.json
 *   tests        the file named by COUNTERDESK_INSTALL_CONFIG
 *
 *   { "photoDecoder": { "path": "/opt/vendor/bin/wlt2bmp", "args": [], "timeoutMs": 2000, "maxOutputBytes": 262144 } }
 *
 * Read once at start (a change takes effect at the next start, like any installed program's
 * configuration). A missing file means nothing is configured; a file or program that others can
 * change, or that does not parse, is refused as a whole with a bilingual reason, shown on the
 * device page and in the shift-start check — and nothing is run.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { BilingualError } from '../../../base/contract/errors';
import { DEFAULT_DECODER_MAX_BYTES, DEFAULT_DECODER_TIMEOUT_MS } from '../../../native/idcard/photo';
import { adminOnlyProblem, type Unsafe } from './adminOnly';

export const INSTALL_CONFIG_ENV = 'COUNTERDESK_INSTALL_CONFIG';

const absolutePath = z
  .string()
  .min(1)
  .max(1024)
  .refine((p) => path.isAbsolute(p) && path.normalize(p) === p, { message: 'must be an absolute, normalised path' });

export const installConfigSchema = z
  .object({
    photoDecoder: z
      .object({
        /** The program, by absolute path: no PATH lookup, no shell. */
        path: absolutePath,
        /** Its arguments, passed as they are (no shell expands them). */
        args: z.array(z.string().max(256)).max(16).default([]),
        timeoutMs: z.number().int().min(100).max(10_000).default(DEFAULT_DECODER_TIMEOUT_MS),
        maxOutputBytes: z.number().int().min(1024).max(4 * 1024 * 1024).default(DEFAULT_DECODER_MAX_BYTES),
      })
      .strict()
      .optional(),
  })
  .strict();

export type PhotoDecoderConfig = NonNullable<z.infer<typeof installConfigSchema>['photoDecoder']>;

export interface InstallConfig {
  /** Where the file was looked for. */
  file: string;
  /** Whether that place came from COUNTERDESK_INSTALL_CONFIG. */
  fromEnv: boolean;
  /** Whether the file exists. */
  present: boolean;
  /** The decoder, when the file names one and passed every check. */
  photoDecoder: PhotoDecoderConfig | null;
  /** Why the file (or the program it names) was refused; nothing in it is used then. */
  error: BilingualError | null;
}

/** The install file's place on this machine. */
export function installConfigPath(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): { file: string; fromEnv: boolean } {
  const override = env[INSTALL_CONFIG_ENV];
  if (override) return { file: path.resolve(override), fromEnv: true };
  if (platform === 'win32') return { file: path.win32.join(env.ProgramData ?? env.PROGRAMDATA ?? 'C:\\ProgramData', 'CounterDesk', 'install.json'), fromEnv: false };
  return { file: '/etc/counterdesk/install.json', fromEnv: false };
}

function unsafe(what_zh: string, what_en: string, u: Unsafe): BilingualError {
  return new BilingualError(
    'INSTALL_CONFIG_UNSAFE',
    `${what_zh}不安全，已拒绝使用：${u.where} ${u.zh} — 请本机管理员将其改为仅管理员可写（如 chown root:root 并 chmod 644），照片解码程序不会运行`,
    `${what_en} is not safe and was refused: ${u.where} ${u.en} — the machine's administrator must make it writable by administrators only (e.g. chown root:root, chmod 644); the photo decoder will not run`,
    { where: u.where },
  );
}

/** Reads and checks the install file; never throws (a refusal is returned in `error`). */
export async function loadInstallConfig(env: NodeJS.ProcessEnv = process.env): Promise<InstallConfig> {
  const { file, fromEnv } = installConfigPath(env);
  const base = { file, fromEnv, present: false, photoDecoder: null, error: null };
  if (!fs.existsSync(file)) return base;
  const present = { ...base, present: true };
  const fileProblem = await adminOnlyProblem(file, { allowOwnUser: fromEnv });
  if (fileProblem) return { ...present, error: unsafe('安装配置文件', 'The install file', fileProblem) };
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    return {
      ...present,
      error: new BilingualError(
        'INSTALL_CONFIG_UNREADABLE',
        `安装配置文件无法读取或不是合法的 JSON：${file} — 请本机管理员修复；照片解码程序不会运行`,
        `The install file cannot be read or is not valid JSON: ${file} — the machine's administrator must repair it; the photo decoder will not run`,
        { reason: e instanceof Error ? e.message.slice(0, 200) : String(e) },
      ),
    };
  }
  const parsed = installConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    return {
      ...present,
      error: new BilingualError(
        'INSTALL_CONFIG_INVALID',
        `安装配置文件内容不正确：${issues}（${file}）— 请本机管理员修复；照片解码程序不会运行`,
        `The install file has invalid values: ${issues} (${file}) — the machine's administrator must repair it; the photo decoder will not run`,
      ),
    };
  }
  const decoder = parsed.data.photoDecoder ?? null;
  if (decoder) {
    const programProblem = await adminOnlyProblem(decoder.path, { allowOwnUser: fromEnv });
    if (programProblem) return { ...present, error: unsafe('照片解码程序', 'The photo decoder program', programProblem) };
    try {
      fs.accessSync(decoder.path, fs.constants.X_OK);
    } catch {
      return {
        ...present,
        error: new BilingualError(
          'INSTALL_CONFIG_INVALID',
          `照片解码程序不可执行：${decoder.path} — 请本机管理员检查安装；照片解码程序不会运行`,
          `The photo decoder program is not executable: ${decoder.path} — the machine's administrator must check the installation; the photo decoder will not run`,
        ),
      };
    }
  }
  return { ...present, photoDecoder: decoder };
}
