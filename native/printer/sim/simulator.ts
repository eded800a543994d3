/**
 * A byte-exact receipt printer over any Transport, for tests, the benchmark, training mode and
 * `sim printer`. It reads the stream with its own tokenizer, decodes Chinese with the
 * platform's TextDecoder('gb18030') (ICU, independent of the encoder's iconv-lite), lays text
 * out the way a printer does (ESC a, GS !, auto-wrap at the paper edge) and records receipts:
 * lines, cut, drawer kicks, QR payloads.
 *
 * Like a real printer it has two speeds: DLE EOT is answered the moment it arrives, even
 * while printing is stopped; everything else — text, cuts, kicks, GS r — is executed in buffer
 * order, and stops while paper is out, the cover is open or the printer is offline, to go on
 * where it stopped once the fault is cleared.
 */
import type { Transport } from '../../transport/types';
import { Listeners } from '../../transport/listeners';
import { EscPosTokenizer, type SimToken } from './tokenizer';

export interface SimKick {
  pin: 2 | 5;
  onMs: number;
  offMs: number;
}

export interface SimLineStyle {
  align: 'left' | 'center' | 'right';
  bold: boolean;
  double: boolean;
}

export interface SimReceipt {
  /** Printed lines, positioned as on paper (leading spaces = alignment), trailing spaces trimmed. */
  lines: string[];
  styles: SimLineStyle[];
  /** How the receipt was cut off; null while it is still on the printer. */
  cut: 'full' | 'partial' | null;
  kicks: SimKick[];
  /** QR payloads printed, in order. */
  qr: string[];
}

/** The printer's condition, set by tests (fault injection) and by the clerk's hands. */
export interface SimPrinterState {
  paperOut: boolean;
  paperNearEnd: boolean;
  coverOpen: boolean;
  /** Forced offline (e.g. the FEED button held, or a model that goes offline on its own). */
  offline: boolean;
  drawerOpen: boolean;
  cutterError: boolean;
  unrecoverableError: boolean;
}

export interface PrinterSimOptions {
  /** Half-width columns: 32 (58 mm) or 48 (80 mm). */
  columns?: number;
  /** Drawer wiring: whether the open drawer pulls pin 3 high. */
  drawerOpenWhenHigh?: boolean;
  /** Pace incoming bytes like a UART at this baud (10 bits a byte); 0 = as fast as they come. */
  baudRate?: number;
  /** Slow drain: each printed line takes this long (ms). */
  msPerLine?: number;
  /** Reopen the link by itself after it went away (pty unplugged and plugged again). */
  autoReopen?: boolean;
  initial?: Partial<SimPrinterState>;
}

export type SimEvent =
  | { type: 'line'; text: string }
  | { type: 'cut'; mode: 'full' | 'partial'; receipt: SimReceipt }
  | { type: 'kick'; kick: SimKick }
  | { type: 'qr'; data: string }
  | { type: 'paper-out' }
  | { type: 'link'; open: boolean };

const ALIGNS = ['left', 'center', 'right'] as const;

export class PrinterSimulator {
  readonly columns: number;
  private readonly tokenizer = new EscPosTokenizer();
  private readonly decoder = new TextDecoder('gb18030');
  private readonly events = new Listeners<[SimEvent]>();
  private st: SimPrinterState;
  private done: SimReceipt[] = [];
  private cur: SimReceipt = emptyReceipt();
  private readonly allKicks: SimKick[] = [];
  // Line buffer and print modes.
  private line = '';
  private lineCols = 0;
  private align = 0;
  private bold = false;
  private size = 0;
  private qrStored: string | null = null;
  /** Fault: paper runs out after this many more printed lines. */
  private paperLeftLines: number | null = null;
  // Buffer-order execution.
  private queue: SimToken[] = [];
  private running = false;
  // UART pacing of arrivals.
  private arrivals: { chunk: Uint8Array; due: number }[] = [];
  private arrivalTimer: NodeJS.Timeout | null = null;
  private lastArrivalDue = 0;
  private stopped = true;
  private reopenTimer: NodeJS.Timeout | null = null;
  private readonly unsub: (() => void)[] = [];
  /** Counters for tests and the CLI. */
  readonly stats = { bytesIn: 0, statusAnswered: 0, confirmsAnswered: 0, unknownCommands: 0 };

  constructor(
    private readonly link: Transport,
    private readonly opts: PrinterSimOptions = {},
  ) {
    this.columns = opts.columns ?? 48;
    this.st = {
      paperOut: false,
      paperNearEnd: false,
      coverOpen: false,
      offline: false,
      drawerOpen: false,
      cutterError: false,
      unrecoverableError: false,
      ...opts.initial,
    };
  }

  async start(): Promise<void> {
    this.stopped = false;
    this.unsub.push(
      this.link.onData((c) => this.arrive(c)),
      this.link.onClose(() => this.linkLost()),
    );
    if (!this.link.isOpen) await this.link.open();
    this.events.emit({ type: 'link', open: true });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.arrivalTimer) clearTimeout(this.arrivalTimer);
    if (this.reopenTimer) clearTimeout(this.reopenTimer);
    this.arrivalTimer = this.reopenTimer = null;
    for (const u of this.unsub.splice(0)) u();
    await this.link.close();
  }

  onEvent(cb: (e: SimEvent) => void): () => void {
    return this.events.add(cb);
  }

  // ---- what tests read -------------------------------------------------------------------

  /** Receipts cut so far, plus the one still on the printer if anything was printed on it. */
  get receipts(): SimReceipt[] {
    const c = this.cur;
    const pending = c.lines.length > 0 || c.qr.length > 0 || c.kicks.length > 0 || this.line !== '';
    return pending ? [...this.done, { ...c, lines: this.line !== '' ? [...c.lines, this.placed()] : c.lines }] : [...this.done];
  }

  get cutReceipts(): SimReceipt[] {
    return [...this.done];
  }

  get kicks(): SimKick[] {
    return [...this.allKicks];
  }

  get state(): SimPrinterState {
    return { ...this.st };
  }

  /** Resolves once `n` receipts have been cut (or rejects after timeoutMs). */
  whenCut(n: number, timeoutMs = 10_000): Promise<SimReceipt[]> {
    return this.when(() => this.done.length >= n, timeoutMs, `${n} cut receipts`).then(() => this.cutReceipts);
  }

  /** Resolves when the predicate holds after some event (checked now and on every event). */
  when(pred: () => boolean, timeoutMs: number, what = 'condition'): Promise<void> {
    if (pred()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        off();
        reject(new Error(`simulator: no ${what} within ${timeoutMs} ms`));
      }, timeoutMs);
      const off = this.events.add(() => {
        if (!pred()) return;
        clearTimeout(timer);
        off();
        resolve();
      });
    });
  }

  // ---- fault injection and the clerk's hands ----------------------------------------------

  /** Paper runs out now, or after `afterLines` more printed lines (mid-job). */
  runOutOfPaper(opts: { afterLines?: number } = {}): void {
    if (opts.afterLines !== undefined && opts.afterLines > 0) this.paperLeftLines = opts.afterLines;
    else this.paperEnds();
  }

  loadPaper(): void {
    this.paperLeftLines = null;
    this.st.paperOut = false;
    this.st.paperNearEnd = false;
    this.resume();
  }

  setNearEnd(on: boolean): void {
    this.st.paperNearEnd = on;
  }

  openCover(): void {
    this.st.coverOpen = true;
  }

  closeCover(): void {
    this.st.coverOpen = false;
    this.resume();
  }

  setOffline(on: boolean): void {
    this.st.offline = on;
    if (!on) this.resume();
  }

  setCutterError(on: boolean): void {
    this.st.cutterError = on;
    if (!on) this.resume();
  }

  setSlowDrain(msPerLine: number): void {
    this.opts.msPerLine = msPerLine;
  }

  /** The clerk pushes the drawer shut. */
  closeDrawer(): void {
    this.st.drawerOpen = false;
  }

  // ---- arrival (real time) -----------------------------------------------------------------

  private arrive(chunk: Uint8Array): void {
    this.stats.bytesIn += chunk.length;
    const baud = this.opts.baudRate ?? 0;
    if (baud <= 0) {
      this.receive(chunk);
      return;
    }
    // A UART delivers a byte every 10 bit times, whatever speed the pty has.
    const now = performance.now();
    const due = Math.max(now, this.lastArrivalDue) + (chunk.length * 10 * 1000) / baud;
    this.lastArrivalDue = due;
    this.arrivals.push({ chunk, due });
    this.scheduleArrival();
  }

  private scheduleArrival(): void {
    if (this.arrivalTimer || this.arrivals.length === 0) return;
    const head = this.arrivals[0]!;
    const delay = Math.max(0, head.due - performance.now());
    this.arrivalTimer = setTimeout(() => {
      this.arrivalTimer = null;
      const now = performance.now();
      while (this.arrivals.length > 0 && this.arrivals[0]!.due <= now + 0.5) this.receive(this.arrivals.shift()!.chunk);
      this.scheduleArrival();
    }, delay);
  }

  private receive(chunk: Uint8Array): void {
    for (const tok of this.tokenizer.feed(chunk)) {
      if (tok.t === 'status') this.reply(this.statusByte(tok.n), 'status');
      else this.queue.push(tok);
    }
    void this.pump();
  }

  private statusByte(n: number): number {
    const s = this.st;
    const offline = this.isStopped();
    const pin3High = s.drawerOpen === (this.opts.drawerOpenWhenHigh ?? true);
    const error = s.cutterError || s.unrecoverableError;
    switch (n) {
      case 1:
        return 0x12 | (pin3High ? 0x04 : 0) | (offline ? 0x08 : 0);
      case 2:
        return 0x12 | (s.coverOpen ? 0x04 : 0) | (s.paperOut ? 0x20 : 0) | (error ? 0x40 : 0);
      case 3:
        return 0x12 | (s.cutterError ? 0x08 : 0) | (s.unrecoverableError ? 0x20 : 0);
      case 4:
        return 0x12 | (s.paperNearEnd || s.paperOut ? 0x0c : 0) | (s.paperOut ? 0x60 : 0);
      default:
        return 0x12;
    }
  }

  private reply(b: number, kind: 'status' | 'confirm'): void {
    if (!this.link.isOpen) return;
    if (kind === 'status') this.stats.statusAnswered++;
    else this.stats.confirmsAnswered++;
    // A reply into a closed link is lost, as on a wire.
    this.link.write(Uint8Array.of(b)).catch(() => undefined);
  }

  // ---- execution (buffer order) ------------------------------------------------------------

  private isStopped(): boolean {
    const s = this.st;
    return s.paperOut || s.coverOpen || s.offline || s.cutterError || s.unrecoverableError;
  }

  private resume(): void {
    void this.pump();
  }

  private async pump(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      while (this.queue.length > 0 && !this.isStopped() && !this.stopped) {
        const tok = this.queue.shift()!;
        const printedLine = this.execute(tok);
        const slow = this.opts.msPerLine ?? 0;
        if (printedLine && slow > 0) await new Promise((r) => setTimeout(r, slow));
      }
    } finally {
      this.running = false;
    }
  }

  /** Applies one token; true when it printed a line (for slow-drain pacing). */
  private execute(tok: SimToken): boolean {
    switch (tok.t) {
      case 'text':
        this.addText(tok.bytes, tok.chinese);
        return false;
      case 'lf':
        this.printLine();
        return true;
      case 'init':
        this.align = 0;
        this.bold = false;
        this.size = 0;
        this.line = '';
        this.lineCols = 0;
        return false;
      case 'chinese':
        return false;
      case 'align':
        this.align = Math.min(2, Math.max(0, tok.n));
        return false;
      case 'bold':
        this.bold = tok.on;
        return false;
      case 'size':
        this.size = tok.n;
        return false;
      case 'feed':
        if (this.line !== '') this.printLine();
        return false;
      case 'cut': {
        if (this.line !== '') this.printLine();
        const receipt: SimReceipt = { ...this.cur, cut: tok.mode };
        this.done.push(receipt);
        this.cur = emptyReceipt();
        this.events.emit({ type: 'cut', mode: tok.mode, receipt });
        return false;
      }
      case 'kick': {
        const kick: SimKick = { pin: tok.pin, onMs: tok.onMs, offMs: tok.offMs };
        this.st.drawerOpen = true;
        this.cur.kicks.push(kick);
        this.allKicks.push(kick);
        this.events.emit({ type: 'kick', kick });
        return false;
      }
      case 'confirm': {
        // GS r 1/49: paper sensor; GS r 2/50: drawer connector level.
        const n = tok.n;
        if (n === 2 || n === 50) {
          const high = this.st.drawerOpen === (this.opts.drawerOpenWhenHigh ?? true);
          this.reply(high ? 0x01 : 0x00, 'confirm');
        } else this.reply(this.st.paperNearEnd ? 0x03 : 0x00, 'confirm');
        return false;
      }
      case 'qr':
        this.qr(tok.fn, tok.params);
        return false;
      case 'status':
        return false; // answered on arrival
      case 'unknown':
        this.stats.unknownCommands++;
        return false;
    }
  }

  private qr(fn: number, params: Uint8Array): void {
    if (fn === 0x50 && params[0] === 0x30) {
      this.qrStored = String.fromCharCode(...params.slice(1));
    } else if (fn === 0x51 && this.qrStored !== null) {
      if (this.line !== '') this.printLine();
      this.cur.qr.push(this.qrStored);
      this.events.emit({ type: 'qr', data: this.qrStored });
    }
  }

  private addText(bytes: Uint8Array, chinese: boolean): void {
    const widthMul = ((this.size >> 4) & 7) + 1;
    let i = 0;
    while (i < bytes.length) {
      const b = bytes[i]!;
      let ch: string;
      let cols: number;
      if (chinese && b >= 0x81 && i + 1 < bytes.length) {
        ch = this.decoder.decode(bytes.subarray(i, i + 2));
        cols = 2;
        i += 2;
      } else {
        // Outside Chinese mode a high byte is a code-page glyph we do not model: show it as garbage.
        ch = b < 0x80 ? String.fromCharCode(b) : '\ufffd';
        cols = 1;
        i += 1;
      }
      const w = cols * widthMul;
      if (this.lineCols + w > this.columns) this.printLine(); // auto-wrap at the paper edge
      this.line += ch;
      this.lineCols += w;
    }
  }

  /** The current line as it lands on paper. */
  private placed(): string {
    const free = Math.max(0, this.columns - this.lineCols);
    const pad = this.align === 1 ? Math.floor(free / 2) : this.align === 2 ? free : 0;
    return (' '.repeat(pad) + this.line).trimEnd();
  }

  private printLine(): void {
    const text = this.placed();
    this.cur.lines.push(text);
    this.cur.styles.push({ align: ALIGNS[this.align] ?? 'left', bold: this.bold, double: (this.size & 0x11) === 0x11 });
    this.line = '';
    this.lineCols = 0;
    this.events.emit({ type: 'line', text });
    if (this.paperLeftLines !== null && --this.paperLeftLines <= 0) {
      this.paperLeftLines = null;
      this.paperEnds();
    }
  }

  private paperEnds(): void {
    this.st.paperOut = true;
    this.st.paperNearEnd = true;
    this.events.emit({ type: 'paper-out' });
  }

  // ---- the link ---------------------------------------------------------------------------

  private linkLost(): void {
    this.tokenizer.reset();
    this.arrivals = [];
    this.events.emit({ type: 'link', open: false });
    if (this.stopped || !this.opts.autoReopen) return;
    const retry = (): void => {
      this.reopenTimer = setTimeout(() => {
        this.reopenTimer = null;
        if (this.stopped) return;
        this.link.open().then(
          () => this.events.emit({ type: 'link', open: true }),
          () => retry(),
        );
      }, 100);
    };
    retry();
  }
}

function emptyReceipt(): SimReceipt {
  return { lines: [], styles: [], cut: null, kicks: [], qr: [] };
}
