/**
 * SerialTransport: the Transport interface over the real `serialport` binding
 * (RS-232, USB virtual COM ports, and socat ptys in tests).
 */
import { realpath } from 'node:fs/promises';
import { SerialPort } from 'serialport';
import type { Transport } from './types';
import { Listeners } from './listeners';

export interface SerialOptions {
  path: string;
  /** 115200 unless told: the GA 467 readers' default. */
  baudRate?: number;
  /**
   * Take an exclusive lock on the port (default true). With the lock, opening a port that
   * another program holds fails instead of stealing its bytes: probing never disturbs it.
   */
  lock?: boolean;
}

export class SerialTransport implements Transport {
  readonly path: string;
  readonly baudRate: number;
  private readonly lock: boolean;
  private port: SerialPort | null = null;
  private watchdog: ReturnType<typeof setInterval> | null = null;
  private readonly dataListeners = new Listeners<[Uint8Array]>();
  private readonly closeListeners = new Listeners<[Error | undefined]>();

  constructor(opts: SerialOptions) {
    this.path = opts.path;
    this.baudRate = opts.baudRate ?? 115200;
    this.lock = opts.lock ?? true;
  }

  get description(): string {
    return `serial:${this.path}@${this.baudRate}`;
  }

  get isOpen(): boolean {
    return this.port?.isOpen ?? false;
  }

  async open(): Promise<void> {
    if (this.port) throw new Error(`${this.description} is already open`);
    const port = new SerialPort({ path: this.path, baudRate: this.baudRate, autoOpen: false, lock: this.lock });
    await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())));
    this.port = port;
    let lostError: Error | undefined;
    port.on('data', (chunk: Buffer) => this.dataListeners.emit(new Uint8Array(chunk)));
    // 'error' after open (a failed write) must not become an unhandled 'error' event; a lost
    // device is reported through 'close'.
    port.on('error', () => undefined);
    port.on('close', (closeErr?: Error | null) => {
      if (this.port === port) this.port = null;
      this.stopWatchdog();
      // A close we asked for carries no error; an unplug carries one.
      this.closeListeners.emit(closeErr ?? lostError ?? undefined);
    });
    // The binding does not always notice a hang-up: a pty whose other side is gone reads as
    // end-of-file forever, and the port looks open. Watch the device node instead: when it
    // vanishes or now names another device, the device we hold is gone.
    const node = await realpath(this.path).catch(() => null);
    this.watchdog = setInterval(() => {
      void realpath(this.path).then(
        (now) => now !== node,
        () => true,
      ).then((gone) => {
        if (!gone || this.port !== port || !port.isOpen) return;
        lostError = new Error(`${this.path} disappeared (unplugged)`);
        port.close();
      });
    }, 250);
    this.watchdog.unref();
  }

  private stopWatchdog(): void {
    if (this.watchdog) clearInterval(this.watchdog);
    this.watchdog = null;
  }

  close(): Promise<void> {
    const port = this.port;
    this.stopWatchdog();
    if (!port) return Promise.resolve();
    this.port = null;
    return new Promise<void>((resolve) => {
      if (!port.isOpen) {
        resolve();
        return;
      }
      port.close(() => resolve());
    });
  }

  write(data: Uint8Array): Promise<void> {
    const port = this.port;
    if (!port || !port.isOpen) return Promise.reject(new Error(`${this.description} is not open`));
    return new Promise<void>((resolve, reject) => {
      port.write(Buffer.from(data.buffer, data.byteOffset, data.byteLength), (err) => {
        if (err) reject(err);
      });
      port.drain((err) => (err ? reject(err) : resolve()));
    });
  }

  onData(cb: (chunk: Uint8Array) => void): () => void {
    return this.dataListeners.add(cb);
  }

  onClose(cb: (err?: Error) => void): () => void {
    return this.closeListeners.add(cb);
  }
}
