/** devices.* (the set-up page) and training.* (the simulated devices, for practice and tests). */
import { BilingualError } from '../../../base/contract/errors';
import type { Handlers } from '../rpc/dispatcher';
import { domainOf, type Services } from '../services';
import { listPorts } from '../../../native/transport/ports';
import { detectReaders } from '../../../native/idcard/detect';
import type { IdCard } from '../../../base/contract/card';
import { maskIdNumber } from '../../../base/mask';
import { applySimPrinterAction } from '../../../native/printer/sim/actions';

type H = Pick<Handlers, 'devices.ports' | 'devices.detectReader' | 'devices.testRead' | 'devices.photoDecoder' | 'training.placeCard' | 'training.removeCard' | 'training.printer'>;

const notTraining = () =>
  new BilingualError('NOT_TRAINING', '只有培训模式下的模拟设备可以这样操作', 'Only the simulated devices of training mode can be driven like this');

export function deviceHandlers(s: Services): H {
  return {
    'devices.ports': async () => {
      const r = await listPorts();
      return { serial: r.serial, hid: r.hid, errors: r.errors };
    },
    'devices.detectReader': async (i) => {
      const d = domainOf(s);
      // The reader in use owns its port: probing it would disturb the session.
      const inUse = s.settings.get().devices.idcard.port;
      const candidates = i.ports ?? (await listPorts()).serial.map((p) => p.path);
      const r = await detectReaders({ ports: candidates.filter((p) => p !== inUse), withSamId: true });
      void d;
      return { found: r.found, probes: r.probes };
    },
    'devices.testRead': async (i) => {
      const d = domainOf(s);
      const card = await new Promise<IdCard>((resolve, reject) => {
        const timer = setTimeout(() => {
          off();
          reject(new BilingualError('NO_CARD', '在限定时间内没有读到证件 — 请把证件放在读卡器上再试', 'No card was read in time — place a card on the reader and try again'));
        }, i.timeoutMs);
        const off = d.idcard.onCard((e) => {
          clearTimeout(timer);
          off();
          resolve(e.card);
        });
      });
      return { cardType: card.cardType, idMasked: maskIdNumber(card.idNumber), idNumberValid: card.idNumberValid, expired: card.expired };
    },
    'devices.photoDecoder': () => domainOf(s).photoDecoder(),
    'training.placeCard': (i) => {
      const d = domainOf(s);
      if (!d.idcard.simulator) throw notTraining();
      d.idcard.placeSample(i.sample);
      return { ok: true as const };
    },
    'training.removeCard': () => {
      const d = domainOf(s);
      if (!d.idcard.simulator) throw notTraining();
      d.idcard.removeCard();
      return { ok: true as const };
    },
    'training.printer': (i) => {
      const sim = domainOf(s).printing.device.simulator;
      if (!sim) throw notTraining();
      applySimPrinterAction(sim, i.action);
      return { ok: true as const };
    },
  };
}
