/**
 * IdCardReader: the GA 467 driver over any Transport. One command in flight per port (a
 * queue); each command has a timeout (the notes' typical value plus the reply's wire time);
 * replies are reassembled by the streaming decoder, so the line may cut them anywhere.
 *
 * A damaged reply (bad checksum, impossible or cut-off length) is not silence: the reader is
 * there and answered. It is counted apart (`counts`) and the command is sent once more. A whole
 * frame rejected for its checksum ends the command as soon as the line is quiet after it,
 * instead of waiting out the timeout for an answer that has already come.
 */
import { performance } from 'node:perf_hooks';
import { BilingualError } from '../../base/contract/errors';
import type { Transport } from '../transport/types';
import { COMMANDS, requestFrame, wireTimeMs, type CommandDef, type CommandName } from './commands';
import { FrameDecoder, HEADER_LEN, asResponse, type Response } from './frame';
import type { LinkCounts } from './port';
import { PHOTO_BYTES, TEXT_BLOCK_BYTES, trimPadding } from './card';
import { SW3, hex2, statusError, statusInfo } from './status';

export interface ReaderOptions {
  /** Per-command reader allowance (ms), replacing the defaults in commands.ts. */
  timeouts?: Partial<Record<CommandName, number>>;
  /** For the wire-time allowance; taken from the transport's baudRate when it has one. */
  baudRate?: number;
  /** One readable line per exchange (the CLI's --verbose, the simulator console). */
  log?: (line: string) => void;
  /** Timing of each exchange (benchmarks). */
  onExchange?: (e: ExchangeTiming) => void;
}

export interface ExchangeTiming {
  command: CommandName;
  /** performance.now() when the request was handed to the transport. */
  sentAt: number;
  /** When the write drained. */
  drainedAt: number;
  /** When the reply's last byte arrived and the frame was decoded. */
  repliedAt: number;
  requestBytes: number;
  replyBytes: number;
  sw3: number;
}

/** What the card holds, unparsed. */
export interface RawCardData {
  text: Uint8Array;
  photo: Uint8Array;
  fingerprint: Uint8Array | null;
}

interface Pending {
  def: CommandDef;
  resolve: (r: Response) => void;
  reject: (e: Error) => void;
  timer: ReturnType<typeof setTimeout> | null;
  /** Armed after a whole frame failed its checksum: fires when the line has been quiet since. */
  quiet: ReturnType<typeof setTimeout> | null;
  rejectedFrames: number;
  /** Why the last rejected frame was rejected. */
  rejectedFor: 'checksum' | 'length' | null;
  sentAt: number;
  drainedAt: number;
  requestBytes: number;
}

/** The reply came, but damaged; `retried` when the command was already sent a second time. */
export function damagedReplyError(command: string, reason: 'checksum' | 'length', rejectedFrames: number, retried: boolean): BilingualError {
  const what = reason === 'checksum' ? { zh: '校验和错误', en: 'bad checksum' } : { zh: '长度错误或不完整', en: 'impossible or cut-off length' };
  return new BilingualError(
    'IDCARD_BAD_FRAME',
    `读卡器对「${command}」的应答已损坏（${what.zh}）${retried ? '，重发一次后仍然如此' : ''}；请检查连线或串口速率`,
    `the reader's answer to "${command}" arrived damaged (${what.en})${retried ? ', again after one retry' : ''}; check the cable or the baud rate`,
    { command, reason, rejectedFrames, retried },
  );
}

export function timeoutError(command: string, ms: number): BilingualError {
  return new BilingualError(
    'IDCARD_TIMEOUT',
    `读卡器 ${ms} 毫秒内未应答命令「${command}」`,
    `the reader did not answer "${command}" within ${ms} ms`,
    { command, timeoutMs: ms },
  );
}

export function disconnectedError(why?: string): BilingualError {
  return new BilingualError(
    'IDCARD_DISCONNECTED',
    '读卡器连接已断开（可能被拔出），正在重新连接',
    `the reader's connection was lost (unplugged?)${why ? `: ${why}` : ''}`,
    why ? { cause: why } : undefined,
  );
}

function badReply(command: string, why: string): BilingualError {
  return new BilingualError('IDCARD_BAD_REPLY', `读卡器对「${command}」的应答格式不符：${why}`, `the reader's answer to "${command}" has the wrong shape: ${why}`, { command });
}

export class IdCardReader {
  private readonly decoder = new FrameDecoder({ minLen: 4 });
  private pending: Pending | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private unsubscribe: (() => void)[] = [];
  private readonly baudRate: number;
  /** How the link has fared since this reader was made (damaged replies apart from silence). */
  readonly counts: LinkCounts = { commands: 0, answered: 0, unanswered: 0, damaged: 0, retried: 0 };

  constructor(
    readonly transport: Transport,
    private readonly opts: ReaderOptions = {},
  ) {
    this.baudRate = opts.baudRate ?? (transport as { baudRate?: number }).baudRate ?? 115200;
  }

  /** Opens the transport (if it is not open) and starts listening. */
  async open(): Promise<void> {
    if (!this.transport.isOpen) {
      try {
        await this.transport.open();
      } catch (err) {
        const msg = err instanceof Error ? err.message : String(err);
        throw new BilingualError(
          'IDCARD_OPEN_FAILED',
          `无法打开读卡器端口 ${this.transport.description}：${msg}`,
          `cannot open the reader's port ${this.transport.description}: ${msg}`,
          { port: this.transport.description },
        );
      }
    }
    this.detach();
    this.unsubscribe = [
      this.transport.onData((chunk) => this.onData(chunk)),
      this.transport.onClose((err) => this.failPending(disconnectedError(err?.message))),
    ];
  }

  async close(): Promise<void> {
    this.detach();
    this.failPending(disconnectedError('closed'));
    await this.transport.close();
  }

  private detach(): void {
    for (const u of this.unsubscribe) u();
    this.unsubscribe = [];
  }

  timeoutFor(name: CommandName): number {
    const def = COMMANDS[name];
    const allowance = this.opts.timeouts?.[name] ?? def.timeoutMs;
    // Request and reply both cross the wire before the reply is complete.
    return Math.ceil(allowance + wireTimeMs(def.replyBytes + 10, this.baudRate));
  }

  /**
   * Sends one command and waits for its reply frame (any status). Queued behind earlier ones.
   * A damaged reply is followed by one more try in the same turn, so nothing slips in between.
   */
  exchange(name: CommandName): Promise<Response> {
    const def = COMMANDS[name];
    const run = () =>
      this.run(def).catch((err: unknown) => {
        if (!isDamaged(err)) throw err;
        this.counts.retried++;
        this.opts.log?.(`${def.label} → sent again after a damaged reply`);
        return this.run(def).catch((again: unknown) => {
          throw isDamaged(again) ? damagedReplyError(def.label, again.detail.reason, again.detail.rejectedFrames, true) : again;
        });
      });
    const p = this.queue.then(run, run);
    this.queue = p.catch(() => undefined);
    return p;
  }

  private run(def: CommandDef): Promise<Response> {
    if (!this.transport.isOpen) return Promise.reject(disconnectedError('not open'));
    // Bytes left from an earlier, timed-out exchange must not be taken for this reply.
    this.decoder.reset();
    const frame = requestFrame(def);
    const ms = this.timeoutFor(def.name);
    return new Promise<Response>((resolve, reject) => {
      const p: Pending = {
        def,
        resolve,
        reject,
        timer: null,
        quiet: null,
        rejectedFrames: 0,
        rejectedFor: null,
        sentAt: performance.now(),
        drainedAt: 0,
        requestBytes: frame.length,
      };
      this.pending = p;
      this.counts.commands++;
      p.timer = setTimeout(() => this.onTimeout(p, ms), ms);
      this.transport.write(frame).then(
        () => {
          p.drainedAt = performance.now();
        },
        (err: Error) => this.settle(p, disconnectedError(err.message)),
      );
    });
  }

  private onData(chunk: Uint8Array): void {
    // More bytes after a frame with a bad checksum: the line is not quiet yet.
    const p = this.pending;
    if (p?.quiet) this.armQuiet(p);
    this.handle(this.decoder.push(chunk));
  }

  /** Quiet for a few characters' time (and a USB adapter's latency) after a damaged frame: the reply is over. */
  private armQuiet(p: Pending): void {
    if (p.quiet) clearTimeout(p.quiet);
    p.quiet = setTimeout(() => {
      p.quiet = null;
      // A frame whose header is in and whose body is still coming may be the real answer.
      if (this.pending !== p || this.decoder.pending >= HEADER_LEN) return;
      this.decoder.reset();
      this.damaged(p, 'checksum');
    }, QUIET_AFTER_DAMAGE_MS + Math.ceil(wireTimeMs(HEADER_LEN, this.baudRate)));
  }

  private damaged(p: Pending, reason: 'checksum' | 'length'): void {
    this.counts.damaged++;
    const why = reason === 'checksum' ? 'reply with a bad checksum' : 'reply with an impossible or cut-off length';
    this.opts.log?.(`${p.def.label} → ✗ ${why} after ${(performance.now() - p.sentAt).toFixed(1)} ms: command ended`);
    this.settle(p, damagedReplyError(p.def.label, reason, p.rejectedFrames, false));
  }

  private handle(events: ReturnType<FrameDecoder['push']>): void {
    for (const ev of events) {
      const p = this.pending;
      if (ev.type === 'rejected') {
        this.opts.log?.(`✗ discarded a frame (${ev.reason === 'checksum' ? 'bad checksum' : 'bad length'}, LEN ${ev.len})`);
        if (!p) continue;
        p.rejectedFrames++;
        p.rejectedFor = ev.reason;
        // A whole frame came and failed its checksum: that was the reader's answer, damaged.
        if (ev.reason === 'checksum') this.armQuiet(p);
      } else if (ev.type === 'frame') {
        const r = asResponse(ev.body);
        if (!p || !r) {
          this.opts.log?.(`✗ unexpected frame, ${ev.length} bytes, dropped`);
          continue;
        }
        const now = performance.now();
        this.opts.log?.(`${p.def.label} → ${hex2(r.sw3)} ${statusInfo(r.sw3).en} (${ev.length} bytes, ${(now - p.sentAt).toFixed(1)} ms)`);
        this.opts.onExchange?.({
          command: p.def.name,
          sentAt: p.sentAt,
          drainedAt: p.drainedAt || now,
          repliedAt: now,
          requestBytes: p.requestBytes,
          replyBytes: ev.length,
          sw3: r.sw3,
        });
        this.counts.answered++;
        this.settle(p, null, r);
      }
    }
  }

  private onTimeout(p: Pending, ms: number): void {
    if (this.pending !== p) return;
    // A cut-off frame may be hiding a whole one sent after it.
    this.handle(this.decoder.flush());
    if (this.pending !== p) return;
    this.decoder.reset();
    if (p.rejectedFor) {
      this.damaged(p, p.rejectedFor);
      return;
    }
    this.counts.unanswered++;
    this.opts.log?.(`${p.def.label} → no answer in ${ms} ms`);
    this.settle(p, timeoutError(p.def.label, ms));
  }

  private settle(p: Pending, err: Error | null, r?: Response): void {
    if (this.pending !== p) return;
    this.pending = null;
    if (p.timer) clearTimeout(p.timer);
    if (p.quiet) clearTimeout(p.quiet);
    if (err) p.reject(err);
    else p.resolve(r!);
  }

  private failPending(err: Error): void {
    if (this.pending) this.settle(this.pending, err);
  }

  // ── the commands ──────────────────────────────────────────────────────────

  private async expectOk(name: CommandName): Promise<Response> {
    const r = await this.exchange(name);
    if (r.sw3 !== SW3.OK) throw statusError(r.sw3, COMMANDS[name].label);
    return r;
  }

  async resetSam(): Promise<void> {
    await this.expectOk('resetSam');
  }

  /** Resolves when the SAM reports itself well; throws its status (60, 66, …) otherwise. */
  async samStatus(): Promise<void> {
    await this.expectOk('samStatus');
  }

  /** The SAM's ID, `%02u.%02u-%08u-%010u-%010u`. */
  async samId(): Promise<string> {
    const r = await this.expectOk('samId');
    if (r.data.length !== 16) throw badReply('read SAM ID', `${r.data.length} data bytes, expected 16`);
    return formatSamId(r.data);
  }

  /** True when a card is in the field (9F), false when none is (80). */
  async find(): Promise<boolean> {
    const r = await this.exchange('find');
    if (r.sw3 === SW3.FIND_OK) return true;
    if (r.sw3 === SW3.FIND_FAILED) return false;
    throw statusError(r.sw3, COMMANDS.find.label);
  }

  async select(): Promise<boolean> {
    const r = await this.exchange('select');
    if (r.sw3 === SW3.OK) return true;
    if (r.sw3 === SW3.SELECT_FAILED) return false;
    throw statusError(r.sw3, COMMANDS.select.label);
  }

  /** Reads text + photo (and the fingerprint block when asked). */
  async readCard(opts: { fingerprint?: boolean } = {}): Promise<RawCardData> {
    const name: CommandName = opts.fingerprint ? 'readTextPhotoFingerprint' : 'readTextPhoto';
    const r = await this.expectOk(name);
    return splitCardData(r.data, !!opts.fingerprint, COMMANDS[name].label);
  }

  /** The latest appended address (追加住址), or null when the card has none (91). */
  async readAddress(): Promise<string | null> {
    const r = await this.exchange('readAddress');
    if (r.sw3 === SW3.NO_CONTENT) return null;
    if (r.sw3 !== SW3.OK) throw statusError(r.sw3, COMMANDS.readAddress.label);
    return trimPadding(new TextDecoder('utf-16le').decode(r.data)) || null;
  }
}

/** Line quiet this long after a frame with a bad checksum ends the command (covers a USB adapter's 16 ms latency timer). */
const QUIET_AFTER_DAMAGE_MS = 20;

function isDamaged(err: unknown): err is BilingualError & { detail: { reason: 'checksum' | 'length'; rejectedFrames: number } } {
  return err instanceof BilingualError && err.code === 'IDCARD_BAD_FRAME';
}

export function formatSamId(d: Uint8Array): string {
  const v = new DataView(d.buffer, d.byteOffset, d.byteLength);
  const p = (n: number, w: number) => String(n).padStart(w, '0');
  return `${p(v.getUint16(0, true), 2)}.${p(v.getUint16(2, true), 2)}-${p(v.getUint32(4, true), 8)}-${p(v.getUint32(8, true), 10)}-${p(v.getUint32(12, true), 10)}`;
}

/** Reply data of 30 01 / 30 10: big-endian lengths, then the blocks in that order. */
export function splitCardData(data: Uint8Array, withFingerprint: boolean, command: string): RawCardData {
  const heads = withFingerprint ? 3 : 2;
  if (data.length < heads * 2) throw badReply(command, `${data.length} data bytes`);
  const lens: number[] = [];
  for (let i = 0; i < heads; i++) lens.push((data[2 * i]! << 8) | data[2 * i + 1]!);
  const [textLen, photoLen, fpLen = 0] = lens as [number, number, number?];
  if (textLen !== TEXT_BLOCK_BYTES) throw badReply(command, `text length ${textLen}, expected 256`);
  if (photoLen !== PHOTO_BYTES) throw badReply(command, `photo length ${photoLen}, expected 1024`);
  const off = heads * 2;
  if (data.length !== off + textLen + photoLen + fpLen) {
    throw badReply(command, `${data.length} data bytes do not add up to the announced lengths`);
  }
  return {
    text: data.slice(off, off + textLen),
    photo: data.slice(off + textLen, off + textLen + photoLen),
    fingerprint: withFingerprint && fpLen > 0 ? data.slice(off + textLen + photoLen) : null,
  };
}
