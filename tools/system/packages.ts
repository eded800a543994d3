/**
 * The Debian packages the tests need, in one place: `npm test` checks them first (tests/run.ts)
 * and installs the missing ones when it can (root and apt-get), else stops with one line naming
 * the command to run. Each package is found by what the tests actually use from it, so the check
 * also works where the files came from somewhere other than dpkg.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export interface SystemPackage {
  /** The Debian package name (apt-get install …). */
  name: string;
  /** What the tests use it for. */
  why: string;
  /** Present when any of these commands is on PATH… */
  commands?: string[];
  /** …or any of these files exists (one `*` per path segment allowed). */
  files?: string[];
}

export const SYSTEM_PACKAGES: readonly SystemPackage[] = [
  { name: 'chromium', why: 'end-to-end tests in a real browser (playwright-core)', commands: ['chromium'], files: ['/usr/bin/chromium'] },
  { name: 'socat', why: 'pseudo-terminal pairs for the reader and printer tests', commands: ['socat'] },
  { name: 'udev', why: "serialport's port listing (udevadm)", commands: ['udevadm'] },
  { name: 'libusb-1.0-0', why: 'node-hid', files: ['/lib/*/libusb-1.0.so.0', '/usr/lib/*/libusb-1.0.so.0', '/usr/lib/libusb-1.0.so.0'] },
  { name: 'fonts-noto-cjk', why: 'Chinese text in browser screenshots and receipt previews', files: ['/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc'] },
  { name: 'postgresql', why: "the hall server's tests run a real PostgreSQL server", files: ['/usr/lib/postgresql/*/bin/initdb'] },
];

/** What the machine has, as plain facts (probeSystem() reads them; tests pass their own). */
export interface SystemFacts {
  onPath(command: string): boolean;
  exists(pattern: string): boolean;
  isRoot: boolean;
  hasAptGet: boolean;
}

export function missingPackages(facts: Pick<SystemFacts, 'onPath' | 'exists'>, list: readonly SystemPackage[] = SYSTEM_PACKAGES): SystemPackage[] {
  return list.filter((p) => !(p.commands ?? []).some((c) => facts.onPath(c)) && !(p.files ?? []).some((f) => facts.exists(f)));
}

export type PackagePlan =
  | { action: 'none' }
  | { action: 'install'; packages: string[]; /** Run in order, as root. */ commands: string[][] }
  | { action: 'stop'; line: string };

export function installCommand(packages: readonly string[]): string {
  return `sudo apt-get install -y --no-install-recommends ${packages.join(' ')}`;
}

/** What `npm test` does about the missing packages. */
export function planPackages(missing: readonly SystemPackage[], facts: Pick<SystemFacts, 'isRoot' | 'hasAptGet'>): PackagePlan {
  if (missing.length === 0) return { action: 'none' };
  const names = missing.map((p) => p.name);
  if (facts.isRoot && facts.hasAptGet) {
    return {
      action: 'install',
      packages: names,
      commands: [
        ['apt-get', 'update', '-qq'],
        ['apt-get', 'install', '-y', '-qq', '--no-install-recommends', ...names],
      ],
    };
  }
  const how = facts.hasAptGet ? installCommand(names) : `install ${names.join(', ')} (Debian: ${installCommand(names)})`;
  return { action: 'stop', line: `测试需要的系统软件包缺失：${names.join(' ')} — 请先运行 / Missing system packages for the tests: run: ${how}` };
}

function onPath(command: string): boolean {
  return (process.env.PATH ?? '').split(path.delimiter).some((d) => {
    try {
      fs.accessSync(path.join(d, command), fs.constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

function escapeRegExp(s: string): string {
  return s.replace(/[.+?^$|()[\]{}\\]/g, '\\$&');
}

/** Whether a path with `*` segments (each matching one directory entry) names an existing file. */
function exists(pattern: string): boolean {
  const parts = pattern.split('/').filter(Boolean);
  const walk = (dir: string, i: number): boolean => {
    if (i === parts.length) return fs.existsSync(dir);
    const part = parts[i]!;
    if (!part.includes('*')) return walk(path.join(dir, part), i + 1);
    const re = new RegExp('^' + part.split('*').map(escapeRegExp).join('.*') + '$');
    let entries: string[];
    try {
      entries = fs.readdirSync(dir);
    } catch {
      return false;
    }
    return entries.some((e) => re.test(e) && walk(path.join(dir, e), i + 1));
  };
  return walk('/', 0);
}

export function probeSystem(): SystemFacts {
  return {
    onPath,
    exists,
    isRoot: typeof process.getuid === 'function' && process.getuid() === 0,
    hasAptGet: process.platform === 'linux' && onPath('apt-get'),
  };
}

/** Runs a plan's install commands; true when they all succeeded. */
export function runInstall(plan: Extract<PackagePlan, { action: 'install' }>): boolean {
  for (const [cmd, ...args] of plan.commands) {
    const r = spawnSync(cmd!, args, { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    if (r.status !== 0) return false;
  }
  return true;
}
