/**
 * Runs a simulator on a serial port (a socat pty in tests and in `npm run sim`), and keeps it
 * there across unplugs: when the port goes away it retries opening the same path.
 */
import { SerialTransport } from '../../transport/serial';
import type { IdCardSimulator } from './simulator';

export interface SerialHostOptions {
  path: string;
  baudRate?: number;
  /** How often to retry opening a vanished port (ms). */
  retryMs?: number;
  log?: (line: string) => void;
}

export interface SerialHost {
  readonly transport: SerialTransport;
  /** Resolves once the port is open (again). */
  ready(): Promise<void>;
  stop(): Promise<void>;
}

export async function hostOnSerial(sim: IdCardSimulator, opts: SerialHostOptions): Promise<SerialHost> {
  // No lock: the driver's end is the other pty, and a test may reopen this one quickly.
  const transport = new SerialTransport({ path: opts.path, baudRate: opts.baudRate ?? 115200, lock: false });
  const retryMs = opts.retryMs ?? 100;
  let stopped = false;
  let detach: (() => void) | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let waiters: (() => void)[] = [];

  const tryOpen = async (): Promise<void> => {
    timer = null;
    if (stopped) return;
    try {
      await transport.open();
    } catch {
      timer = setTimeout(() => void tryOpen(), retryMs);
      return;
    }
    detach = sim.attach(transport);
    opts.log?.(`listening on ${opts.path}`);
    for (const w of waiters) w();
    waiters = [];
  };

  transport.onClose((err) => {
    detach?.();
    detach = null;
    if (stopped || !err) return;
    opts.log?.(`port went away (${err.message}); waiting for it to come back`);
    timer = setTimeout(() => void tryOpen(), retryMs);
  });

  await transport.open();
  detach = sim.attach(transport);

  return {
    transport,
    ready() {
      return transport.isOpen ? Promise.resolve() : new Promise((r) => waiters.push(r));
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      detach?.();
      await transport.close();
    },
  };
}
