/**
 * IdCardReader: the GA 467 driver over any Transport. One command in flight per port (a
 * queue); each command has a timeout (the notes' typical value plus the reply's wire time);
 * replies are reassembled by the streaming decoder, so the line may cut them anywhere.
 */
import { performance } from 'node:perf_hooks';
import { BilingualError } from '../../base/contract/errors';
import type { Transport } from '../transport/types';
import { COMMANDS, requestFrame, wireTimeMs, type CommandDef, type CommandName } from './commands';
import { FrameDecoder, asResponse, type Response } from './frame';
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
  rejectedFrames: number;
  sentAt: number;
  drainedAt: number;
  requestBytes: number;
}

export function timeoutError(command: string, ms: number, rejectedFrames: number): BilingualError {
  if (rejectedFrames > 0) {
    return new BilingualError(
      'IDCARD_BAD_FRAME',
      `读卡器应答无效（校验或长度错误 ${rejectedFrames} 次），命令“${command}”未完成`,
      `the reader's answer was invalid (${rejectedFrames} frame(s) with a bad checksum or length); "${command}" did not complete`,
      { command, timeoutMs: ms, rejectedFrames },
    );
  }
  return new BilingualError(
    'IDCARD_TIMEOUT',
    `读卡器 ${ms} 毫秒内未应答命令“${command}”`,
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
  return new BilingualError('IDCARD_BAD_REPLY', `读卡器对“${command}”的应答格式不符：${why}`, `the reader's answer to "${command}" has the wrong shape: ${why}`, { command });
}

export class IdCardReader {
  private readonly decoder = new FrameDecoder({ minLen: 4 });
  private pending: Pending | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private unsubscribe: (() => void)[] = [];
  private readonly baudRate: number;

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

  /** Sends one command and waits for its reply frame (any status). Queued behind earlier ones. */
  exchange(name: CommandName): Promise<Response> {
    const run = () => this.run(COMMANDS[name]);
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
      const p: Pending = { def, resolve, reject, timer: null, rejectedFrames: 0, sentAt: performance.now(), drainedAt: 0, requestBytes: frame.length };
      this.pending = p;
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
    this.handle(this.decoder.push(chunk));
  }

  private handle(events: ReturnType<FrameDecoder['push']>): void {
    for (const ev of events) {
      const p = this.pending;
      if (ev.type === 'rejected') {
        if (p) p.rejectedFrames++;
        this.opts.log?.(`✗ discarded a frame (${ev.reason}, LEN ${ev.len})`);
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
    this.opts.log?.(`${p.def.label} → no answer in ${ms} ms`);
    this.settle(p, timeoutError(p.def.label, ms, p.rejectedFrames));
  }

  private settle(p: Pending, err: Error | null, r?: Response): void {
    if (this.pending !== p) return;
    this.pending = null;
    if (p.timer) clearTimeout(p.timer);
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
