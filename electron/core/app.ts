/**
 * Composition root of the core: storage, settings, devices, domain services and the
 * dispatcher. Both transports (the Electron shell and browser-mode host) start exactly this.
 */
import { BilingualError } from '../../base/contract/errors';
import { isTrainingMode } from '../../base/contract/settings';
import type { Access } from '../../base/contract/roles';
import type { MethodName } from '../../base/contract/methods';
import { systemClock, type Clock } from '../../base/clock';
import { DeviceRegistry } from './devices/registry';
import { EventBus } from './events/bus';
import { appHandlers } from './handlers/appHandlers';
import { staffHandlers } from './handlers/staffHandlers';
import { createLogger, type Logger } from './log';
import { createDispatcher, type CallerSession, type Dispatch, type Handlers } from './rpc/dispatcher';
import { buildDomain } from './domain';
import { journeyHandlers } from './handlers/journeyHandlers';
import { printHandlers } from './handlers/printHandlers';
import { tillHandlers } from './handlers/tillHandlers';
import { deviceHandlers } from './handlers/deviceHandlers';
import type { Services } from './services';
import type { SettingsPort } from './settings/port';
import { SettingsService } from './settings/service';
import type { ScryptParams } from './staff/secretHash';
import { openDatabase, type OpenedDb } from './storage/db';
import { scheduleIntegrityCheck } from './storage/integrity';

export interface CoreOptions {
  dataDir: string;
  settingsPort: SettingsPort;
  version: string;
  transport: 'ipc' | 'http';
  clock?: Clock;
  logger?: Logger;
  /** Tests lower the hashing cost; production keeps the defaults. */
  scrypt?: ScryptParams;
  /** Another business catalog file (tests; a hall's own file). */
  catalogPath?: string;
  /** When the daily page-by-page database check starts after start (default a minute; tests 0). */
  integrityCheckDelayMs?: number;
}

export interface Core {
  dispatch: Dispatch;
  bus: EventBus;
  settings: SettingsService;
  devices: DeviceRegistry;
  services: Services;
  storage: OpenedDb | null;
  storageError: BilingualError | null;
  close(): Promise<void>;
}

function openStorage(dataDir: string, log: Logger): { storage: OpenedDb | null; error: BilingualError | null } {
  try {
    return { storage: openDatabase({ dataDir }), error: null };
  } catch (e) {
    const error =
      e instanceof BilingualError
        ? e
        : new BilingualError('STORAGE_FAILED', '数据库无法打开 — 请联系管理员', 'The database cannot be opened — contact the administrator', {
            reason: e instanceof Error ? e.message : String(e),
          });
    log.error('storage', `${error.code}: ${error.message_en}`);
    return { storage: null, error };
  }
}

export async function startCore(opts: CoreOptions): Promise<Core> {
  const clock = opts.clock ?? systemClock;
  const log = opts.logger ?? createLogger(opts.dataDir);
  const bus = new EventBus();
  const settings = new SettingsService(opts.settingsPort);
  if (settings.loadError) log.warn('settings', settings.loadError.message_en);

  const { storage, error: storageError } = openStorage(opts.dataDir, log);
  const devices = new DeviceRegistry(bus, clock, isTrainingMode(settings.get().devices));
  if (storageError) {
    devices.set('database', { state: 'error', message_zh: storageError.message_zh, message_en: storageError.message_en, link: 'sqlite' });
  }
  const integrity = storage
    ? scheduleIntegrityCheck({
        db: storage.db,
        file: storage.file,
        clock,
        delayMs: opts.integrityCheckDelayMs ?? 60_000,
        onResult: (result) => {
          if (result === 'ok') return log.info('storage', 'integrity check: ok');
          if (result.startsWith('error: ')) return log.warn('storage', `integrity check did not run: ${result.slice(7)}`);
          log.error('storage', `integrity check: ${result.slice(0, 500)}`);
          devices.set('database', {
            state: 'error',
            message_zh: '数据库检查发现损坏 — 请联系管理员从备份恢复，切勿删除该文件',
            message_en: 'The database check found damage — ask the administrator to restore a backup; do not delete the file',
            link: 'sqlite',
          });
        },
      })
    : null;

  const services: Services = {
    dataDir: opts.dataDir,
    version: opts.version,
    transport: opts.transport,
    clock,
    log,
    bus,
    settings,
    devices,
    db: storage?.db ?? null,
    schemaVersion: storage?.schemaVersion ?? 0,
    storageError,
    domain: null,
  };

  if (storage) {
    try {
      services.domain = await buildDomain(storage, services, opts);
    } catch (e) {
      // A domain that cannot start (a broken catalog and no fallback, a bad device setting) is
      // reported like a storage failure: a clear screen, never a half-working counter.
      services.storageError =
        e instanceof BilingualError ? e : new BilingualError('START_FAILED', '柜台通无法启动 — 请联系管理员', 'CounterDesk could not start — contact the administrator', { reason: e instanceof Error ? e.message : String(e) });
      log.error('start', `${services.storageError.code}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    }
  }

  const handlers: Handlers = {
    ...appHandlers(services),
    ...staffHandlers(services),
    ...tillHandlers(services),
    ...journeyHandlers(services),
    ...printHandlers(services),
    ...deviceHandlers(services),
  };

  const authorize = (token: string | undefined, access: Access, _m: MethodName): CallerSession | null => {
    if (!services.domain) {
      if (access === 'public') return null;
      throw services.storageError!;
    }
    return services.domain.staff.authorize(token, access);
  };

  const dispatch = createDispatcher({
    handlers,
    authorize,
    onInternalError: (m, e) => log.error('rpc', `${m}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`),
  });

  return {
    dispatch,
    bus,
    settings,
    devices,
    services,
    storage,
    get storageError() {
      return services.storageError;
    },
    async close() {
      await integrity?.stop();
      await services.domain?.close();
      storage?.db.close();
      log.close();
    },
  };
}
