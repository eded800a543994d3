/**
 * Where browser mode's per-run token comes from: the environment (COUNTERDESK_TOKEN) or a file
 * only its owner can read (--token-file), else a fresh random one. Never the command line: every
 * user on the machine can read a process's arguments (`ps`, /proc/<pid>/cmdline).
 */
import fs from 'node:fs';
import { randomBytes } from 'node:crypto';

export const TOKEN_ENV = 'COUNTERDESK_TOKEN';
const TOKEN_SHAPE = /^[A-Za-z0-9._~-]{16,256}$/;

export type TokenSource = { ok: true; token: string; from: 'env' | 'file' | 'random' } | { ok: false; message: string };

export interface TokenInputs {
  /** The value of COUNTERDESK_TOKEN, if set. */
  env: string | undefined;
  /** --token-file, if given. */
  file: string | undefined;
  /** Whether the command line carried --token (refused, whatever its value). */
  argvToken: boolean;
}

export function resolveToken(i: TokenInputs, fsImpl: Pick<typeof fs, 'statSync' | 'readFileSync'> = fs): TokenSource {
  if (i.argvToken) {
    return {
      ok: false,
      message: `不接受命令行参数 --token（进程列表中人人可见）— 请改用环境变量 ${TOKEN_ENV} 或 --token-file 文件 / --token is refused (anyone can read it in the process list): use ${TOKEN_ENV} or --token-file FILE`,
    };
  }
  if (i.env !== undefined && i.env !== '') return shaped(i.env.trim(), 'env');
  if (i.file !== undefined) {
    let st: fs.Stats;
    let text: string;
    try {
      st = fsImpl.statSync(i.file);
      text = fsImpl.readFileSync(i.file, 'utf8');
    } catch (e) {
      return { ok: false, message: `无法读取令牌文件 ${i.file} / Cannot read the token file ${i.file}: ${e instanceof Error ? e.message : String(e)}` };
    }
    if (process.platform !== 'win32' && (st.mode & 0o077) !== 0) {
      return { ok: false, message: `令牌文件 ${i.file} 其他用户可读 — 请执行 chmod 600 / The token file ${i.file} is readable by others — run chmod 600 on it` };
    }
    return shaped(text.trim(), 'file');
  }
  return { ok: true, token: randomBytes(24).toString('base64url'), from: 'random' };
}

function shaped(token: string, from: 'env' | 'file'): TokenSource {
  if (TOKEN_SHAPE.test(token)) return { ok: true, token, from };
  return {
    ok: false,
    message: `令牌格式不对：须为 16–256 个字母、数字或 ._~- / The token must be 16–256 letters, digits or ._~- characters`,
  };
}
