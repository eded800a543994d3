/**
 * A byte-exact, stateful GA 467 reader: it answers frames on a Transport (the device end of a
 * memory link in training mode, or a pty through SerialTransport) like a desk reader would.
 *
 * - SAM status / ID / reset; SAM faults 60 (self-test) and 66 (not authorised).
 * - Card placed / removed, with the must-leave-the-field rule: after a successful read, find
 *   answers 80 until the card is removed and placed again (a direct re-read still works).
 * - Per-command processing delays, and a UART's pace: reply bytes leave at 10 bits per byte
 *   at the configured baud rate.
 * - Fault injection: corrupt checksum, split or truncated replies, garbage before a frame, no
 *   answer, extra delay, any SW3.
 */
import { performance } from 'node:perf_hooks';
import type { Transport } from '../../transport/types';
import { commandByCode, wireTimeMs, type CommandName } from '../commands';
import { FrameDecoder, asRequest, encodeResponse, type Request } from '../frame';
import { SW3, hex2, statusInfo } from '../status';
import { PHOTO_BYTES } from '../card';
import type { SimCard } from './cards';

export type SamState = 'ok' | 'self-test-failed' | 'not-authorised';

export type Fault =
  | { kind: 'corrupt-checksum' }
  /** The reply in `pieces` writes, `gapMs` apart. */
  | { kind: 'split'; pieces?: number; gapMs?: number }
  | { kind: 'garbage'; bytes?: number[] }
  | { kind: 'no-answer' }
  /** Only the first `keep` bytes of the reply (default: half). */
  | { kind: 'truncate'; keep?: number }
  | { kind: 'delay'; ms: number }
  /** A status-only reply with this SW3 instead of the real one. */
  | { kind: 'status'; sw3: number };

export interface FaultRule {
  fault: Fault;
  /** Only for this command (default: the next reply, whatever it is). */
  command?: CommandName;
  /** How many replies it affects (default 1; Infinity: until cleared). */
  times?: number;
}

export interface SimulatorOptions {
  /** Five SAM ID numbers: u16, u16, u32, u32, u32. */
  samId?: [number, number, number, number, number];
  /** Pace replies like a UART at this baud (null: as fast as the link takes them). */
  baudRate?: number | null;
  /** Processing time per command in ms (default: 0 for all). */
  delays?: Partial<Record<CommandName, number>> & { default?: number };
  log?: (line: string) => void;
}

export interface SimReply {
  sw3: number;
  data?: Uint8Array;
}

const SAM_FAULT_SW3: Record<Exclude<SamState, 'ok'>, number> = {
  'self-test-failed': SW3.SAM_SELF_TEST_FAILED,
  'not-authorised': SW3.SAM_NOT_AUTHORISED,
};

type Phase = 'idle' | 'found' | 'selected' | 'read';

export class IdCardSimulator {
  private card: SimCard | null = null;
  private phase: Phase = 'idle';
  private sam: SamState = 'ok';
  private rules: { rule: FaultRule; left: number }[] = [];
  private readonly samIdBytes: Uint8Array;
  baudRate: number | null;
  /** Every request seen (for tests): command name or hex. */
  readonly seen: string[] = [];

  constructor(private readonly opts: SimulatorOptions = {}) {
    this.baudRate = opts.baudRate ?? null;
    const [a, b, c, d, e] = opts.samId ?? [5, 1, 20230615, 1234567890, 3456789012];
    const id = new DataView(new ArrayBuffer(16));
    id.setUint16(0, a, true);
    id.setUint16(2, b, true);
    id.setUint32(4, c, true);
    id.setUint32(8, d, true);
    id.setUint32(12, e, true);
    this.samIdBytes = new Uint8Array(id.buffer);
  }

  // ── the world around the reader ─────────────────────────────────────────

  place(card: SimCard): void {
    this.card = card;
    this.phase = 'idle';
    this.opts.log?.(`card placed: ${card.label}`);
  }

  remove(): void {
    if (this.card) this.opts.log?.(`card removed: ${this.card.label}`);
    this.card = null;
    this.phase = 'idle';
  }

  get cardPresent(): boolean {
    return this.card !== null;
  }

  setSam(state: SamState): void {
    this.sam = state;
    this.opts.log?.(`SAM state: ${state}`);
  }

  inject(rule: FaultRule): void {
    this.rules.push({ rule, left: rule.times ?? 1 });
  }

  clearFaults(): void {
    this.rules = [];
  }

  // ── the reader's logic, without the wire ────────────────────────────────

  /** What the reader answers to one request, faults aside. Moves the card state on. */
  respond(req: Request): SimReply {
    const def = commandByCode(req.cmd, req.para);
    const samFault = this.sam === 'ok' ? null : SAM_FAULT_SW3[this.sam];
    switch (def?.name) {
      case 'resetSam':
        return { sw3: samFault ?? SW3.OK };
      case 'samStatus':
        return { sw3: samFault ?? SW3.OK };
      case 'samId':
        return samFault ? { sw3: samFault } : { sw3: SW3.OK, data: this.samIdBytes };
      case 'find':
        if (samFault) return { sw3: samFault };
        if (this.card && this.phase !== 'read') {
          this.phase = 'found';
          return { sw3: SW3.FIND_OK, data: new Uint8Array(4) };
        }
        return { sw3: SW3.FIND_FAILED };
      case 'select':
        if (samFault) return { sw3: samFault };
        if (this.card && (this.phase === 'found' || this.phase === 'selected')) {
          this.phase = 'selected';
          return { sw3: SW3.OK, data: new Uint8Array(8) };
        }
        return { sw3: SW3.SELECT_FAILED };
      case 'readTextPhoto':
      case 'readTextPhotoFingerprint': {
        if (samFault) return { sw3: samFault };
        if (!this.card || (this.phase !== 'selected' && this.phase !== 'read')) return { sw3: SW3.READ_FAILED };
        this.phase = 'read';
        return { sw3: SW3.OK, data: cardData(this.card, def.name === 'readTextPhotoFingerprint') };
      }
      case 'readAddress': {
        if (samFault) return { sw3: samFault };
        if (!this.card || (this.phase !== 'selected' && this.phase !== 'read')) return { sw3: SW3.READ_FAILED };
        if (!this.card.appendedAddress) return { sw3: SW3.NO_CONTENT };
        return { sw3: SW3.OK, data: ucs2Block(this.card.appendedAddress, 70) };
      }
      default:
        // Baud (60 0x) and RF size (61 FF) are acknowledged and otherwise ignored.
        if (req.cmd === 0x60 && req.para <= 4) return { sw3: SW3.OK };
        if (req.cmd === 0x61 && req.para === 0xff) return { sw3: SW3.OK };
        return { sw3: SW3.COMMAND_ERROR };
    }
  }

  // ── on a wire ───────────────────────────────────────────────────────────

  /** Answers requests arriving on `transport` (already open) until detached. */
  attach(transport: Transport): () => void {
    const decoder = new FrameDecoder({ minLen: 3 });
    let chain: Promise<void> = Promise.resolve();
    let attached = true;
    const enqueue = (job: () => Promise<void>) => {
      chain = chain.then(job).catch((err: Error) => this.opts.log?.(`! ${err.message}`));
    };
    const off = transport.onData((chunk) => {
      const arrived = performance.now();
      for (const ev of decoder.push(chunk)) {
        if (ev.type === 'frame') {
          const req = asRequest(ev.body);
          if (req) enqueue(() => (attached ? this.serve(transport, req, arrived, ev.length) : Promise.resolve()));
        } else if (ev.type === 'rejected') {
          // A request that arrived damaged: the reader says which way.
          const sw3 = ev.reason === 'checksum' ? SW3.CHECKSUM_ERROR : SW3.LENGTH_ERROR;
          this.opts.log?.(`← damaged request (${ev.reason}) → ${hex2(sw3)}`);
          enqueue(() => (attached ? this.send(transport, encodeResponse(sw3), null) : Promise.resolve()));
        }
      }
    });
    return () => {
      attached = false;
      off();
    };
  }

  private async serve(transport: Transport, req: Request, arrived: number, requestBytes: number): Promise<void> {
    const def = commandByCode(req.cmd, req.para);
    const name = def?.label ?? `unknown ${hex2(req.cmd)} ${hex2(req.para)}`;
    this.seen.push(def?.name ?? `${hex2(req.cmd)}${hex2(req.para)}`);
    const delay = (def && this.opts.delays?.[def.name]) ?? this.opts.delays?.default ?? 0;
    // The reader starts once the whole request is in: its own wire time, then its work.
    const requestWire = this.baudRate ? wireTimeMs(requestBytes, this.baudRate) : 0;
    await sleepUntil(arrived + requestWire + delay);

    const faults = this.takeFaults(def?.name);
    // An injected status replaces the reader's work: the card state does not move on.
    const injected = faults.find((f) => f.kind === 'status');
    const reply = injected ? { sw3: injected.sw3 } : this.respond(req);
    let frame = encodeResponse(reply.sw3, 'data' in reply ? reply.data : undefined);
    const notes: string[] = [];
    let split: { pieces: number; gapMs: number } | null = null;
    for (const f of faults) {
      switch (f.kind) {
        case 'no-answer':
          this.opts.log?.(`← ${name} → (no answer: fault)`);
          return;
        case 'delay':
          await sleep(f.ms);
          notes.push(`+${f.ms} ms`);
          break;
        case 'corrupt-checksum':
          frame = frame.slice();
          frame[frame.length - 1] = frame[frame.length - 1]! ^ 0x5a;
          notes.push('bad checksum');
          break;
        case 'truncate':
          frame = frame.slice(0, f.keep ?? Math.floor(frame.length / 2));
          notes.push(`truncated to ${frame.length} bytes`);
          break;
        case 'garbage': {
          const g = Uint8Array.from(f.bytes ?? [0x00, 0xff, 0x13, 0xaa, 0x55, 0x96]);
          const withGarbage = new Uint8Array(g.length + frame.length);
          withGarbage.set(g);
          withGarbage.set(frame, g.length);
          frame = withGarbage;
          notes.push(`${g.length} garbage bytes first`);
          break;
        }
        case 'split':
          split = { pieces: Math.max(2, f.pieces ?? 3), gapMs: f.gapMs ?? 5 };
          notes.push(`split in ${split.pieces}`);
          break;
        case 'status':
          notes.push('injected status');
          break;
      }
    }
    this.opts.log?.(
      `← ${name} → ${hex2(reply.sw3)} ${statusInfo(reply.sw3).en} [${frame.length} bytes]${notes.length ? ` (${notes.join(', ')})` : ''}`,
    );
    await this.send(transport, frame, split);
  }

  private takeFaults(command: CommandName | undefined): Fault[] {
    const out: Fault[] = [];
    for (const r of this.rules) {
      if (r.left <= 0) continue;
      if (r.rule.command && r.rule.command !== command) continue;
      out.push(r.rule.fault);
      r.left--;
    }
    this.rules = this.rules.filter((r) => r.left > 0);
    return out;
  }

  /** Writes a reply at the UART's pace (or at once), optionally in separated pieces. */
  private async send(transport: Transport, frame: Uint8Array, split: { pieces: number; gapMs: number } | null): Promise<void> {
    if (!transport.isOpen) return;
    const pieces: Uint8Array[] = [];
    if (split) {
      const size = Math.ceil(frame.length / split.pieces);
      for (let i = 0; i < frame.length; i += size) pieces.push(frame.subarray(i, i + size));
    } else pieces.push(frame);
    for (let i = 0; i < pieces.length; i++) {
      if (i > 0 && split) await sleep(split.gapMs);
      await this.paced(transport, pieces[i]!);
    }
  }

  private async paced(transport: Transport, bytes: Uint8Array): Promise<void> {
    const baud = this.baudRate;
    if (!baud) {
      await transport.write(bytes);
      return;
    }
    // Bytes are due when their last bit is on the wire; write them in ~2 ms slices, on a
    // schedule from the start so timer lateness does not add up.
    const msPerByte = wireTimeMs(1, baud);
    const slice = Math.max(1, Math.round(2 / msPerByte));
    const t0 = performance.now();
    for (let off = 0; off < bytes.length; off += slice) {
      const end = Math.min(bytes.length, off + slice);
      await sleepUntil(t0 + end * msPerByte);
      if (!transport.isOpen) return;
      await transport.write(bytes.subarray(off, end));
    }
  }
}

/** Reply data of 30 01 / 30 10: lengths (big-endian), text, photo, fingerprint. */
export function cardData(card: SimCard, withFingerprint: boolean): Uint8Array {
  const fp = withFingerprint ? (card.fingerprint ?? new Uint8Array(0)) : null;
  const head = fp ? 6 : 4;
  const out = new Uint8Array(head + card.text.length + card.photo.length + (fp?.length ?? 0));
  out[0] = card.text.length >> 8;
  out[1] = card.text.length & 0xff;
  out[2] = card.photo.length >> 8;
  out[3] = card.photo.length & 0xff;
  if (fp) {
    out[4] = fp.length >> 8;
    out[5] = fp.length & 0xff;
  }
  out.set(card.text, head);
  out.set(card.photo, head + card.text.length);
  if (fp) out.set(fp, head + card.text.length + PHOTO_BYTES);
  return out;
}

function ucs2Block(s: string, bytes: number): Uint8Array {
  const out = new Uint8Array(bytes);
  for (let i = 0; i < bytes; i += 2) out[i] = 0x20;
  for (let i = 0; i < s.length && 2 * i + 1 < bytes; i++) {
    out[2 * i] = s.charCodeAt(i) & 0xff;
    out[2 * i + 1] = s.charCodeAt(i) >> 8;
  }
  return out;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

function sleepUntil(t: number): Promise<void> {
  const wait = t - performance.now();
  return wait > 0.05 ? sleep(wait) : Promise.resolve();
}
