/**
 * Auto-detection as public clients do it: send SAM status (11 FF) to each candidate serial port
 * with a short timeout; only a valid GA 467 status frame marks a reader. Ports are opened with
 * an exclusive lock, so a port another program holds is skipped, never stolen, and a port
 * that is not a reader gets one 11-byte request and nothing else.
 */
import type { Transport } from '../transport/types';
import { SerialTransport } from '../transport/serial';
import { listSerialPorts } from '../transport/ports';
import { IdCardReader } from './reader';
import { COMMANDS } from './commands';
import { hex2, isKnownStatus, statusInfo } from './status';

export interface ProbeResult {
  port: string;
  reader: boolean;
  /** The status the SAM reported, when it answered validly. */
  sw3: number | null;
  samId: string | null;
  /** Why it is not (or not a healthy) reader. */
  reason: string | null;
}

export interface ProbeOptions {
  /** Reader allowance for the status reply (default 300 ms; wire time is added). */
  timeoutMs?: number;
  /** Also read the SAM ID when the status is good. */
  withSamId?: boolean;
}

/** Probes one transport (not yet open); closes it afterwards. */
export async function probeTransport(transport: Transport, opts: ProbeOptions = {}): Promise<ProbeResult> {
  const timeoutMs = opts.timeoutMs ?? 300;
  const reader = new IdCardReader(transport, { timeouts: { samStatus: timeoutMs, samId: timeoutMs } });
  const result: ProbeResult = { port: transport.description, reader: false, sw3: null, samId: null, reason: null };
  try {
    await reader.open();
  } catch (err) {
    result.reason = (err as Error).message;
    return result;
  }
  try {
    const r = await reader.exchange(COMMANDS.samStatus.name);
    // A status reply is exactly SW1 SW2 SW3 with SW1 SW2 = 00 00 and a status the standard knows.
    if (r.data.length !== 0 || r.sw1 !== 0 || r.sw2 !== 0 || !isKnownStatus(r.sw3)) {
      result.reason = `answer is not a GA 467 status frame (SW ${hex2(r.sw1)} ${hex2(r.sw2)} ${hex2(r.sw3)}, ${r.data.length} data bytes)`;
      return result;
    }
    result.reader = true;
    result.sw3 = r.sw3;
    if (r.sw3 !== 0x90) result.reason = `SAM status ${hex2(r.sw3)}: ${statusInfo(r.sw3).en}`;
    else if (opts.withSamId) result.samId = await reader.samId().catch(() => null);
  } catch (err) {
    result.reason = (err as Error).message;
  } finally {
    await reader.close().catch(() => undefined);
  }
  return result;
}

export interface DetectOptions extends ProbeOptions {
  /** Ports to try (default: every serial port the system lists). */
  ports?: string[];
  baudRates?: number[];
  /** Make the transport for a candidate (tests); default SerialTransport. */
  transportFor?: (port: string, baudRate: number) => Transport;
}

export interface DetectedReader {
  port: string;
  baudRate: number;
  sw3: number;
  healthy: boolean;
  samId: string | null;
}

/** Tries every candidate port, one at a time, and returns those that answered like a reader. */
export async function detectReaders(opts: DetectOptions = {}): Promise<{ found: DetectedReader[]; probes: ProbeResult[] }> {
  const ports = opts.ports ?? (await listSerialPorts()).map((p) => p.path);
  const bauds = opts.baudRates ?? [115200];
  const make = opts.transportFor ?? ((path: string, baudRate: number) => new SerialTransport({ path, baudRate }));
  const found: DetectedReader[] = [];
  const probes: ProbeResult[] = [];
  for (const port of ports) {
    for (const baudRate of bauds) {
      const r = await probeTransport(make(port, baudRate), opts);
      probes.push(r);
      if (r.reader && r.sw3 !== null) {
        found.push({ port, baudRate, sw3: r.sw3, healthy: r.sw3 === 0x90, samId: r.samId });
        break;
      }
    }
  }
  return { found, probes };
}

