/**
 * One hall process per embedded data folder: PGlite is PostgreSQL in this process, so a second
 * process opening the same folder would corrupt it. The lock file names the holder's pid and,
 * once it serves, its URL, certificate fingerprint and admin token, so the command line can
 * reach the running hall (admin API on loopback) instead of opening the folder itself.
 */
import fs from 'node:fs';
import path from 'node:path';
import { BilingualError } from '../../base/contract/errors';

export const LOCK_FILE = 'hall.lock';

export interface HallLock {
  pid: number;
  url?: string;
  fingerprint?: string;
  certPem?: string;
  adminToken?: string;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function readLock(dataDir: string): HallLock | null {
  try {
    const l = JSON.parse(fs.readFileSync(path.join(dataDir, LOCK_FILE), 'utf8')) as HallLock;
    return Number.isInteger(l.pid) && alive(l.pid) ? l : null;
  } catch {
    return null;
  }
}

export class HallBusyError extends BilingualError {
  constructor(readonly lock: HallLock, dataDir: string) {
    super(
      'HALL_STORAGE_BUSY',
      `大厅服务器（进程 ${lock.pid}）正在使用数据目录 ${dataDir}`,
      `The hall server (process ${lock.pid}) is using the data folder ${dataDir}`,
      { pid: lock.pid },
    );
  }
}

/** Takes the folder's lock (a stale one from a crashed process is taken over). */
export function acquireLock(dataDir: string): { update(info: Omit<HallLock, 'pid'>): void; release(): void } {
  const file = path.join(dataDir, LOCK_FILE);
  const held = readLock(dataDir);
  if (held) throw new HallBusyError(held, dataDir);
  const write = (l: HallLock) => fs.writeFileSync(file, JSON.stringify(l), { mode: 0o600 });
  write({ pid: process.pid });
  return {
    update: (info) => write({ pid: process.pid, ...info }),
    release: () => {
      if (readLock(dataDir)?.pid === process.pid) fs.rmSync(file, { force: true });
    },
  };
}
