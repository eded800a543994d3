/** A real core on a throw-away data folder, for integration tests. */
import { startCore, type Core } from '../../electron/core/app';
import { ManualClock, type Clock } from '../../base/clock';
import { confSettingsPort } from '../../electron/core/settings/confPort';
import type { ScryptParams } from '../../base/node/secretHash';
import type { InstallConfig } from '../../electron/core/install/installConfig';
import { tempDir } from './tempDir';

/** No install file: a test core never reads the machine's own /etc/counterdesk/install.json. */
export const NO_INSTALL: InstallConfig = { file: '/nonexistent/counterdesk/install.json', fromEnv: true, present: false, photoDecoder: null, error: null };

export async function testCore(opts: { dataDir?: string; clock?: Clock; scrypt?: ScryptParams; install?: InstallConfig } = {}): Promise<Core & { dataDir: string }> {
  const dataDir = opts.dataDir ?? tempDir();
  const core = await startCore({
    dataDir,
    settingsPort: confSettingsPort(dataDir),
    version: '0.0.0-test',
    transport: 'http',
    clock: opts.clock ?? new ManualClock(Date.UTC(2026, 10, 26, 2, 0, 0)),
    ...(opts.scrypt ? { scrypt: opts.scrypt } : {}),
    install: opts.install ?? NO_INSTALL,
  });
  return Object.assign(core, { dataDir });
}
