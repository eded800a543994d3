/**
 * An in-memory duplex link for in-process simulators (training mode, unit tests):
 * what one end writes arrives at the other end's onData, asynchronously and in order,
 * like bytes on a wire. `unplug()` drops both ends (each sees onClose with an error and
 * open() fails) until `replug()`.
 */
import type { Transport } from './types';
import { Listeners } from './listeners';

export interface MemoryLink {
  /** The driver's end. */
  readonly host: MemoryTransport;
  /** The simulator's end. */
  readonly device: MemoryTransport;
  unplug(): void;
  replug(): void;
  readonly plugged: boolean;
}

export class MemoryTransport implements Transport {
  peer: MemoryTransport | null = null;
  private open_ = false;
  private readonly dataListeners = new Listeners<[Uint8Array]>();
  private readonly closeListeners = new Listeners<[Error | undefined]>();

  constructor(
    readonly description: string,
    private readonly link: { plugged: boolean },
  ) {}

  get isOpen(): boolean {
    return this.open_;
  }

  async open(): Promise<void> {
    if (!this.link.plugged) throw new Error(`${this.description}: unplugged`);
    if (this.open_) throw new Error(`${this.description} is already open`);
    this.open_ = true;
  }

  async close(): Promise<void> {
    if (!this.open_) return;
    this.open_ = false;
    this.closeListeners.emit(undefined);
  }

  async write(data: Uint8Array): Promise<void> {
    if (!this.open_) throw new Error(`${this.description} is not open`);
    const copy = data.slice();
    const peer = this.peer;
    // Delivered on a later turn, like a real port; bytes to a closed end are lost, as on a wire.
    setImmediate(() => {
      if (peer?.open_ && this.link.plugged) peer.dataListeners.emit(copy);
    });
  }

  onData(cb: (chunk: Uint8Array) => void): () => void {
    return this.dataListeners.add(cb);
  }

  onClose(cb: (err?: Error) => void): () => void {
    return this.closeListeners.add(cb);
  }

  /** The link went away under us. */
  drop(err: Error): void {
    if (!this.open_) return;
    this.open_ = false;
    this.closeListeners.emit(err);
  }
}

export function createMemoryLink(name = 'memory'): MemoryLink {
  const state = { plugged: true };
  const host = new MemoryTransport(`${name}:host`, state);
  const device = new MemoryTransport(`${name}:device`, state);
  host.peer = device;
  device.peer = host;
  return {
    host,
    device,
    get plugged() {
      return state.plugged;
    },
    unplug() {
      if (!state.plugged) return;
      state.plugged = false;
      const err = new Error(`${name}: unplugged`);
      host.drop(err);
      device.drop(err);
    },
    replug() {
      state.plugged = true;
    },
  };
}
