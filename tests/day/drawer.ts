/**
 * The simulated cash drawer, piece by piece: what the clerk really holds, kept independently of
 * the app. Received notes go in; change, refunds and drops come out with a simple greedy
 * algorithm over the pieces actually in the drawer. At closing the clerk counts exactly this.
 */
import { DENOMINATIONS, type DenominationId } from '../../base/contract/denominations';
import type { Rng } from './rng';

export type Pieces = Partial<Record<DenominationId, number>>;

/** Denominations a customer hands over (a wallet has no 1 yuan coins here: notes first). */
const BY_VALUE = [...DENOMINATIONS].sort((a, b) => b.fen - a.fen);

export function piecesTotal(p: Pieces): number {
  return DENOMINATIONS.reduce((s, d) => s + (p[d.id] ?? 0) * d.fen, 0);
}

/** How a customer with an unlimited wallet pays `fen` (greedy, notes before coins). */
export function walletPieces(fen: number): Pieces {
  const out: Pieces = {};
  let rest = fen;
  for (const d of BY_VALUE) {
    const n = Math.floor(rest / d.fen);
    if (n > 0) {
      out[d.id] = n;
      rest -= n * d.fen;
    }
  }
  if (rest !== 0) throw new Error(`cannot make ${fen} fen from denominations`);
  return out;
}

export class Drawer {
  private readonly held: Record<DenominationId, number>;

  constructor(float: Pieces) {
    this.held = Object.fromEntries(DENOMINATIONS.map((d) => [d.id, float[d.id] ?? 0])) as Record<DenominationId, number>;
  }

  get totalFen(): number {
    return piecesTotal(this.held);
  }

  /** The blind count: pieces per denomination, zeros left out. */
  count(): Pieces {
    const out: Pieces = {};
    for (const d of DENOMINATIONS) if (this.held[d.id] > 0) out[d.id] = this.held[d.id];
    return out;
  }

  put(p: Pieces): void {
    for (const d of DENOMINATIONS) this.held[d.id] += p[d.id] ?? 0;
  }

  /** Greedy pick of `fen` from what the drawer holds (extra pieces included), or null. */
  pick(fen: number, extra: Pieces = {}): Pieces | null {
    const out: Pieces = {};
    let rest = fen;
    for (const d of BY_VALUE) {
      const have = this.held[d.id] + (extra[d.id] ?? 0);
      const n = Math.min(have, Math.floor(rest / d.fen));
      if (n > 0) {
        out[d.id] = n;
        rest -= n * d.fen;
      }
    }
    return rest === 0 ? out : null;
  }

  /** Takes `fen` out of the drawer (change, refund, pay-out, drop); throws when it cannot. */
  take(fen: number): Pieces {
    const p = this.pick(fen);
    if (!p) throw new Error(`the drawer cannot pay out ${fen} fen exactly`);
    for (const d of DENOMINATIONS) this.held[d.id] -= p[d.id] ?? 0;
    return p;
  }

  canPay(fen: number): boolean {
    return this.pick(fen) !== null;
  }

  /** Takes the pieces listed (a drop of whole notes). */
  takePieces(p: Pieces): void {
    for (const d of DENOMINATIONS) {
      const n = p[d.id] ?? 0;
      if (n > this.held[d.id]) throw new Error(`the drawer holds only ${this.held[d.id]} × ${d.id}`);
      this.held[d.id] -= n;
    }
  }

  /** A mid-day drop: the big notes beyond a working stock go to the safe. */
  dropPlan(keep: { note_100: number; note_50: number }): Pieces {
    const p: Pieces = {};
    const n100 = Math.max(0, this.held.note_100 - keep.note_100);
    const n50 = Math.max(0, this.held.note_50 - keep.note_50);
    if (n100 > 0) p.note_100 = n100;
    if (n50 > 0) p.note_50 = n50;
    return p;
  }

  /**
   * What the customer hands over for `dueFen`: exact, or rounded up to a note, with change the
   * drawer can make and that stays under the app's 100 yuan change limit.
   */
  tender(dueFen: number, rng: Rng): { tenderedFen: number; pieces: Pieces } {
    const options = [100, 500, 1000, 2000, 5000, 10000]
      .map((step) => Math.ceil(dueFen / step) * step)
      .filter((t) => t > dueFen && t - dueFen < 10_000);
    const candidates = rng.chance(0.25) ? [dueFen] : [rng.pick(options.length > 0 ? options : [dueFen]), ...options, dueFen];
    for (const t of candidates) {
      const pieces = walletPieces(t);
      if (t === dueFen || this.pick(t - dueFen, pieces)) return { tenderedFen: t, pieces };
    }
    return { tenderedFen: dueFen, pieces: walletPieces(dueFen) };
  }
}
