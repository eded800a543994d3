/** app.*, devices.status and settings.*: the app's own facts, its devices and its settings. */
import type { Handlers } from '../rpc/dispatcher';
import { auditSettingsDiff } from '../audit';
import type { Services } from '../services';
import { BilingualError } from '../../../base/contract/errors';

/** The till's calendar, tolerance and clock-jump limit come from the hall once it manages them: set there, they reach every counter. */
function refuseHallManaged(s: Services, patch: unknown): void {
  const till = (patch as { till?: Record<string, unknown> } | null)?.till;
  const cfg = s.domain?.hallConfig;
  if (!till || !cfg) return;
  const managed = [...(cfg.managed('calendar') ? ['calendar'] : []), ...(cfg.managed('till') ? ['toleranceFen', 'maxClockJumpMinutes'] : [])].filter((k) => till[k] !== undefined);
  if (managed.length === 0) return;
  throw new BilingualError(
    'SETTING_MANAGED_BY_HALL',
    `「${managed.map((k) => `till.${k}`).join('、')}」由营业厅服务器统一设置 — 请管理员在营业厅管理页修改，修改后各台席自动同步`,
    `${managed.map((k) => `till.${k}`).join(', ')} ${managed.length > 1 ? 'are' : 'is'} set by the hall server — an administrator changes it on the hall page, and every counter follows`,
    { keys: managed.map((k) => `till.${k}`) },
  );
}

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
      refuseHallManaged(s, i.patch);
      const change = s.settings.update(i.patch);
      if (s.domain && ctx.session) {
        auditSettingsDiff(s.domain.audit, { staffNo: ctx.session.staffNo, counterId: ctx.session.counterId }, change.before, change.after);
      }
      s.log.info('settings', `changed by ${ctx.session?.staffNo ?? '?'}`);
      return change.after;
    },
  };
}
