// A counter upgraded with history: migration 061 masks stored ID numbers down to the last 4,
// 062 moves the reasons a clerk typed out of the journey rows, states and actions into free_text
// and cites them by id. Nothing typed stays where the retention purge cannot reach it.
import { describe, expect, it } from 'vitest';
import { loadMigrations, openDatabase } from '../../../electron/core/storage/db';
import { tempDir } from '../../helpers/tempDir';

const all = loadMigrations();
const before = all.filter((m) => m.version <= 50);

function legacyCounter(): string {
  const dir = tempDir('cd-upgrade-');
  const { db } = openDatabase({ dataDir: dir, migrations: before });
  const state = {
    journeyId: 'J1',
    step: 'cancelled',
    customer: { method: 'manual', idMasked: '1101**********002X', idHash: 'h', manualReason: '芯片坏了 王秀英', title: { zh: '王女士', en: 'Ms Wang' }, verifiedAt: 1500 },
    cancel: { reason: '王秀英不办了', at: 3000, atStep: 'recommend', refund: null },
    recommendations: [
      { productCode: 'broadband_bundle', outcome: 'not_applicable', reason: '家里已有宽带', at: 2500 },
      { productCode: 'data_pack_10g', outcome: 'declined', reason: null, at: 2500 },
    ],
  };
  db.prepare(
    `INSERT INTO journeys (journey_id, counter_id, clerk_id, session_id, status, step, version, opened_at, closed_at, business_codes, id_method, id_masked, id_hash, manual_entry, manual_reason, farewell_title, cancel_reason, cancel_step, state_json, updated_at)
     VALUES ('J1', '03', '1024', 'S', 'cancelled', 'cancelled', 9, 1000, 3000, '[]', 'manual', '1101**********002X', 'h', 1, '芯片坏了 王秀英', '王女士', '王秀英不办了', 'recommend', ?, 3000)`,
  ).run(JSON.stringify(state));
  db.prepare(`INSERT INTO journey_recommendations (journey_id, product_code, outcome, reason, at) VALUES ('J1', 'broadband_bundle', 'not_applicable', '家里已有宽带', 2500), ('J1', 'data_pack_10g', 'declined', NULL, 2500)`).run();
  const act = db.prepare(`INSERT INTO journey_actions (journey_id, seq, at, type, step_before, step_after, payload) VALUES ('J1', ?, ?, ?, 'x', 'y', ?)`);
  act.run(3, 1500, 'verifyManual', JSON.stringify({ type: 'verifyManual', cardType: 'resident', faceConfirmed: true, reason: '芯片坏了 王秀英', idMasked: '1101**********002X' }));
  act.run(7, 2500, 'recommend', JSON.stringify({ type: 'recommend', offers: [{ productCode: 'broadband_bundle', outcome: 'not_applicable', reason: '家里已有宽带' }, { productCode: 'data_pack_10g', outcome: 'declined' }] }));
  act.run(9, 3000, 'cancel', JSON.stringify({ type: 'cancel', reason: '王秀英不办了' }));
  db.prepare(`INSERT INTO journey_effects (effect_key, journey_id, seq, kind, payload, status, created_at) VALUES ('J1:receipt', 'J1', 7, 'printReceipt', ?, 'done', 2500)`).run(
    JSON.stringify({ kind: 'printReceipt', key: 'J1:receipt', journeyId: 'J1', data: { idMasked: '1101**********002X', lines: [] } }),
  );
  const receipt = {
    blocks: [
      { kind: 'text', text: '人民路营业厅' },
      { kind: 'row', left: '新装入网', right: '58.00' },
      { kind: 'text', text: '  138****8000 plan_58 8986011234567890123' },
      { kind: 'row', left: '证件号码', right: '1101**********002X' },
      { kind: 'cut', mode: 'partial' },
    ],
  };
  db.prepare(`INSERT INTO print_jobs (kind, ref, title, doc_json, state, created_at, updated_at) VALUES ('customer_receipt', 'J1:receipt', 't', ?, 'printed', 2500, 2500)`).run(JSON.stringify(receipt));
  db.prepare(`INSERT INTO sync_outbox (stream, seq, source_key, at, data, captured_at) VALUES ('journey', 1, 'J1:cancelled:', 3000, ?, 3100)`).run(JSON.stringify({ journey_id: 'J1', id_masked: '**************002X', due_fen: 0 }));
  db.close();
  return dir;
}

describe('privacy migrations on a counter with history', () => {
  it("063: receipts printed before get their personal lines marked; the outbox allows blanking the masked ID and nothing else", () => {
    const { db } = openDatabase({ dataDir: legacyCounter(), migrations: all });
    const blocks = JSON.parse((db.prepare('SELECT doc_json FROM print_jobs').get() as { doc_json: string }).doc_json).blocks as { personal?: boolean; kind: string }[];
    expect(blocks.map((b) => b.personal === true)).toEqual([false, false, true, true, false]);
    expect(blocks.map((b) => b.kind)).toEqual(['text', 'row', 'text', 'row', 'cut']);
    expect(() => db.prepare(`UPDATE sync_outbox SET data = json_set(data, '$.due_fen', 1)`).run()).toThrow(/append-only/);
    expect(() => db.prepare(`UPDATE sync_outbox SET data = json_set(data, '$.id_masked', '****')`).run()).toThrow(/append-only/);
    expect(() => db.prepare(`UPDATE sync_outbox SET at = 1, data = json_set(data, '$.id_masked', NULL)`).run()).toThrow(/append-only/);
    db.prepare(`UPDATE sync_outbox SET data = json_set(data, '$.id_masked', NULL)`).run();
    expect(JSON.parse((db.prepare('SELECT data FROM sync_outbox').get() as { data: string }).data)).toEqual({ journey_id: 'J1', id_masked: null, due_fen: 0 });
    expect(() => db.prepare('DELETE FROM sync_outbox').run()).toThrow(/append-only/);
    db.close();
  });

  it('061: every stored masked ID keeps only its last 4', () => {
    const { db } = openDatabase({ dataDir: legacyCounter(), migrations: all });
    const everything = [
      db.prepare('SELECT id_masked, state_json FROM journeys').all(),
      db.prepare('SELECT payload FROM journey_actions').all(),
      db.prepare('SELECT payload FROM journey_effects').all(),
    ];
    expect(JSON.stringify(everything)).not.toContain('1101*');
    expect((db.prepare('SELECT id_masked FROM journeys').get() as { id_masked: string }).id_masked).toBe('**************002X');
    expect(JSON.parse((db.prepare('SELECT state_json FROM journeys').get() as { state_json: string }).state_json).customer.idMasked).toBe('**************002X');
    db.close();
  });

  it('062: typed reasons move to free_text, cited by id in the row, the state and the actions; the text columns are gone', () => {
    const { db } = openDatabase({ dataDir: legacyCounter(), migrations: all });
    const texts = db.prepare('SELECT id, at, purpose, text FROM free_text ORDER BY id').all() as { id: number; at: number; purpose: string; text: string }[];
    expect(texts.map((t) => [t.purpose, t.text, t.at])).toEqual([
      ['journey.manual_reason', '芯片坏了 王秀英', 1500],
      ['journey.cancel_reason', '王秀英不办了', 3000],
      ['journey.recommend_reason', '家里已有宽带', 2500],
    ]);
    const [manual, cancel, rec] = texts.map((t) => t.id);
    expect(db.prepare('SELECT manual_reason_id, cancel_reason_id FROM journeys').get()).toEqual({ manual_reason_id: manual, cancel_reason_id: cancel });
    expect(db.prepare('SELECT product_code, reason_id FROM journey_recommendations ORDER BY product_code').all()).toEqual([
      { product_code: 'broadband_bundle', reason_id: rec },
      { product_code: 'data_pack_10g', reason_id: null },
    ]);
    const state = JSON.parse((db.prepare('SELECT state_json FROM journeys').get() as { state_json: string }).state_json);
    expect(state.customer).toMatchObject({ manualReason: null, manualReasonId: manual });
    expect(state.cancel).toMatchObject({ reason: null, reasonId: cancel });
    expect(state.recommendations).toEqual([
      { productCode: 'broadband_bundle', outcome: 'not_applicable', reason: null, reasonId: rec, at: 2500 },
      { productCode: 'data_pack_10g', outcome: 'declined', reason: null, reasonId: null, at: 2500 },
    ]);
    const payloads = Object.fromEntries((db.prepare('SELECT type, payload FROM journey_actions').all() as { type: string; payload: string }[]).map((a) => [a.type, JSON.parse(a.payload)]));
    expect(payloads.verifyManual).toEqual({ type: 'verifyManual', cardType: 'resident', faceConfirmed: true, reasonId: manual, idMasked: '**************002X' });
    expect(payloads.cancel).toEqual({ type: 'cancel', reasonId: cancel });
    expect(payloads.recommend.offers).toEqual([
      { productCode: 'broadband_bundle', outcome: 'not_applicable', reasonId: rec },
      { productCode: 'data_pack_10g', outcome: 'declined', reasonId: null },
    ]);
    const cols = (t: string) => (db.prepare(`PRAGMA table_info(${t})`).all() as { name: string }[]).map((c) => c.name);
    expect(cols('journeys')).not.toContain('manual_reason');
    expect(cols('journeys')).not.toContain('cancel_reason');
    expect(cols('journey_recommendations')).not.toContain('reason');
    // Outside free_text, no journey table holds a typed word any more.
    const journeyText = ['journeys', 'journey_actions', 'journey_recommendations', 'journey_effects'].map((t) => JSON.stringify(db.prepare(`SELECT * FROM ${t}`).all())).join('');
    for (const word of ['芯片坏了', '王秀英', '家里已有宽带']) expect(journeyText).not.toContain(word);
    db.close();
  });
});
