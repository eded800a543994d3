/**
 * "Only the machine's administrator can change this file": the test the install file and the
 * program it names must pass before the app trusts them. Whoever can rewrite either one can make
 * the app run any program with the clerk's rights on every card read.
 *
 * POSIX: the real file (symbolic links resolved) and every folder above it belong to root and are
 * writable by no group and no one else — like sudo and sshd check their files. A folder with the
 * sticky bit (such as /tmp) may be writable by all when root owns it: others cannot rename or
 * remove what is inside. When the install file's location comes from COUNTERDESK_INSTALL_CONFIG
 * (tests, a portable set-up), the process's own user may own them too: whoever sets the app's
 * environment already decides what it runs.
 *
 * Windows: the file's and its folder's security descriptor (SDDL, from PowerShell's Get-Acl) may
 * grant write, delete or permission changes only to SYSTEM, Administrators and TrustedInstaller,
 * and one of them must own it.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export interface Unsafe {
  /** The path that failed (the file or a folder above it). */
  where: string;
  zh: string;
  en: string;
}

export interface AdminOnlyOptions {
  /** Also accept the process's own user as owner (the location came from the environment). */
  allowOwnUser: boolean;
}

const GROUP_OR_OTHER_WRITE = 0o022;
const STICKY = 0o1000;

/** POSIX: null when only root (or, if allowed, this process's user) can change the file. */
export function posixUnsafe(file: string, opts: AdminOnlyOptions): Unsafe | null {
  let real: string;
  try {
    real = fs.realpathSync(file);
  } catch (e) {
    return { where: file, zh: `无法读取（${(e as NodeJS.ErrnoException).code ?? 'error'}）`, en: `cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})` };
  }
  const own = typeof process.getuid === 'function' ? process.getuid() : -1;
  const trusted = (uid: number) => uid === 0 || (opts.allowOwnUser && uid === own);
  const owner = opts.allowOwnUser ? 'root 或本程序的用户' : 'root';
  const ownerEn = opts.allowOwnUser ? "root or this program's user" : 'root';
  const st = fs.statSync(real);
  if (!st.isFile()) return { where: real, zh: '不是普通文件', en: 'is not a regular file' };
  if (!trusted(st.uid)) return { where: real, zh: `属主不是 ${owner}（uid ${st.uid}）`, en: `is not owned by ${ownerEn} (uid ${st.uid})` };
  if ((st.mode & GROUP_OR_OTHER_WRITE) !== 0) {
    return { where: real, zh: `同组或其他用户可写（权限 ${octal(st.mode)}）`, en: `is writable by its group or by others (mode ${octal(st.mode)})` };
  }
  for (let dir = path.dirname(real); ; dir = path.dirname(dir)) {
    const d = fs.statSync(dir);
    if (!trusted(d.uid)) return { where: dir, zh: `所在目录属主不是 ${owner}（uid ${d.uid}）`, en: `a folder above it is not owned by ${ownerEn} (uid ${d.uid})` };
    const sticky = (d.mode & STICKY) !== 0 && d.uid === 0;
    if ((d.mode & GROUP_OR_OTHER_WRITE) !== 0 && !sticky) {
      return { where: dir, zh: `所在目录同组或其他用户可写（权限 ${octal(d.mode)}）`, en: `a folder above it is writable by its group or by others (mode ${octal(d.mode)})` };
    }
    if (path.dirname(dir) === dir) return null;
  }
}

function octal(mode: number): string {
  return (mode & 0o7777).toString(8).padStart(4, '0');
}

/** SIDs allowed to write: SYSTEM, Administrators, TrustedInstaller (as SDDL aliases or numbers). */
const ADMIN_SIDS = new Set(['SY', 'BA', 'S-1-5-18', 'S-1-5-32-544', 'S-1-5-80-956008885-3418522649-1831038044-1853292631-2271478464']);

/** Rights that let a holder change the file or folder: write/append data, add or delete children, delete, change permissions or owner, generic write/all. */
const WRITE_MASK = 0x2 | 0x4 | 0x10 | 0x40 | 0x100 | 0x10000 | 0x40000 | 0x80000 | 0x2000000 | 0x10000000 | 0x40000000;

const RIGHTS: Record<string, number> = {
  GA: 0x10000000, GR: 0x80000000, GW: 0x40000000, GX: 0x20000000,
  RC: 0x20000, SD: 0x10000, WD: 0x40000, WO: 0x80000,
  CC: 0x1, DC: 0x2, LC: 0x4, SW: 0x8, RP: 0x10, WP: 0x20, DT: 0x40, LO: 0x80, CR: 0x100,
  FA: 0x1f01ff, FR: 0x120089, FW: 0x120116, FX: 0x1200a0,
  KA: 0xf003f, KR: 0x20019, KW: 0x20006, KX: 0x20019,
};

function rightsMask(text: string): number {
  if (/^0x[0-9a-f]+$/i.test(text)) return Number.parseInt(text.slice(2), 16);
  let mask = 0;
  for (let i = 0; i < text.length; i += 2) mask |= RIGHTS[text.slice(i, i + 2).toUpperCase()] ?? WRITE_MASK; // unknown: assume the worst
  return mask;
}

/** Windows: null when the SDDL lets only SYSTEM, Administrators and TrustedInstaller change the object. */
export function sddlUnsafe(sddl: string, where: string): Unsafe | null {
  const owner = /O:([^:()]+?)(?=[GDS]:|$)/.exec(sddl)?.[1];
  if (!owner || !ADMIN_SIDS.has(owner)) {
    return { where, zh: `属主不是管理员或系统（${owner ?? '未知'}）`, en: `is not owned by Administrators or SYSTEM (${owner ?? 'unknown'})` };
  }
  const dacl = /D:[A-Z]*((?:\([^)]*\))*)/.exec(sddl);
  // No DACL at all means everyone has full access.
  if (!dacl) return { where, zh: '没有访问控制列表（任何人可写）', en: 'has no access control list (anyone may write)' };
  for (const ace of dacl[1]!.match(/\(([^)]*)\)/g) ?? []) {
    const [type = '', flags = '', rights = '', , , sid = ''] = ace.slice(1, -1).split(';');
    if (type !== 'A' && type !== 'OA') continue; // only grants give rights
    if (flags.includes('IO')) continue; // inherit-only: applies to children, not this object
    if ((rightsMask(rights) & WRITE_MASK) !== 0 && !ADMIN_SIDS.has(sid)) {
      return { where, zh: `允许非管理员（${sid}）写入或修改权限`, en: `lets a non-administrator (${sid}) write it or change its permissions` };
    }
  }
  return null;
}

/** Windows: the file's and its folder's SDDL through PowerShell (a fixed system path, no shell). */
export async function windowsUnsafe(file: string): Promise<Unsafe | null> {
  for (const target of [file, path.dirname(file)]) {
    const sddl = await new Promise<string | null>((resolve) => {
      const ps = path.join(process.env.SystemRoot ?? 'C:\\Windows', 'System32', 'WindowsPowerShell', 'v1.0', 'powershell.exe');
      execFile(
        ps,
        ['-NoProfile', '-NonInteractive', '-Command', '(Get-Acl -LiteralPath $env:COUNTERDESK_ACL_PATH).Sddl'],
        { env: { ...process.env, COUNTERDESK_ACL_PATH: target }, timeout: 10_000, maxBuffer: 64 * 1024, windowsHide: true },
        (err, stdout) => resolve(err ? null : stdout.trim()),
      );
    });
    if (sddl === null) return { where: target, zh: '无法读取访问权限', en: 'its permissions cannot be read' };
    const problem = sddlUnsafe(sddl, target);
    if (problem) return problem;
  }
  return null;
}

/** The platform's test. */
export async function adminOnlyProblem(file: string, opts: AdminOnlyOptions): Promise<Unsafe | null> {
  return process.platform === 'win32' ? windowsUnsafe(file) : posixUnsafe(file, opts);
}
