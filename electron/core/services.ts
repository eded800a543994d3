/**
 * Everything the handlers reach: built once by startCore. When storage could not be opened,
 * `db` is null and every method that needs it answers with the storage error.
 */
import type { BilingualError } from '../../base/contract/errors';
import type { Clock } from '../../base/clock';
import type { DeviceRegistry } from './devices/registry';
import type { EventBus } from './events/bus';
import type { Logger } from './log';
import type { SettingsService } from './settings/service';
import type { Db } from './storage/db';
import type { Domain } from './domain';
import type { KeyStore } from './secrets/keyStore';
import type { InstallConfig } from './install/installConfig';

export interface Services {
  dataDir: string;
  version: string;
  transport: 'ipc' | 'http';
  clock: Clock;
  log: Logger;
  bus: EventBus;
  settings: SettingsService;
  /** The administrator's install file (the photo decoder), read once at start. */
  install: InstallConfig;
  devices: DeviceRegistry;
  /** The chain and pseudonym keys (null when storage did not open). */
  keys: KeyStore | null;
  db: Db | null;
  schemaVersion: number;
  storageError: BilingualError | null;
  /** Present when storage opened. */
  domain: Domain | null;
}

export type { Domain };

/** The domain services, or the storage error that explains why there are none. */
export function domainOf(s: Services): Domain {
  if (s.domain) return s.domain;
  throw s.storageError!;
}
