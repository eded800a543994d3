/**
 * Which reader family the counter's device settings name, made ready to start: a GA 467 reader
 * on a serial port or behind a HID adapter, or (no reader configured) training mode's simulated
 * reader. The caller sees only the port.
 */
import type { Settings } from '../../base/contract/settings';
import type { Clock } from '../../base/clock';
import { HidTransport } from '../transport/hid';
import { miaxisFraming, MIAXIS_PRODUCT_ID, MIAXIS_VENDOR_ID } from '../transport/hid-miaxis';
import { SerialTransport } from '../transport/serial';
import type { IdCardReaderPort } from './port';
import { IdCardSession } from './session';
import { SimulatedReader } from './sim/simulatedReader';

export type ReaderSettings = Pick<Settings['devices']['idcard'], 'mode' | 'port' | 'baudRate' | 'pollIntervalMs'>;

export function createReader(settings: ReaderSettings, env: { clock: Clock; timeZone: string }): IdCardReaderPort {
  const { clock, timeZone } = env;
  if (settings.mode === 'serial' && settings.port) {
    const transport = new SerialTransport({ path: settings.port, baudRate: settings.baudRate });
    return new IdCardSession({ transport, pollIntervalMs: settings.pollIntervalMs, clock, timeZone });
  }
  if (settings.mode === 'hid') {
    const target = settings.port ? { path: settings.port } : { vendorId: MIAXIS_VENDOR_ID, productId: MIAXIS_PRODUCT_ID };
    return new IdCardSession({ transport: new HidTransport({ target, framing: miaxisFraming }), pollIntervalMs: settings.pollIntervalMs, clock, timeZone });
  }
  return new SimulatedReader({ clock, timeZone });
}
