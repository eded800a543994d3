/**
 * Composition root of the core: storage, settings, devices, domain services and the
 * dispatcher. Both transports (the Electron shell and browser-mode host) start exactly this.
 */
import { BilingualError } from '../../base/contract/errors';
import { isTrainingMode } from '../../base/contract/settings';
import type { Access } from '../../base/contract/roles';
import type { MethodName } from '../../base/contract/methods';
import { systemClock, type Clock } from '../../base/clock';
import { withOsMonotonic } from '../../base/node/monotonic';
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
import { hallHandlers } from './handlers/hallHandlers';
import { queueHandlers } from './handlers/queueHandlers';
import type { Services } from './services';
import type { SettingsPort } from './settings/port';
import { SettingsService } from './settings/service';
import type { ScryptParams } from '../../base/node/secretHash';
import { openDatabase, type OpenedDb } from './storage/db';
import { securePrivateFolder } from './storage/fileModes';
import { fileKeyStore, type KeyStore } from './secrets/keyStore';
import { loadInstallConfig, type InstallConfig } from './install/installConfig';
import { AUDIT_KINDS } from './audit/kinds';
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
  /** Where the chain and pseudonym keys live (the shell passes the OS-sealed store); default: files under the OS user's config folder. */
  keyStore?: KeyStore;
  /** The administrator's install file, already read (tests); default: read from its place on this machine. */
  install?: InstallConfig;
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

function openKeyStore(opts: CoreOptions, log: Logger): { keys: KeyStore | null; error: BilingualError | null } {
  try {
    return { keys: opts.keyStore ?? fileKeyStore(opts.dataDir), error: null };
  } catch (e) {
    const error =
      e instanceof BilingualError
        ? e
        : new BilingualError('KEYSTORE_UNAVAILABLE', '无法打开密钥存储 — 请联系管理员', 'The key store cannot be opened — contact the administrator', {
            reason: e instanceof Error ? e.message : String(e),
          });
    log.error('keys', `${error.code}: ${error.message_en}`);
    return { keys: null, error };
  }
}

export async function startCore(opts: CoreOptions): Promise<Core> {
  // The till compares the wall clock with the machine's monotonic clock: a test's clock brings its own.
  const clock = withOsMonotonic(opts.clock ?? systemClock);
  // Owner-only data folder (0700, files 0600), corrected before anything else opens a file in it.
  let corrected: string[] = [];
  try {
    corrected = securePrivateFolder(opts.dataDir);
  } catch {
    // A folder that cannot be made is reported by storage below, in both languages.
  }
  const log = opts.logger ?? createLogger(opts.dataDir, { clock });
  if (corrected.length > 0) log.info('storage', `owner-only access restored on ${corrected.length} path(s) in the data folder`);
  const bus = new EventBus();
  const settings = new SettingsService(opts.settingsPort);
  if (settings.loadError) log.warn('settings', settings.loadError.message_en);
  for (const n of settings.notices) log.warn('settings', n.message_en);
  const install = opts.install ?? (await loadInstallConfig());
  if (install.error) log.warn('install', install.error.message_en);

  const { storage, error: openError } = openStorage(opts.dataDir, log);
  const { keys, error: keyError } = storage ? openKeyStore(opts, log) : { keys: null, error: null };
  const storageError = openError ?? keyError;
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
    install,
    devices,
    keys,
    db: storage?.db ?? null,
    schemaVersion: storage?.schemaVersion ?? 0,
    storageError,
    domain: null,
  };

  if (storage && keys) {
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
    ...hallHandlers(services),
    ...queueHandlers(services),
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
    identify: (token) => {
      const x = services.domain?.staff.sessions.get(token);
      return x ? { staffNo: x.staffNo, counterId: x.counterId } : null;
    },
    // Refusals are evidence (docs/architecture.md, "Refusals are evidence"): every refused call of
    // a method that needs a signed-in person is recorded against whoever held the token. Public
    // methods (sign-in, unlock, takeover) record their own failed attempts.
    onRefused: (r) => {
      if (!services.domain || r.access === 'public') return;
      services.domain.audit.append({
        kind: AUDIT_KINDS.refused,
        actor: r.who?.staffNo ?? null,
        counterId: r.who?.counterId ?? settings.get().hall.counterId,
        detail: { method: r.method, code: r.code },
      });
    },
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
