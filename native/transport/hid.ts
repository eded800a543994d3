/**
 * HidTransport: a byte-stream Transport over a USB-HID device (node-hid). HID moves fixed-size
 * reports, not bytes, and every vendor wraps its frames differently, so the translation lives
 * in a pluggable HidFraming adapter (the first: hid-miaxis.ts). The node-hid device is opened
 * through an injectable `openDevice`, which is where tests put a fake device.
 */
import type { Transport } from './types';
import { Listeners } from './listeners';

/** The part of node-hid's HIDAsync this transport uses. */
export interface HidDeviceLike {
  write(data: number[] | Buffer): Promise<number> | number;
  on(event: 'data', cb: (data: Buffer) => void): unknown;
  on(event: 'error', cb: (err: Error) => void): unknown;
  removeAllListeners(event?: string): unknown;
  close(): Promise<void> | void;
}

export interface HidFraming {
  readonly name: string;
  /** Report size without the report ID byte. */
  readonly reportSize: number;
  /** A fresh host→device translator: stream bytes written by the driver → whole output reports. */
  createEncoder(): (bytes: Uint8Array) => Uint8Array[];
  /** A fresh device→host translator: one input report → stream bytes for the driver (often none yet). */
  createDecoder(): (report: Uint8Array) => Uint8Array;
}

export type HidTarget = { path: string } | { vendorId: number; productId: number };

export interface HidOptions {
  target: HidTarget;
  framing: HidFraming;
  /** Prefixed to every write; 0x00 for devices without report IDs (node-hid wants it always). */
  reportId?: number;
  openDevice?: (target: HidTarget) => Promise<HidDeviceLike>;
}

async function openWithNodeHid(target: HidTarget): Promise<HidDeviceLike> {
  const { HIDAsync } = await import('node-hid');
  const dev = 'path' in target ? await HIDAsync.open(target.path) : await HIDAsync.open(target.vendorId, target.productId);
  return dev as unknown as HidDeviceLike;
}

export class HidTransport implements Transport {
  private device: HidDeviceLike | null = null;
  private encode: ((bytes: Uint8Array) => Uint8Array[]) | null = null;
  private readonly dataListeners = new Listeners<[Uint8Array]>();
  private readonly closeListeners = new Listeners<[Error | undefined]>();
  private readonly reportId: number;
  private readonly openDevice: (target: HidTarget) => Promise<HidDeviceLike>;

  constructor(private readonly opts: HidOptions) {
    this.reportId = opts.reportId ?? 0;
    this.openDevice = opts.openDevice ?? openWithNodeHid;
  }

  get description(): string {
    const t = this.opts.target;
    const where = 'path' in t ? t.path : `${hex4(t.vendorId)}:${hex4(t.productId)}`;
    return `hid:${where}(${this.opts.framing.name})`;
  }

  get isOpen(): boolean {
    return this.device !== null;
  }

  async open(): Promise<void> {
    if (this.device) throw new Error(`${this.description} is already open`);
    const device = await this.openDevice(this.opts.target);
    const decode = this.opts.framing.createDecoder();
    this.encode = this.opts.framing.createEncoder();
    this.device = device;
    device.on('data', (report: Buffer) => {
      const bytes = decode(new Uint8Array(report));
      if (bytes.length > 0) this.dataListeners.emit(bytes);
    });
    // node-hid reports a read error when the device is unplugged.
    device.on('error', (err: Error) => {
      if (this.device !== device) return;
      this.device = null;
      device.removeAllListeners();
      void Promise.resolve(device.close()).catch(() => undefined);
      this.closeListeners.emit(err);
    });
  }

  async close(): Promise<void> {
    const device = this.device;
    if (!device) return;
    this.device = null;
    device.removeAllListeners();
    await device.close();
    this.closeListeners.emit(undefined);
  }

  async write(data: Uint8Array): Promise<void> {
    const device = this.device;
    if (!device || !this.encode) throw new Error(`${this.description} is not open`);
    for (const report of this.encode(data)) {
      const out = Buffer.alloc(1 + this.opts.framing.reportSize);
      out[0] = this.reportId;
      out.set(report, 1);
      await device.write(out);
    }
  }

  onData(cb: (chunk: Uint8Array) => void): () => void {
    return this.dataListeners.add(cb);
  }

  onClose(cb: (err?: Error) => void): () => void {
    return this.closeListeners.add(cb);
  }
}

function hex4(n: number): string {
  return n.toString(16).toUpperCase().padStart(4, '0');
}
