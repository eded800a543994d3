/**
 * Sorts the printer's reply bytes to whoever is waiting for them. Replies are single bytes and
 * carry no tag, but their fixed bits tell them apart: DLE EOT replies match
 * (b & 0x93) == 0x12, GS r 1 replies have the high nibble 0. Within a kind they come back in
 * the order asked. XON/XOFF and anything else unasked-for are dropped (and counted), never thrown.
 */
import { isConfirmReply, isStatusReply } from './status';

export interface Pending {
  readonly promise: Promise<number>;
  /** Stop waiting: the byte, if it ever comes, goes to nobody. */
  cancel(): void;
}

interface Waiter {
  resolve(b: number): void;
  reject(e: Error): void;
}

const XON = 0x11;
const XOFF = 0x13;

export class ReplyRouter {
  private status: Waiter[] = [];
  private confirm: Waiter[] = [];
  /** Bytes that matched nothing we asked for (line noise, wrong device, wrong baud). */
  strayBytes = 0;

  feed(chunk: Uint8Array): void {
    for (const b of chunk) {
      if (b === XON || b === XOFF) continue;
      if (isStatusReply(b)) {
        const w = this.status.shift();
        if (w) w.resolve(b);
        else this.strayBytes++;
      } else if (isConfirmReply(b)) {
        const w = this.confirm.shift();
        if (w) w.resolve(b);
        else this.strayBytes++;
      } else this.strayBytes++;
    }
  }

  expectStatus(): Pending {
    return this.expect(this.status);
  }

  expectConfirm(): Pending {
    return this.expect(this.confirm);
  }

  /** The link went away: everyone waiting hears it. */
  failAll(e: Error): void {
    const all = [...this.status, ...this.confirm];
    this.status = [];
    this.confirm = [];
    for (const w of all) w.reject(e);
  }

  private expect(queue: Waiter[]): Pending {
    let waiter!: Waiter;
    const promise = new Promise<number>((resolve, reject) => {
      waiter = { resolve, reject };
    });
    // A cancelled or failed wait nobody awaits any more must not become an unhandled rejection.
    promise.catch(() => undefined);
    queue.push(waiter);
    return {
      promise,
      cancel: () => {
        const i = queue.indexOf(waiter);
        if (i >= 0) queue.splice(i, 1);
      },
    };
  }
}
