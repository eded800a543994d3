/**
 * The counter's devices for the day: the ID-card reader and the receipt printer as simulator
 * processes on socat pseudo-terminals, driven by the real serialport binding on the app side.
 * Faults are injected the way they happen at a counter: garbage on the reader line, the
 * reader's cable pulled and put back, paper running out mid-receipt, the cover opened.
 */
import { createPtyPair, type PtyPair } from '../helpers/pty';
import { startSim, type SimProcess } from '../helpers/simProcess';

export class CounterDevices {
  private constructor(
    readonly readerPty: PtyPair,
    readonly printerPty: PtyPair,
    public reader: SimProcess,
    readonly printer: SimProcess,
    /** Earlier reader processes (replaced after an unplug), kept for their output. */
    private readonly retiredReaders: SimProcess[] = [],
  ) {}

  /** The printer is paced a little (ms per line) so a paper-out can land in the middle of a receipt. */
  static async start(opts: { printerSlowMs: number }): Promise<CounterDevices> {
    const readerPty = await createPtyPair();
    const printerPty = await createPtyPair();
    const reader = await startSim('idcard', readerPty.a);
    const printer = await startSim('printer', printerPty.a, opts.printerSlowMs > 0 ? ['--slow-ms', String(opts.printerSlowMs)] : []);
    return new CounterDevices(readerPty, printerPty, reader, printer);
  }

  /** The app's end of each pty (what its settings point at). */
  get ports(): { idcard: string; printer: string } {
    return { idcard: this.readerPty.b, printer: this.printerPty.b };
  }

  /** Everything the printer simulator put on paper (its stdout). */
  paper(): string {
    return this.printer.output();
  }

  readerOutput(): string {
    return [...this.retiredReaders, this.reader].map((r) => r.output()).join('\n');
  }

  /** A card lies on the reader simulator. */
  private cardOn = false;
  /** Where the reader's output stood when the card was last lifted, and whether there was one. */
  private liftedAt = 0;
  private liftedCard = false;

  placeCard(card: string): void {
    this.reader.send(`place ${card}`);
    this.cardOn = true;
  }

  /** Takes the card off the reader (no-op when there is none). */
  liftCard(): void {
    this.liftedAt = this.reader.output().length;
    this.liftedCard = this.cardOn;
    if (this.cardOn) this.reader.send('remove');
    this.cardOn = false;
  }

  /**
   * Waits until the reader has polled an empty field since the card was lifted. The app takes
   * the same card read again without an empty poll in between as the same presence
   * (native/idcard/session.ts), so two customers with the same sample card need this gap, as a
   * real card is lifted and put down. False when no empty poll came within the deadline (the
   * app is down or restarting: nobody polls).
   */
  async emptyFieldSeen(deadlineMs = 1500): Promise<boolean> {
    const re = this.liftedCard ? /card removed[\s\S]*no card found/ : /no card found/;
    const until = Date.now() + deadlineMs;
    for (;;) {
      if (re.test(this.reader.output().slice(this.liftedAt))) return true;
      if (Date.now() > until) return false;
      await pause(5);
    }
  }

  /**
   * Pulls the reader's cable and puts it back. The simulator re-hosts on the new pty by itself
   * (hostOnSerial retries the vanished path); if it has not within the deadline it is restarted.
   * Returns how the reader came back.
   */
  async unplugReader(deadlineMs = 5000): Promise<'rehosted' | 'restarted'> {
    const before = count(this.reader.output(), /listening on /g);
    await this.readerPty.unplug();
    await this.readerPty.replug();
    const until = Date.now() + deadlineMs;
    while (Date.now() < until) {
      if (count(this.reader.output(), /listening on /g) > before) return 'rehosted';
      await pause(50);
    }
    const old = this.reader;
    await old.stop();
    this.retiredReaders.push(old);
    this.reader = await startSim('idcard', this.readerPty.a);
    this.cardOn = false;
    this.liftedAt = 0;
    this.liftedCard = false;
    return 'restarted';
  }

  async stop(): Promise<void> {
    await Promise.allSettled([this.reader.stop(), this.printer.stop()]);
    await Promise.allSettled([this.readerPty.close(), this.printerPty.close()]);
  }
}

export function count(text: string, re: RegExp): number {
  return (text.match(re) ?? []).length;
}

/** Bounded polling only: every caller has a deadline. */
export function pause(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
