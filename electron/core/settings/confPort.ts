/** SettingsPort backed by `conf`: an atomically written JSON file in the data folder. */
import Conf from 'conf';
import path from 'node:path';
import type { SettingsPort } from './port';

export function confSettingsPort(dataDir: string): SettingsPort {
  let conf: Conf<Record<string, unknown>> | null = null;
  const location = path.join(dataDir, 'settings.json');
  // conf parses the file in its constructor; a broken file must surface as an error
  // when read (not be cleared: clearInvalidConfig would throw the hall's settings away).
  const open = (): Conf<Record<string, unknown>> =>
    (conf ??= new Conf<Record<string, unknown>>({
      cwd: dataDir,
      configName: 'settings',
      clearInvalidConfig: false,
      projectName: 'counterdesk',
      // Owner-only, like every file in the data folder (storage/fileModes.ts).
      configFileMode: 0o600,
    }));
  return {
    location,
    read: () => ({ ...open().store }),
    write: (value) => {
      open().store = value;
    },
  };
}
