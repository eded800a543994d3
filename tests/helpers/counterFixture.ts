/**
 * A counter's database filled with a business day's records through the counter's own
 * storage code where it has one (ledger appendInTx, AuditLog), the rest in the tables' own
 * shape: a till session with its float, journeys with steps, businesses, consents and
 * recommendations, a sale per paid journey, audit entries, printed receipts, an early-close
 * refusal, the settlement with its Z report and the handover. For sync tests and the hall bench.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ManualClock } from '../../base/clock';
import { AuditLog } from '../../electron/core/audit/auditLog';
import { openDatabase, type Db } from '../../electron/core/storage/db';
import { appendInTx, ledgerHead } from '../../electron/core/till/ledger';
import { testKeys } from './keys';

export interface CounterDb {
  db: Db;
  dataDir: string;
  close(): void;
}

export function openCounterDb(dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cd-counter-'))): CounterDb {
  const { db } = openDatabase({ dataDir });
  return { db, dataDir, close: () => db.close() };
}

const STEPS = ['greet', 'need', 'verify', 'consent', 'process', 'payment', 'recommend', 'handover', 'farewell'];

export interface DayOptions {
  journeys: number;
  /** Start of the day, epoch ms. */
  start?: number;
  counterId?: string;
  clerk?: string;
  /** Settle, hand over and print the Z report at the end of the day. */
  settle?: boolean;
}

/** Adds a day of records; returns the number of rows the hall should receive for them. */
export function fillDay(db: Db, opts: DayOptions): number {
  const start = opts.start ?? Date.UTC(2026, 0, 5, 1, 0);
  const counter = opts.counterId ?? 'C01';
  const clerk = opts.clerk ?? 'S001';
  const clock = new ManualClock(start);
  // The counter's own keys (its data folder's keystore), as the app would use them.
  const keys = testKeys(path.dirname(db.name));
  const audit = new AuditLog(db, clock, keys.key('audit-chain'));
  const ledgerKey = keys.key('ledger-chain');
  const day = new Date(start + 8 * 3_600_000).toISOString().slice(0, 10);
  const fill = db.transaction(() => {
    const session = Number(
      db.prepare(`INSERT INTO till_session (counter_id, clerk_staff_no, business_day, opened_at, float_fen, float_json, items_json) VALUES (?, ?, ?, ?, 50000, '{}', '{}')`)
        .run(counter, clerk, day, start).lastInsertRowid,
    );
    appendInTx(db, ledgerKey, { session_id: session, at: start, kind: 'float', tender: 'cash', amount_fen: 50000, due_fen: null, tendered_fen: null, change_fen: null, item: null, qty: null, ref: null, reason: null, corrects_seq: null, staff_no: clerk, actor_staff_no: clerk, note_id: null });
    audit.append({ kind: 'till.open', actor: clerk, counterId: counter, detail: { sessionId: session } });
    const insJ = db.prepare(`INSERT INTO journeys (journey_id, counter_id, clerk_id, session_id, status, step, version, opened_at, closed_at, ticket, business_codes, id_method, id_card_type, id_masked, id_hash, manual_entry, farewell_title, due_fen, tender, tendered_fen, change_fen, paid_at, state_json, updated_at)
      VALUES (?, ?, ?, ?, 'closed', 'closed', 12, ?, ?, ?, '["new_line"]', 'card', 'resident', '1101**********123X', 'h', 0, '王先生', 5800, 'cash', 10000, 4200, ?, '{}', ?)`);
    const insB = db.prepare(`INSERT INTO journey_businesses (journey_id, business_code, status, fee_fen, balance_refund_fen, charged, processed_at) VALUES (?, 'new_line', 'done', 5800, 0, 1, ?)`);
    const insC = db.prepare(`INSERT INTO journey_consents (journey_id, seq, business_code, answer, at) VALUES (?, 1, 'new_line', 'agreed', ?)`);
    const insR = db.prepare(`INSERT INTO journey_recommendations (journey_id, product_code, outcome, at) VALUES (?, 'broadband', ?, ?)`);
    const insS = db.prepare('INSERT INTO journey_steps (journey_id, seq, step, entered_at) VALUES (?, ?, ?, ?)');
    const insP = db.prepare(`INSERT INTO print_jobs (kind, ref, title, doc_json, state, created_at, updated_at, printed_at, attempts) VALUES ('customer_receipt', ?, '收据', '{}', 'printed', ?, ?, ?, 1)`);
    let t = start;
    for (let i = 1; i <= opts.journeys; i++) {
      const id = `${counter}-${day}-${String(i).padStart(4, '0')}`;
      const opened = t;
      const closed = opened + STEPS.length * 20_000;
      insJ.run(id, counter, clerk, String(session), opened, closed, `A${String(i).padStart(3, '0')}`, opened + 120_000, closed);
      insB.run(id, opened + 100_000);
      insC.run(id, opened + 60_000);
      insR.run(id, i % 3 === 0 ? 'accepted' : 'declined', opened + 140_000);
      STEPS.forEach((s, k) => insS.run(id, k + 1, s, opened + k * 20_000));
      clock.set(opened + 120_000);
      appendInTx(db, ledgerKey, { session_id: session, at: opened + 120_000, kind: 'sale', tender: 'cash', amount_fen: 5800, due_fen: 5800, tendered_fen: 10000, change_fen: 4200, item: null, qty: null, ref: `${id}:pay`, reason: null, corrects_seq: null, staff_no: clerk, actor_staff_no: clerk, note_id: null });
      audit.append({ kind: 'journey.open', actor: clerk, counterId: counter, detail: { journeyId: id } });
      audit.append({ kind: 'journey.verify', actor: clerk, counterId: counter, detail: { journeyId: id, method: 'card' } });
      audit.append({ kind: 'journey.pay', actor: clerk, counterId: counter, detail: { journeyId: id, dueFen: 5800 } });
      clock.set(closed);
      audit.append({ kind: 'journey.close', actor: clerk, counterId: counter, detail: { journeyId: id } });
      insP.run(`${id}:receipt`, closed, closed, closed);
      t = closed + 30_000;
    }
    if (opts.settle !== false) {
      clock.set(t);
      db.prepare(`INSERT INTO till_early_event (at, session_id, counter_id, staff_no, outcome, block, minutes_early, allowed_at) VALUES (?, ?, ?, ?, 'refused', 'before_close', 30, ?)`).run(t, session, counter, clerk, t + 1_800_000);
      audit.append({ kind: 'till.settle_early', actor: clerk, counterId: counter, detail: { minutesEarly: 30 } });
      t += 1_800_000;
      const expected = 50000 + 5800 * opts.journeys;
      const head = ledgerHead(db)!;
      const count = Number(db.prepare(`INSERT INTO till_count (session_id, attempt_no, counted_at, staff_no, cash_json, counted_fen, expected_fen, variance_fen, items_json, head_seq) VALUES (?, 1, ?, ?, '{}', ?, ?, 0, '{}', ?)`).run(session, t, clerk, expected, expected, head.seq).lastInsertRowid);
      const z = Number(db.prepare('INSERT INTO till_z_report (session_id, created_at) VALUES (?, ?)').run(session, t).lastInsertRowid);
      db.prepare(`INSERT INTO till_settlement (session_id, idempotency_key, settled_at, count_id, z_no, expected_fen, counted_fen, variance_fen, totals_json, head_seq, head_hash, result_json) VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, '{}')`)
        .run(session, `settle-${session}`, t, count, z, expected, expected, JSON.stringify({ cash: expected, sales: opts.journeys }), head.seq, head.hash);
      db.prepare(`UPDATE till_session SET status = 'settled', settled_at = ? WHERE id = ?`).run(t, session);
      db.prepare(`INSERT INTO till_handover (session_id, at, amount_fen, bag_no, seal_no, handed_by, received_by) VALUES (?, ?, ?, 'B-001', 'S-778', ?, 'M001')`).run(session, t + 60_000, expected, clerk);
      clock.set(t + 60_000);
      audit.append({ kind: 'till.settle', actor: clerk, counterId: counter, detail: { sessionId: session } });
    }
  });
  fill.immediate();
  // ledger: float + sales; audit: open + 4 per journey (+ 2 at settlement); journeys, 9 steps each, receipts;
  // settlement, handover, early event, the blind count.
  const n = opts.journeys;
  return (1 + n) + (1 + 4 * n + (opts.settle !== false ? 2 : 0)) + n + 9 * n + n + (opts.settle !== false ? 4 : 0);
}
