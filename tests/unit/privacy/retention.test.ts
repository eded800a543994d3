import { afterEach, describe, expect, it } from 'vitest';
import { BilingualError } from '../../../base/contract/errors';
import { recordPiiView } from '../../../electron/core/privacy/piiView';
import { PERSONAL_DATA } from '../../../electron/core/privacy/places';
import { purgedBefore, Retention, type Purger } from '../../../electron/core/privacy/retention';
import { freeTextOf, freeTextPurger, putFreeText } from '../../../electron/core/privacy/freeTextStore';
import { refusal } from '../../helpers/refusal';
import { makeEnv, T0, type Env } from '../staff/fixture';

const DAY = 24 * 60 * 60 * 1000;
let env: Env | null = null;
afterEach(() => {
  env?.cleanup();
  env = null;
});

/** Journeys of the real schema at these ages (days before T0), with a masked number and a title. */
function withJourneys(e: Env, ages: number[]) {
  const ins = e.db.prepare(
    `INSERT INTO journeys (journey_id, counter_id, clerk_id, session_id, status, step, version, opened_at, id_masked, id_hash, farewell_title, state_json, updated_at)
     VALUES (?, '03', '1024', 'S', 'closed', 'closed', 1, ?, '**************002X', 'h', '王女士', '{}', ?)`,
  );
  ages.forEach((age, i) => ins.run(`J${i}`, T0 - age * DAY, T0 - age * DAY));
}
const titles = (e: Env) => (e.db.prepare('SELECT farewell_title AS t FROM journeys ORDER BY journey_id').all() as { t: string | null }[]).map((r) => r.t);

describe('retention purge', () => {
  it('blanks personal fields older than the period, keeps the rows, audits counts per place only', () => {
    const e = (env = makeEnv());
    withJourneys(e, [200, 181, 179, 1]);
    const r = new Retention(e.db, e.audit, () => 180);
    r.register({ table: 'journeys', timeColumn: 'opened_at', personalColumns: ['id_masked', 'farewell_title'] });

    const res = r.purgeExpired(e.clock.now());
    expect(res).toEqual({
      days: 180,
      cutoff: T0 - 180 * DAY,
      places: [
        { place: 'journeys.id_masked', count: 2 },
        { place: 'journeys.farewell_title', count: 2 },
      ],
    });
    expect(titles(e)).toEqual([null, null, '王女士', '王女士']);
    expect(e.db.prepare('SELECT count(*) AS n FROM journeys').get()).toEqual({ n: 4 });
    const entry = e.audit.query({ kindPrefix: 'retention' }).entries[0]!;
    expect(entry.detail).toEqual({ days: 180, cutoff: T0 - 180 * DAY, places: res.places });
    expect(JSON.stringify(entry.detail)).not.toContain('王');
  });

  it('reads only the window since the last run (a mark in meta): moving the clock on purges the next row', () => {
    const e = (env = makeEnv());
    withJourneys(e, [200, 181, 179]);
    const r = new Retention(e.db, e.audit);
    r.register({ table: 'journeys', timeColumn: 'opened_at', personalColumns: ['farewell_title'] });
    expect(r.purgeExpired(e.clock.now()).places[0]!.count).toBe(2);
    expect(purgedBefore(e.db, 'journeys')).toBe(T0 - 180 * DAY);
    expect(r.purgeExpired(e.clock.now()).places[0]!.count).toBe(0);
    e.clock.advance(2 * DAY);
    expect(r.purgeExpired(e.clock.now()).places[0]!.count).toBe(1);
    expect(purgedBefore(e.db, 'journeys')).toBe(T0 + 2 * DAY - 180 * DAY);
    expect(e.audit.query({ kindPrefix: 'retention.purge' }).entries).toHaveLength(3);
  });

  it('follows the retention setting read at purge time; a longer one later never moves the mark back', () => {
    const e = (env = makeEnv());
    withJourneys(e, [200, 185]);
    let days = 190;
    const r = new Retention(e.db, e.audit, () => days);
    r.register({ table: 'journeys', timeColumn: 'opened_at', personalColumns: ['farewell_title'] });
    expect(r.purgeExpired(e.clock.now()).places[0]!.count).toBe(1);
    days = 365;
    r.purgeExpired(e.clock.now());
    expect(purgedBefore(e.db, 'journeys')).toBe(T0 - 190 * DAY);
    days = 0;
    expect(refusal(() => r.purgeExpired(e.clock.now())).code).toBe('RETENTION_INVALID');
  });

  it('runs files and memory first, then every database purger in one transaction with the audit entry', () => {
    const e = (env = makeEnv());
    withJourneys(e, [200]);
    const old = putFreeText(e.db, 'journey.cancel_reason', '王秀英不办了', T0 - 200 * DAY);
    const seen: string[] = [];
    const r = new Retention(e.db, e.audit);
    r.add(freeTextPurger(e.db));
    r.add({ name: 'logs', kind: 'outside', places: ['logs/counterdesk*.log'], purge: ({ before }) => (seen.push(`logs<${before}`), { 'logs/counterdesk*.log': 3 }) });
    const res = r.purgeExpired(e.clock.now());
    expect(seen).toEqual([`logs<${T0 - 180 * DAY}`]);
    expect(res.places).toEqual([
      { place: 'free_text.text', count: 1 },
      { place: 'logs/counterdesk*.log', count: 3 },
    ]);
    expect(freeTextOf(e.db, old)).toBeNull();
  });

  it('a purger that fails or reports a place it does not cover rolls the whole database part back', () => {
    const e = (env = makeEnv());
    withJourneys(e, [200]);
    const id = putFreeText(e.db, 'journey.cancel_reason', '客户改天再来', T0 - 200 * DAY);
    const r = new Retention(e.db, e.audit);
    r.add(freeTextPurger(e.db));
    const liar: Purger = { name: 'liar', kind: 'database', places: ['journeys.id_hash'], purge: () => ({ 'journeys.id_masked': 1 }) };
    r.add(liar);
    expect(refusal(() => r.purgeExpired(e.clock.now())).code).toBe('RETENTION_REGISTRY');
    expect(freeTextOf(e.db, id)).toBe('客户改天再来');
    expect(purgedBefore(e.db, 'free_text')).toBe(0);
    expect(e.audit.query({ kindPrefix: 'retention' }).entries).toHaveLength(0);
  });

  it('refuses purgers and registrations that could not work, and a list left uncovered', () => {
    const e = (env = makeEnv());
    e.db.exec('CREATE TABLE test_visit (id INTEGER PRIMARY KEY, served_at INTEGER NOT NULL, name TEXT)');
    const r = new Retention(e.db, e.audit);
    const bad = [
      // Not a place of the list: a module cannot purge a table the list does not name.
      { table: 'test_visit', timeColumn: 'served_at', personalColumns: ['name'] },
      { table: 'no_such_table', timeColumn: 'at', personalColumns: ['x'] },
      { table: 'journeys', timeColumn: 'opened_at', personalColumns: ['no_such_col'] },
      { table: 'journeys', timeColumn: 'opened_at', personalColumns: [] },
      { table: 'journeys"; DROP TABLE audit_log; --', timeColumn: 'opened_at', personalColumns: ['id_masked'] },
      { table: 'journeys', timeColumn: 'opened_at', personalColumns: ['state_json'] }, // NOT NULL
    ];
    for (const spec of bad) expect(() => r.register(spec), spec.table).toThrow(BilingualError);
    expect(() => r.add({ name: 'x', kind: 'outside', places: ['pending card'], purge: () => ({}) })).toThrow(BilingualError); // memory: not a retention place
    expect(r.registered()).toEqual([]);
    r.add(freeTextPurger(e.db));
    expect(() => r.add(freeTextPurger(e.db))).toThrow(BilingualError);
    const missing = refusal(() => r.assertComplete());
    expect(missing.code).toBe('RETENTION_REGISTRY');
    expect(missing.message_en).toContain('journeys.id_masked');
    expect(missing.message_en).not.toContain('free_text.text');
  });

  it('every place with a retention period says what it holds', () => {
    for (const p of PERSONAL_DATA) expect(p.holds.length, p.place).toBeGreaterThan(5);
  });
});

describe('pii.view', () => {
  it('records who saw which field, without the value', () => {
    const e = (env = makeEnv());
    const entry = recordPiiView(e.audit, { actor: '1024', counterId: '03', fields: ['id_number', 'photo'], purpose: 'idcard.verify', ref: 'J-20250602-0007' });
    expect(entry).toMatchObject({ kind: 'pii.view', actor: '1024', detail: { fields: ['id_number', 'photo'], purpose: 'idcard.verify', ref: 'J-20250602-0007' } });
  });
});
