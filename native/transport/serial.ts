/**
 * SerialTransport: the Transport interface over the real `serialport` binding
 * (RS-232, USB virtual COM ports, and socat ptys in tests).
 */
import { SerialPort } from 'serialport';
import type { Transport } from './types.js';
import { Listeners } from './listeners.js';

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

  open(): Promise<void> {
    if (this.port) return Promise.reject(new Error(`${this.description} is already open`));
    const port = new SerialPort({ path: this.path, baudRate: this.baudRate, autoOpen: false, lock: this.lock });
    return new Promise<void>((resolve, reject) => {
      port.open((err) => {
        if (err) {
          reject(err);
          return;
        }
        this.port = port;
        port.on('data', (chunk: Buffer) => this.dataListeners.emit(new Uint8Array(chunk)));
        // 'error' after open (write failures, I/O errors) is followed by a close; keep it from
        // becoming an unhandled 'error' event.
        port.on('error', () => undefined);
        port.on('close', (closeErr?: Error | null) => {
          if (this.port === port) this.port = null;
          // A close we asked for carries no error; an unplug carries a "disconnected" error.
          this.closeListeners.emit(closeErr ?? undefined);
        });
        resolve();
      });
    });
  }

  close(): Promise<void> {
    const port = this.port;
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
