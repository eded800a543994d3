/**
 * The card photo: 1024 bytes of WLT, which only closed vendor libraries decode. The raw bytes
 * are always kept; a site with a vendor decoder has its administrator name the program in the
 * install file (electron/core/install/installConfig.ts): it reads the WLT bytes on stdin and
 * writes a BMP or PNG on stdout. Without one, the answer says so plainly: no image is ever made up.
 *
 * The program runs with the app's rights on every card read, so it is run as tightly as a
 * program can be: by absolute path without a shell (no word splitting, no globbing, no
 * PATH lookup), with a scrubbed environment (the browser host's token and the like stay out),
 * in its own process group so a timeout kills whatever it started too, and with a bound on
 * what it may print.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export type PhotoResult =
  | { available: true; mime: 'image/bmp' | 'image/png'; bytes: Uint8Array }
  | { available: false; reason_zh: string; reason_en: string };

export interface PhotoDecoder {
  decode(wlt: Uint8Array): Promise<PhotoResult>;
}

const COMPARE_ZH = '请将持证人本人与实体证件上的照片进行比对。';
const COMPARE_EN = "Compare the holder's face with the photo on the physical card.";

function unavailable(zh: string, en: string): PhotoResult {
  return { available: false, reason_zh: `${zh}${COMPARE_ZH}`, reason_en: `${en} ${COMPARE_EN}` };
}

/** The decoder when none is configured. */
export const noPhotoDecoder: PhotoDecoder = {
  async decode() {
    return unavailable('未配置证件照片解码程序，无法显示照片。', 'No photo decoder is configured, so the photo cannot be shown.');
  },
};

export function imageMime(bytes: Uint8Array): 'image/bmp' | 'image/png' | null {
  if (bytes.length > 54 && bytes[0] === 0x42 && bytes[1] === 0x4d) return 'image/bmp';
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.length > 8 && png.every((b, i) => bytes[i] === b)) return 'image/png';
  return null;
}

/** A vendor decoder answers in tens of milliseconds; the clerk waits for the card while it runs. */
export const DEFAULT_DECODER_TIMEOUT_MS = 2000;
/** A 102×126 24-bit BMP is ~38 KB; a quarter MiB leaves room for a PNG with metadata. */
export const DEFAULT_DECODER_MAX_BYTES = 256 * 1024;

export interface CommandDecoderOptions {
  /** Absolute path of the program (checked here again: no PATH lookup). */
  path: string;
  args?: readonly string[];
  timeoutMs?: number;
  /** Largest output accepted; more and the program is killed. */
  maxBytes?: number;
}

/** What the program sees of the environment: enough to run, nothing of the app's secrets. */
function decoderEnv(): NodeJS.ProcessEnv {
  const keep = process.platform === 'win32' ? ['SystemRoot', 'SYSTEMROOT', 'windir', 'TEMP', 'TMP', 'PATHEXT'] : ['LANG', 'LC_ALL', 'TZ'];
  const env: NodeJS.ProcessEnv = { PATH: process.platform === 'win32' ? `${process.env.SystemRoot ?? 'C:\\Windows'}\\System32` : '/usr/bin:/bin' };
  for (const k of keep) if (process.env[k] !== undefined) env[k] = process.env[k];
  return env;
}

/** Kills the program and everything it started (its process group on POSIX). */
function killAll(child: ChildProcess): void {
  try {
    if (process.platform !== 'win32' && child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    else child.kill('SIGKILL');
  } catch {
    // Already gone.
  }
}

/** Runs the configured vendor program: WLT on stdin, BMP/PNG on stdout. */
export class CommandPhotoDecoder implements PhotoDecoder {
  constructor(private readonly opts: CommandDecoderOptions) {}

  decode(wlt: Uint8Array): Promise<PhotoResult> {
    const { args = [], timeoutMs = DEFAULT_DECODER_TIMEOUT_MS, maxBytes = DEFAULT_DECODER_MAX_BYTES } = this.opts;
    return new Promise((resolve) => {
      let settled = false;
      const clock: { timer?: NodeJS.Timeout } = {};
      const done = (r: PhotoResult) => {
        if (settled) return;
        settled = true;
        clearTimeout(clock.timer);
        resolve(r);
      };
      const failed = (zh: string, en: string) =>
        done(unavailable(`照片解码程序失败（${zh}），无法显示照片。`, `The photo decoder failed (${en}), so the photo cannot be shown.`));
      if (!path.isAbsolute(this.opts.path)) {
        failed('程序路径必须是绝对路径', 'the program path must be absolute');
        return;
      }
      let child: ChildProcess;
      try {
        child = spawn(this.opts.path, [...args], {
          shell: false,
          stdio: ['pipe', 'pipe', 'pipe'],
          env: decoderEnv(),
          // Its own process group, so a timeout can kill what a wrapper script started.
          detached: process.platform !== 'win32',
          windowsHide: true,
        });
      } catch (err) {
        failed('无法启动', `cannot start: ${err instanceof Error ? err.message : String(err)}`);
        return;
      }
      clock.timer = setTimeout(() => {
        killAll(child);
        failed(`超过 ${timeoutMs} 毫秒未完成，已终止`, `no answer within ${timeoutMs} ms; it was killed`);
      }, timeoutMs);
      const chunks: Buffer[] = [];
      let size = 0;
      child.stdout!.on('data', (c: Buffer) => {
        if (settled) return;
        size += c.length;
        if (size > maxBytes) {
          killAll(child);
          failed(`输出超过 ${maxBytes} 字节，已终止`, `output over ${maxBytes} bytes; it was killed`);
        } else chunks.push(c);
      });
      // Read and dropped: a program blocked on a full stderr pipe would only time out.
      child.stderr!.resume();
      child.on('error', (err) => failed('无法启动', `cannot start: ${err.message}`));
      child.on('close', (code, signal) => {
        if (code !== 0) {
          failed(`退出码 ${code ?? signal}`, `exit code ${code ?? signal}`);
          return;
        }
        const bytes = new Uint8Array(Buffer.concat(chunks));
        const mime = imageMime(bytes);
        if (!mime) failed('输出既不是 BMP 也不是 PNG', 'output is neither BMP nor PNG');
        else done({ available: true, mime, bytes });
      });
      child.stdin!.on('error', () => undefined);
      child.stdin!.end(Buffer.from(wlt));
    });
  }
}
