/** SettingsPort backed by electron-store (the app's userData folder). */
import Store from 'electron-store';
import type { SettingsPort } from '../core/settings/port';

export function electronStoreSettingsPort(cwd: string): SettingsPort {
  // clearInvalidConfig false: a damaged file is reported, never silently replaced by defaults.
  const store = new Store<Record<string, unknown>>({ name: 'settings', cwd, clearInvalidConfig: false });
  return {
    location: store.path,
    read: () => ({ ...store.store }),
    write: (v) => {
      store.store = v;
    },
  };
}
