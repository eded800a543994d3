// The counter's outbox: only final records are captured, each once per final state, numbered
// per stream without gaps; the cursor survives a restart; the backlog names the oldest unsent.
import { afterEach, describe, expect, it } from 'vitest';
import { BatchSchema, STREAMS } from '../../../base/contract/replication';
import fs from 'node:fs';
import path from 'node:path';
import { defaultMigrationsDir, openDatabase } from '../../../electron/core/storage/db';
import { Outbox } from '../../../electron/core/sync/outbox';
import { fillDay, openCounterDb, type CounterDb } from '../../helpers/counterFixture';

let c: CounterDb;
afterEach(() => c?.close());

const now = () => 1_800_000_000_000;

describe('outbox', () => {
  it('captures finished journeys, their steps and the till records once, in the protocol shape', () => {
    c = openCounterDb();
    fillDay(c.db, { journeys: 4 });
    c.db.prepare(`INSERT INTO journeys (journey_id, counter_id, clerk_id, session_id, status, step, version, opened_at, business_codes, state_json, updated_at) VALUES ('open-1', 'C01', 'S001', '1', 'open', 'verify', 3, 1, '[]', '{}', 1)`).run();
    const o = new Outbox(c.db, now);
    expect(o.backlog().unsent.journey).toBe(4); // named by the triggers, not captured yet
    // journeys, steps, settlement, handover, early event, receipts, the blind count
    expect(o.capture()).toEqual({ captured: 4 + 36 + 1 + 1 + 1 + 4 + 1, more: false });
    expect(o.capture()).toEqual({ captured: 0, more: false });
    for (const stream of STREAMS) {
      const p = o.pending(stream, 2000);
      if (p.rows.length === 0) continue;
      expect(p.rows.map((r) => r.seq)).toEqual(p.rows.map((_, i) => i + 1));
      const parsed = BatchSchema.safeParse({ protocol: 1, counter: 1, stream, rows: p.rows });
      expect(parsed.success, `${stream}: ${parsed.success ? '' : parsed.error.message}`).toBe(true);
    }
    const j = o.pending('journey').rows.map((r) => r.data.journey_id);
    expect(j).not.toContain('open-1');
    const step = o.pending('step').rows[0]!.data;
    expect(step).toMatchObject({ step_no: 1, step: 'greet', duration_ms: 20_000 });
  });

  it('a journey started from a hall ticket carries the ticket’s times; one without a ticket carries none', () => {
    c = openCounterDb();
    fillDay(c.db, { journeys: 2 });
    const [first, second] = (c.db.prepare('SELECT journey_id FROM journeys ORDER BY journey_id').all() as { journey_id: string }[]).map((r) => r.journey_id);
    c.db.prepare(`INSERT INTO queue_ticket (ticket_id, day, label, grp, business_code, priority, state, issued_at, called_at, served_at, finished_at, call_count, journey_id, updated_at)
                  VALUES (41, '2026-11-26', 'A023', 'general', 'new_line', 0, 'done', 1000, 61000, 65000, 400000, 1, ?, 400000)`).run(first);
    const o = new Outbox(c.db, now);
    o.capture();
    const rows = o.pending('journey').rows;
    const withTicket = rows.find((r) => r.data.journey_id === first)!.data;
    expect(withTicket.queue).toEqual({ ticket_id: 41, label: 'A023', group: 'general', business_code: 'new_line', issued_at: 1000, called_at: 61000, served_at: 65000, finished_at: 400000 });
    expect('queue' in rows.find((r) => r.data.journey_id === second)!.data).toBe(false);
    expect(BatchSchema.safeParse({ protocol: 1, counter: 1, stream: 'journey', rows }).success).toBe(true);
  });

  it('a cancelled journey waits for its refund; a re-printed failed job is a second outcome', () => {
    c = openCounterDb();
    const o = new Outbox(c.db, now);
    c.db.prepare(`INSERT INTO journeys (journey_id, counter_id, clerk_id, session_id, status, step, version, opened_at, closed_at, business_codes, refund_fen, refund_status, state_json, updated_at)
      VALUES ('J-r', 'C01', 'S001', '1', 'cancelled', 'cancelled', 5, 1, 2, '[]', 5800, 'pending', '{}', 2)`).run();
    c.db.prepare(`INSERT INTO print_jobs (kind, ref, title, doc_json, state, reason_json, attempts, created_at, updated_at) VALUES ('customer_receipt', 'r1', 't', '{}', 'failed', '{"code":"PRINTER_PAPER_OUT","message_zh":"缺纸","message_en":"out of paper"}', 1, 1, 1)`).run();
    o.capture();
    expect(o.pending('journey').rows).toHaveLength(0);
    expect(o.pending('print_outcome').rows.map((r) => [r.data.state, r.data.reason_code])).toEqual([['failed', 'PRINTER_PAPER_OUT']]);
    c.db.prepare(`UPDATE journeys SET refund_status = 'done', updated_at = 3 WHERE journey_id = 'J-r'`).run();
    c.db.prepare(`UPDATE print_jobs SET state = 'printed', attempts = 2, reason_json = NULL, printed_at = 5, updated_at = 5`).run();
    o.capture();
    expect(o.pending('journey').rows.map((r) => [r.data.status, r.data.refund_status])).toEqual([['cancelled', 'done']]);
    expect(o.pending('print_outcome').rows.map((r) => [r.seq, r.data.state])).toEqual([[1, 'failed'], [2, 'printed']]);
  });

  it('masks an ID number again on the way out, whatever was stored', () => {
    c = openCounterDb();
    c.db.prepare(`INSERT INTO journeys (journey_id, counter_id, clerk_id, session_id, status, step, version, opened_at, closed_at, business_codes, id_masked, farewell_title, state_json, updated_at)
      VALUES ('J-m', 'C01', 'S001', '1', 'closed', 'closed', 5, 1, 2, '[]', '110101199003071234', '王先生', '{}', 2)`).run();
    const o = new Outbox(c.db, now);
    o.capture();
    const data = o.pending('journey').rows[0]!.data;
    expect(data.id_masked).toBe('**************1234');
    expect(JSON.stringify(data)).not.toContain('王');
  });

  it('keeps the cursor and the backlog across a restart', () => {
    c = openCounterDb();
    fillDay(c.db, { journeys: 3 });
    const o = new Outbox(c.db, now);
    o.capture();
    const before = o.backlog();
    expect(before.unsent.ledger).toBe(4);
    expect(before.oldestUnsentAt).toBe(Date.UTC(2026, 0, 5, 1, 0));
    o.setCursor('ledger', 4);
    c.close();
    const { db } = openDatabase({ dataDir: c.dataDir });
    c = { db, dataDir: c.dataDir, close: () => db.close() };
    const again = new Outbox(c.db, now);
    expect(again.ackedSeq('ledger')).toBe(4);
    expect(again.pending('ledger').rows).toHaveLength(0);
    expect(again.backlog().unsent.ledger).toBe(0);
    expect(again.backlog().total).toBe(before.total - 4);
  });

  it('captures a long history a chunk at a time, each record once', async () => {
    c = openCounterDb();
    fillDay(c.db, { journeys: 30 });
    const o = new Outbox(c.db, now);
    const first = o.capture(10);
    expect(first.more).toBe(true);
    expect(await o.captureAll(7)).toBe(30 + 270 + 1 + 1 + 1 + 30 + 1 - first.captured);
    const seqs = o.pending('step', 2000).rows.map((r) => r.seq);
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    expect(new Set(o.pending('step', 2000).rows.map((r) => `${r.data.journey_id}:${r.data.step_no}`)).size).toBe(270);
  });

  it('a counter upgraded with history has it all named for its first capture', () => {
    c = openCounterDb();
    fillDay(c.db, { journeys: 2 });
    c.db.exec('DELETE FROM sync_pending');
    // What migration 050 does for the records that were there before it.
    const sql = fs.readFileSync(path.join(defaultMigrationsDir(), '050_sync.sql'), 'utf8');
    c.db.exec(sql.slice(sql.indexOf('-- A counter upgraded with history')));
    expect(new Outbox(c.db, now).capture().captured).toBe(2 + 18 + 1 + 1 + 1 + 2);
  });

  it('refuses to change or delete what it captured', () => {
    c = openCounterDb();
    fillDay(c.db, { journeys: 1 });
    new Outbox(c.db, now).capture();
    expect(() => c.db.prepare("UPDATE sync_outbox SET data = '{}'").run()).toThrow(/append-only/);
    expect(() => c.db.prepare('DELETE FROM sync_outbox').run()).toThrow(/append-only/);
  });
});

describe('outbox writes and the connection', () => {
  it("leaves the connection's synchronous=FULL in place after capturing and acknowledging", () => {
    const d = openCounterDb();
    try {
      fillDay(d.db, { journeys: 1 });
      const o = new Outbox(d.db, now);
      o.capture();
      o.setCursor('ledger', 1);
      expect(d.db.pragma('synchronous', { simple: true })).toBe(2);
    } finally {
      d.close();
    }
  });
});
