/**
 * Composition root of the core: storage, settings, devices, domain services and the
 * dispatcher. Both transports (the Electron shell and browser-mode host) start exactly this.
 */
import { BilingualError } from '../contract/errors';
import type { AppInfo } from '../contract/methods';
import type { Access } from '../contract/roles';
import { systemClock, type Clock } from './clock';
import { DeviceRegistry } from './devices/registry';
import { EventBus } from './events/bus';
import { createLogger, type Logger } from './log';
import { createDispatcher, type CallerSession, type Dispatch, type Handlers } from './rpc/dispatcher';
import type { SettingsPort } from './settings/port';
import { SettingsService } from './settings/service';
import { openDatabase, type OpenedDb } from './storage/db';

export interface CoreOptions {
  dataDir: string;
  settingsPort: SettingsPort;
  version: string;
  transport: 'ipc' | 'http';
  clock?: Clock;
  logger?: Logger;
}

export interface Core {
  dispatch: Dispatch;
  bus: EventBus;
  settings: SettingsService;
  devices: DeviceRegistry;
  storage: OpenedDb | null;
  storageError: BilingualError | null;
  close(): Promise<void>;
}

export async function startCore(opts: CoreOptions): Promise<Core> {
  const clock = opts.clock ?? systemClock;
  const log = opts.logger ?? createLogger(opts.dataDir);
  const bus = new EventBus();
  const settings = new SettingsService(opts.settingsPort);
  if (settings.loadError) log.warn('settings', settings.loadError.message_en);

  let storage: OpenedDb | null = null;
  let storageError: BilingualError | null = null;
  try {
    storage = openDatabase({ dataDir: opts.dataDir });
  } catch (e) {
    storageError =
      e instanceof BilingualError
        ? e
        : new BilingualError('STORAGE_FAILED', '数据库无法打开', 'The database cannot be opened', {
            reason: e instanceof Error ? e.message : String(e),
          });
    log.error('storage', storageError.message_en);
  }

  const s = settings.get();
  const trainingMode = s.devices.idcard.mode === 'simulated' || s.devices.printer.mode === 'simulated';
  const devices = new DeviceRegistry(bus, clock, trainingMode);
  if (storageError) {
    devices.set('database', {
      state: 'error',
      message_zh: storageError.message_zh,
      message_en: storageError.message_en,
      link: 'sqlite',
    });
  }

  const info = (): AppInfo => ({
    name: 'CounterDesk',
    version: opts.version,
    dataDir: opts.dataDir,
    trainingMode: devices.get().trainingMode,
    schemaVersion: storage?.schemaVersion ?? 0,
    transport: opts.transport,
    storageError: storageError ? { code: storageError.code, message_zh: storageError.message_zh, message_en: storageError.message_en } : null,
  });

  const handlers: Handlers = {
    'app.info': () => info(),
    'app.ping': (i) => ({ echo: i.echo, at: clock.now() }),
    'devices.status': () => devices.get(),
    'settings.get': () => settings.get(),
    'settings.update': (i, ctx) => {
      const change = settings.update(i.patch);
      log.info('settings', `changed by ${ctx.session?.staffNo ?? '?'}`);
      return change.after;
    },
  };

  const authorize = (token: string | undefined, access: Access): CallerSession | null => {
    if (access === 'public') return null;
    void token;
    throw new BilingualError('NOT_SIGNED_IN', '请先登录', 'Please sign in first');
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
    storage,
    storageError,
    async close() {
      storage?.db.close();
      log.close();
    },
  };
}
