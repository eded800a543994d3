/** A real core on a throw-away data folder, for integration tests. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startCore, type Core } from '../../electron/core/app';
import { ManualClock, type Clock } from '../../base/clock';
import { confSettingsPort } from '../../electron/core/settings/confPort';
import type { ScryptParams } from '../../electron/core/staff/secretHash';

/** Cheap hashing for tests that create many cores or sign in often (production keeps the defaults). */
export const FAST_SCRYPT: ScryptParams = { N: 2 ** 4, r: 1, p: 1 };

export function tempDir(prefix = 'cd-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export async function testCore(opts: { dataDir?: string; clock?: Clock; scrypt?: ScryptParams } = {}): Promise<Core & { dataDir: string }> {
  const dataDir = opts.dataDir ?? tempDir();
  const core = await startCore({
    dataDir,
    settingsPort: confSettingsPort(dataDir),
    version: '0.0.0-test',
    transport: 'http',
    clock: opts.clock ?? new ManualClock(Date.UTC(2026, 10, 26, 2, 0, 0)),
    ...(opts.scrypt ? { scrypt: opts.scrypt } : {}),
  });
  return Object.assign(core, { dataDir });
}
