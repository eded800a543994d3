/**
 * The counter's two devices, replaceable while the app runs: when the device settings change
 * (the set-up page saves a port), the old driver is closed and the new one started. The print
 * queue keeps one sink whose "printer ready" listeners follow the swap, so nothing queued is lost.
 */
import { isTrainingMode, type Settings } from '../../../base/contract/settings';
import type { PrintSink } from '../printing/types';
import type { Clock } from '../../../base/clock';
import type { DeviceRegistry } from './registry';
import { startIdCardDevice, type IdCardDevice } from './idcardDevice';
import { startPrinterDevice, type PrinterDevice } from './printerDevice';
import type { CardEvent } from '../../../native/idcard/port';

export class DeviceSet {
  private readyListeners = new Map<() => void, () => void>();
  private cardListeners = new Map<(e: CardEvent) => void, () => void>();
  private swapping: Promise<void> = Promise.resolve();

  private constructor(
    public printer: PrinterDevice,
    public idcard: IdCardDevice,
    private readonly registry: DeviceRegistry,
    private readonly clock: Clock,
  ) {}

  static async start(devices: Settings['devices'], timeZone: string, registry: DeviceRegistry, clock: Clock): Promise<DeviceSet> {
    const printer = await startPrinterDevice(devices.printer, registry, clock);
    const idcard = await startIdCardDevice(devices.idcard, timeZone, registry, clock);
    registry.setTrainingMode(isTrainingMode(devices));
    return new DeviceSet(printer, idcard, registry, clock);
  }

  /** The print queue's sink: always the printer in use now. */
  readonly sink: PrintSink = {
    print: (jobId, bytes, hooks) => this.printer.driver.print(jobId, bytes, hooks),
    onReady: (cb) => {
      this.readyListeners.set(cb, this.printer.driver.onReady(cb));
      return () => {
        this.readyListeners.get(cb)?.();
        this.readyListeners.delete(cb);
      };
    },
  };

  onCard(cb: (e: CardEvent) => void): () => void {
    this.cardListeners.set(cb, this.idcard.onCard(cb));
    return () => {
      this.cardListeners.get(cb)?.();
      this.cardListeners.delete(cb);
    };
  }

  /** Applies new device settings; one swap at a time, in order. */
  apply(before: Settings['devices'], after: Settings['devices'], timeZone: string): Promise<void> {
    this.swapping = this.swapping.then(async () => {
      if (JSON.stringify(before.printer) !== JSON.stringify(after.printer)) {
        await this.printer.close();
        this.printer = await startPrinterDevice(after.printer, this.registry, this.clock);
        for (const [cb] of this.readyListeners) this.readyListeners.set(cb, this.printer.driver.onReady(cb));
        // The new printer may be ready at once: let the queue look.
        for (const [cb] of this.readyListeners) cb();
      }
      if (JSON.stringify(before.idcard) !== JSON.stringify(after.idcard)) {
        await this.idcard.close();
        this.idcard = await startIdCardDevice(after.idcard, timeZone, this.registry, this.clock);
        for (const [cb] of this.cardListeners) this.cardListeners.set(cb, this.idcard.onCard(cb));
      }
      this.registry.setTrainingMode(isTrainingMode(after));
    });
    return this.swapping;
  }

  async close(): Promise<void> {
    await this.swapping;
    await this.idcard.close();
    await this.printer.close();
  }
}
