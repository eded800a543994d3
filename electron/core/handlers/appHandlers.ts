/** app.*, devices.status and settings.*: the app's own facts, its devices and its settings. */
import type { Handlers } from '../rpc/dispatcher';
import { auditSettingsDiff } from '../audit';
import type { Services } from '../services';

type H = Pick<Handlers, 'app.info' | 'app.ping' | 'devices.status' | 'settings.get' | 'settings.update'>;

export function appHandlers(s: Services): H {
  return {
    'app.info': () => ({
      name: 'CounterDesk',
      version: s.version,
      dataDir: s.dataDir,
      trainingMode: s.devices.get().trainingMode,
      schemaVersion: s.schemaVersion,
      transport: s.transport,
      storageError: s.storageError ? s.storageError.toShape() : null,
    }),
    'app.ping': (i) => ({ echo: i.echo, at: s.clock.now() }),
    'devices.status': () => s.devices.get(),
    'settings.get': () => s.settings.get(),
    'settings.update': (i, ctx) => {
      const change = s.settings.update(i.patch);
      if (s.domain && ctx.session) {
        auditSettingsDiff(s.domain.audit, { staffNo: ctx.session.staffNo, counterId: ctx.session.counterId }, change.before, change.after);
      }
      s.log.info('settings', `changed by ${ctx.session?.staffNo ?? '?'}`);
      return change.after;
    },
  };
}
