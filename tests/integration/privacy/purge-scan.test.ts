// Retention is complete: seed every place the list names (privacy/places.ts) through the app — a
// full new line with the sample card read by the reader and its receipt printed, a recommendation
// declined with a reason, an ID typed in by hand with a reason, a cancel with a reason, journey
// records captured for the hall, a log line that carried the number, a card left on the reader —
// move the clock past the retention period and restart (the purge runs at start), then read every
// table and every byte of every file in the data folder (database, WAL, SHM, settings, logs) for
// what was seeded: the ID number, the name, the address, the masked number, the keyed hash, the
// title, the typed reasons, the business fields — in UTF-8, UTF-16 and GB18030 where text.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../../electron/core/app';
import { ManualClock } from '../../../base/clock';
import { DB_FILE } from '../../../electron/core/storage/db';
import { Outbox } from '../../../electron/core/sync/outbox';
import { readCardDescription, sampleCardPath } from '../../../native/idcard/sim/cards';
import { encodeText } from '../../../native/printer/charset';
import { testCore } from '../../helpers/core';
import { FAST_SCRYPT } from '../../helpers/scrypt';
import { nextEvent, staffUp, type Caller } from '../../helpers/counterDay';
import { finishNewLine, openCounter, toVerify, verifyWithCard } from '../../helpers/privacyJourney';

const DAY = 24 * 3_600_000;
const T0 = Date.parse('2026-11-26T10:00:00+08:00');
const SAMPLE = readCardDescription(sampleCardPath('resident'));
const ID = SAMPLE.idNumber;
const TYPED_NAME = '欧阳娜娜';
const REASONS = { recommend: `${SAMPLE.name}家里已有宽带`, manual: `芯片损坏 ${TYPED_NAME}`, cancel: `${TYPED_NAME}改天再来` };

let core: (Core & { dataDir: string }) | null = null;
afterEach(async () => {
  await core?.close();
  core = null;
});

/** What must be gone after the purge, as the strings that would betray it. */
function secrets(idHash: string): { label: string; text: string; encodings: ('utf8' | 'utf16le' | 'gb18030')[] }[] {
  const all = ['utf8', 'utf16le', 'gb18030'] as const;
  return [
    { label: 'ID number', text: ID, encodings: ['utf8', 'utf16le'] },
    { label: 'ID number without its check character', text: ID.slice(0, 17), encodings: ['utf8', 'utf16le'] },
    { label: 'region + birth date', text: ID.slice(0, 14), encodings: ['utf8', 'utf16le'] },
    { label: 'masked ID (last 4)', text: `*${ID.slice(-4)}`, encodings: ['utf8', 'utf16le'] },
    { label: 'old mask (first 4)', text: `${ID.slice(0, 4)}*`, encodings: ['utf8', 'utf16le'] },
    { label: 'ID hash', text: idHash, encodings: ['utf8', 'utf16le'] },
    { label: 'ID hash bytes', text: idHash, encodings: [] },
    { label: 'name', text: SAMPLE.name, encodings: [...all] },
    { label: 'typed name', text: TYPED_NAME, encodings: [...all] },
    { label: 'farewell title', text: '王女士', encodings: [...all] },
    { label: 'address', text: SAMPLE.address ?? '', encodings: [...all] },
    { label: 'appended address', text: (SAMPLE as { appendedAddress?: string }).appendedAddress ?? '', encodings: [...all] },
    { label: 'recommendation reason', text: '家里已有宽带', encodings: [...all] },
    { label: 'manual-entry reason', text: '芯片损坏', encodings: [...all] },
    { label: 'cancel reason', text: '改天再来', encodings: [...all] },
    { label: 'masked mobile', text: '138****8000', encodings: ['utf8', 'utf16le'] },
    { label: 'SIM serial', text: '8986011234567890123', encodings: ['utf8', 'utf16le'] },
  ].filter((s) => s.text.length > 0) as ReturnType<typeof secrets>;
}

function bytesOf(text: string, enc: 'utf8' | 'utf16le' | 'gb18030'): Buffer {
  return enc === 'gb18030' ? Buffer.from(encodeText(text, 'gbk')) : Buffer.from(text, enc);
}

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? filesUnder(p) : [p];
  });
}

/** Every seeded value found, by file and encoding (raw bytes) and by table (rows as JSON). */
function scan(dataDir: string, idHash: string): string[] {
  const found: string[] = [];
  const list = secrets(idHash);
  for (const f of filesUnder(dataDir)) {
    const bytes = fs.readFileSync(f);
    for (const s of list) {
      const forms = s.label === 'ID hash bytes' ? [Buffer.from(s.text, 'hex')] : s.encodings.map((e) => bytesOf(s.text, e));
      s.encodings.forEach((e, i) => bytes.includes(forms[i]!) && found.push(`${path.relative(dataDir, f)}: ${s.label} (${e})`));
      if (s.label === 'ID hash bytes' && bytes.includes(forms[0]!)) found.push(`${path.relative(dataDir, f)}: ${s.label}`);
    }
  }
  const dbFile = path.join(dataDir, DB_FILE);
  if (fs.existsSync(dbFile)) {
    const db = new Database(dbFile, { readonly: true });
    try {
      for (const { name } of db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as { name: string }[]) {
        const rows = JSON.stringify(db.prepare(`SELECT * FROM "${name}"`).all());
        for (const s of list) if (s.label !== 'ID hash bytes' && rows.includes(s.text)) found.push(`table ${name}: ${s.label}`);
      }
    } finally {
      db.close();
    }
  }
  return found;
}

async function seedEveryPlace(k: Core & { dataDir: string }, c: Caller): Promise<void> {
  await openCounter(c);
  // 1. A new line with the card read by the reader, a recommendation declined with a reason, the receipt printed.
  const j1 = await verifyWithCard(c, k, await toVerify(c, 'A001'));
  await finishNewLine(c, k, j1, { recommendReason: REASONS.recommend });
  // 2. The ID typed in by hand with a reason, then a cancel with a reason.
  const j2 = await toVerify(c, 'A002');
  await c.call('journey.act', {
    journeyId: j2.journeyId,
    command: { type: 'verifyManual', entry: { cardType: 'resident', name: TYPED_NAME, sex: 'female', idNumber: ID, validTo: 'long-term' }, reason: REASONS.manual, faceConfirmed: true },
  });
  await c.call('journey.act', { journeyId: j2.journeyId, command: { type: 'cancel', reason: REASONS.cancel } });
  // 3. The finished journeys captured for the hall (the outbox; the link itself is not wired yet).
  new Outbox(k.services.db!, () => k.services.clock.now()).capture();
  // 4. A log line that carried the number by mistake (scrubbed to the mask).
  k.services.log.error('rpc', `journey.act: no record for ${ID}`);
  // 5. A card left on the reader, never taken by a verify step.
  const read = nextEvent(k, 'card.read');
  await c.call('training.placeCard', { sample: 'resident' });
  await read;
}

describe('the retention purge leaves nothing personal behind', () => {
  it('every place seeded through the app, the clock past the period, a restart: no seeded value in any table or file', async () => {
    const clock = new ManualClock(T0);
    core = await testCore({ clock, scrypt: FAST_SCRYPT });
    const dataDir = core.dataDir;
    const c = await staffUp(core);
    await seedEveryPlace(core, c);
    const idHash = (core.services.db!.prepare('SELECT id_hash FROM journeys WHERE id_hash IS NOT NULL LIMIT 1').get() as { id_hash: string }).id_hash;
    expect(core.services.domain!.pendingCard.get()).not.toBeNull();

    // The scan sees what was seeded: every kind of value is somewhere before the purge.
    const before = scan(dataDir, idHash).join('\n');
    for (const label of ['masked ID (last 4)', 'ID hash', 'farewell title', 'recommendation reason', 'manual-entry reason', 'cancel reason', 'masked mobile', 'SIM serial']) {
      expect(before, label).toContain(label);
    }
    expect(before).toMatch(/table journeys: masked ID/);
    expect(before).toMatch(/table print_jobs: masked ID/);
    expect(before).toMatch(/table sync_outbox: masked ID/);
    expect(before).toMatch(/table free_text: cancel reason/);
    expect(before).toMatch(/logs\/counterdesk\.log: masked ID/);
    // Never, even before: the full number, the address (the card stays in memory); the name only
    // where the clerk typed it into a reason (free text, purgeable).
    for (const label of ['ID number (', 'region + birth date', 'old mask', 'address']) expect(before).not.toContain(label);
    expect(before.split('\n').filter((l) => l.startsWith('table ') && l.endsWith(': name'))).toEqual(['table free_text: name']);

    // Past the retention period: the app restarts and purges at start.
    await c.call('staff.signOut', {});
    await core.close();
    clock.advance(181 * DAY);
    core = await testCore({ dataDir, clock, scrypt: FAST_SCRYPT });

    // The newest entry: the purge this start ran, counted per place.
    const entry = core.services.domain!.audit.query({ kindPrefix: 'retention.purge' }).entries[0]!;
    const counts = Object.fromEntries((entry.detail.places as { place: string; count: number }[]).map((p) => [p.place, p.count]));
    expect(counts).toEqual({
      'journeys.id_masked': 2,
      'journeys.id_hash': 2,
      'journeys.farewell_title': 2,
      'journeys.state_json': 2,
      'journey_actions.payload': 3, // two verifications, one business
      'journey_effects.payload': 1, // the receipt
      'free_text.text': 3,
      'print_jobs.doc_json': 1,
      'sync_outbox.data': 2,
      'logs/counterdesk*.log': 1,
    });

    // While it runs (its WAL, SHM and today's log in place) and after it stopped: nothing.
    expect(scan(dataDir, idHash)).toEqual([]);
    expect(fs.existsSync(path.join(dataDir, `${DB_FILE}-wal`))).toBe(true);
    await core.close();
    core = null;
    expect(scan(dataDir, idHash)).toEqual([]);

    // What stays is what the business and the money need.
    const db = new Database(path.join(dataDir, DB_FILE), { readonly: true });
    try {
      expect(db.prepare('SELECT status, id_method, due_fen, cancel_step FROM journeys ORDER BY opened_at').all()).toEqual([
        { status: 'closed', id_method: 'card', due_fen: 5800, cancel_step: null },
        { status: 'cancelled', id_method: 'manual', due_fen: 0, cancel_step: 'consent' },
      ]);
      const receipt = JSON.parse((db.prepare(`SELECT doc_json FROM print_jobs WHERE kind = 'customer_receipt'`).get() as { doc_json: string }).doc_json);
      expect(JSON.stringify(receipt)).toContain('新装入网');
      expect(JSON.stringify(receipt)).toContain('58.00');
      expect(db.prepare('SELECT count(*) AS n FROM free_text WHERE text IS NULL').get()).toEqual({ n: 3 });
    } finally {
      db.close();
    }
  });

  it('the card left on the reader is dropped by the purge once stale, and a purged journey still opens', async () => {
    const clock = new ManualClock(T0);
    core = await testCore({ clock, scrypt: FAST_SCRYPT });
    const c = await staffUp(core);
    await seedEveryPlace(core, c);
    expect(core.services.domain!.pendingCard.get()).not.toBeNull();
    clock.advance(181 * DAY);
    const r = core.services.domain!.purgeNow()!;
    expect(r.places.find((p) => p.place === 'journeys.id_masked')?.count).toBe(2);
    expect(core.services.domain!.pendingCard.get()).toBeNull();
    const id = (core.services.db!.prepare(`SELECT journey_id FROM journeys WHERE status = 'closed'`).get() as { journey_id: string }).journey_id;
    const v = core.services.domain!.journeys.get(id)!;
    expect(v.customer).toMatchObject({ idMasked: null, title: { zh: '您' }, manualReason: null });
    expect(v.recommendations[0]!.reason).toBeNull();
  });
});
