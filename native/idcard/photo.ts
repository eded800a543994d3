/**
 * The card photo: 1024 bytes of WLT, which only closed vendor libraries decode. The raw bytes
 * are always kept; a site with a vendor decoder configures it as a command that reads the WLT
 * bytes on stdin and writes a BMP or PNG on stdout. Without one, the answer says so plainly:
 * no image is ever made up.
 */
import { spawn } from 'node:child_process';

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

export interface CommandDecoderOptions {
  command: string;
  args?: string[];
  timeoutMs?: number;
  /** Largest output accepted (a 102×126 BMP is ~38 KB). */
  maxBytes?: number;
}

/** Runs a configured vendor command: WLT on stdin, BMP/PNG on stdout. */
export class CommandPhotoDecoder implements PhotoDecoder {
  constructor(private readonly opts: CommandDecoderOptions) {}

  decode(wlt: Uint8Array): Promise<PhotoResult> {
    const { command, args = [], timeoutMs = 5000, maxBytes = 4 * 1024 * 1024 } = this.opts;
    return new Promise((resolve) => {
      let settled = false;
      const done = (r: PhotoResult) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(r);
      };
      const failed = (why: string) =>
        done(unavailable(`照片解码程序失败（${why}），无法显示照片。`, `The photo decoder failed (${why}), so the photo cannot be shown.`));
      let child: ReturnType<typeof spawn>;
      try {
        child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
      } catch (err) {
        failed(err instanceof Error ? err.message : String(err));
        return;
      }
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        failed(`${timeoutMs} ms timeout`);
      }, timeoutMs);
      const chunks: Buffer[] = [];
      let size = 0;
      child.stdout!.on('data', (c: Buffer) => {
        size += c.length;
        if (size > maxBytes) {
          child.kill('SIGKILL');
          failed('output too large');
        } else chunks.push(c);
      });
      child.stderr!.resume();
      child.on('error', (err) => failed(err.message));
      child.on('close', (code) => {
        if (code !== 0) {
          failed(`exit code ${code}`);
          return;
        }
        const bytes = new Uint8Array(Buffer.concat(chunks));
        const mime = imageMime(bytes);
        if (!mime) failed('output is neither BMP nor PNG');
        else done({ available: true, mime, bytes });
      });
      child.stdin!.on('error', () => undefined);
      child.stdin!.end(Buffer.from(wlt));
    });
  }
}
