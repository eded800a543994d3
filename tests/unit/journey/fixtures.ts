/** Shared test fixtures: the default catalog, valid ID numbers, card factories, a fake till. */
import { CatalogLoader } from '../../../electron/core/catalog/loader';
import type { Catalog } from '../../../base/contract/catalog';
import type { ReceiptPort, TillPort } from '../../../electron/core/journey/ports';
import type { VerifiedCard } from '../../../base/contract/card';
import type { ItemsUsed, MachineContext, ReceiptData } from '../../../electron/core/journey/types';

export function defaultCatalog(): Catalog {
  const r = new CatalogLoader().loadFile();
  if (!r.ok) throw r.error;
  return r.catalog;
}

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/** Completes 17 digits with the right GB 11643 check character. */
export function withCheck(first17: string): string {
  const sum = [...first17].reduce((s, d, i) => s + Number(d) * WEIGHTS[i]!, 0);
  return first17 + '10X98765432'[sum % 11]!;
}

export const ID_WANG = withCheck('11010519850301002'); // female (even sequence digit)
/** 2025-06-01 10:00 China time. */
export const T0 = Date.UTC(2025, 5, 1, 2, 0, 0);

export function card(over: Partial<VerifiedCard> = {}): VerifiedCard & { address: string; photoBytes: number } {
  return {
    cardType: 'resident',
    name: '王秀英',
    nameEn: '',
    sex: 'female',
    idNumber: ID_WANG,
    validTo: '2035-06-01',
    idNumberValid: true,
    expired: false,
    // Extra fields of the reader's IdCard, to prove they never reach the disk.
    address: '北京市朝阳区建国路88号',
    photoBytes: 1024,
    ...over,
  };
}

export function hashIdNumber(id: string): string {
  // Stands in for the keyed hash (privacy/idHash.ts): deterministic, not the number itself.
  let h = 7;
  for (const ch of id) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return `h:${h.toString(16)}`;
}

export function ctx(now: number, catalog: Catalog = defaultCatalog()): MachineContext {
  return { now, catalog, hashIdNumber };
}

export interface TillCall {
  op: 'cash' | 'noncash' | 'refund' | 'drawer';
  key: string;
  amountFen: number;
}

/** A till that records calls and, like the real one must, treats a repeated key as done. */
export class FakeTill implements TillPort {
  calls: TillCall[] = [];
  posted = new Set<string>();
  failNext: Error | null = null;

  private take(op: TillCall['op'], key: string, amountFen: number): void {
    this.calls.push({ op, key, amountFen });
    if (this.failNext) {
      const e = this.failNext;
      this.failNext = null;
      throw e;
    }
    this.posted.add(key);
  }
  postCashSale(p: { dueFen: number; idempotencyKey: string }): void {
    this.take('cash', p.idempotencyKey, p.dueFen);
  }
  postNonCash(p: { amountFen: number; idempotencyKey: string }): void {
    this.take('noncash', p.idempotencyKey, p.amountFen);
  }
  refund(p: { amountFen: number; idempotencyKey: string }): void {
    this.take('refund', p.idempotencyKey, p.amountFen);
  }
  drawerKick(p: { idempotencyKey: string }): void {
    this.take('drawer', p.idempotencyKey, 0);
  }
  /** Items used, kept apart from the money calls; a repeated key is done already. */
  itemsUsed = new Map<string, ItemsUsed[]>();
  useItems(p: { lines: ItemsUsed[]; idempotencyKey: string }): void {
    if (!this.itemsUsed.has(p.idempotencyKey)) this.itemsUsed.set(p.idempotencyKey, p.lines);
  }
}

export class FakeReceipts implements ReceiptPort {
  jobs = new Map<string, { journeyId: string; data: ReceiptData }>();
  calls = 0;
  failNext = false;
  enqueueReceipt(journeyId: string, data: ReceiptData, key: string): string {
    this.calls++;
    if (this.failNext) {
      this.failNext = false;
      throw new Error('printer offline');
    }
    this.jobs.set(key, { journeyId, data });
    return `job-${key}`;
  }
}
