import { afterEach, describe, expect, it } from 'vitest';
import { BilingualError } from '../../../base/contract/errors';
import { recordPiiView } from '../../../electron/core/privacy/piiView';
import { Retention } from '../../../electron/core/privacy/retention';
import { makeEnv, T0, type Env } from '../staff/fixture';

const DAY = 24 * 60 * 60 * 1000;
let env: Env | null = null;
afterEach(() => {
  env?.cleanup();
  env = null;
});

/** Stands in for a module's table (such as the journeys): a record with personal fields beside business ones. */
function withTestTable(e: Env) {
  e.db.exec(`CREATE TABLE test_visit (
    id INTEGER PRIMARY KEY, served_at INTEGER NOT NULL, business TEXT NOT NULL,
    id_number TEXT, customer_name TEXT, id_hash TEXT
  ) STRICT`);
  const ins = e.db.prepare('INSERT INTO test_visit (served_at, business, id_number, customer_name, id_hash) VALUES (?, ?, ?, ?, ?)');
  ins.run(T0 - 200 * DAY, 'sim_replace', '110101199003074514', '王秀英', 'h1');
  ins.run(T0 - 181 * DAY, 'transfer', '440301199912310018', '李雷', 'h2');
  ins.run(T0 - 179 * DAY, 'plan_change', '310101198001010012', '韩梅梅', 'h3');
  ins.run(T0 - 1 * DAY, 'topup', null, null, null);
}

describe('retention purge', () => {
  it('blanks personal fields older than the retention period, keeps the rows, audits counts only', () => {
    const e = (env = makeEnv());
    withTestTable(e);
    const r = new Retention(e.db, e.audit, () => 180);
    r.register({ table: 'test_visit', timeColumn: 'served_at', personalColumns: ['id_number', 'customer_name'] });

    const res = r.purgeExpired(e.clock.now());
    expect(res).toEqual({ days: 180, cutoff: T0 - 180 * DAY, tables: [{ table: 'test_visit', rows: 2 }] });
    const rows = e.db.prepare('SELECT business, id_number, customer_name, id_hash FROM test_visit ORDER BY id').all();
    expect(rows).toEqual([
      { business: 'sim_replace', id_number: null, customer_name: null, id_hash: 'h1' },
      { business: 'transfer', id_number: null, customer_name: null, id_hash: 'h2' },
      { business: 'plan_change', id_number: '310101198001010012', customer_name: '韩梅梅', id_hash: 'h3' },
      { business: 'topup', id_number: null, customer_name: null, id_hash: null },
    ]);
    const entry = e.audit.query({ kindPrefix: 'retention' }).entries[0]!;
    expect(entry.detail).toEqual({ days: 180, cutoff: T0 - 180 * DAY, tables: [{ table: 'test_visit', rows: 2 }] });
  });

  it('moving the clock on purges the next row; a second run finds nothing new', () => {
    const e = (env = makeEnv());
    withTestTable(e);
    const r = new Retention(e.db, e.audit);
    r.register({ table: 'test_visit', timeColumn: 'served_at', personalColumns: ['id_number', 'customer_name'] });
    expect(r.purgeExpired(e.clock.now()).tables[0]!.rows).toBe(2);
    expect(r.purgeExpired(e.clock.now()).tables[0]!.rows).toBe(0);
    e.clock.advance(2 * DAY);
    expect(r.purgeExpired(e.clock.now()).tables[0]!.rows).toBe(1);
    expect(e.audit.query({ kindPrefix: 'retention.purge' }).entries).toHaveLength(3);
  });

  it('follows the retention setting read at purge time', () => {
    const e = (env = makeEnv());
    withTestTable(e);
    let days = 180;
    const r = new Retention(e.db, e.audit, () => days);
    r.register({ table: 'test_visit', timeColumn: 'served_at', personalColumns: ['customer_name'] });
    days = 190;
    expect(r.purgeExpired(e.clock.now()).tables[0]!.rows).toBe(1);
    days = 0;
    expect(() => r.purgeExpired(e.clock.now())).toThrow(BilingualError);
  });

  it('refuses registrations that could not work', () => {
    const e = (env = makeEnv());
    withTestTable(e);
    e.db.exec('CREATE TABLE strict_names (id INTEGER PRIMARY KEY, at INTEGER NOT NULL, name TEXT NOT NULL) STRICT');
    const r = new Retention(e.db, e.audit);
    const bad = [
      { table: 'no_such_table', timeColumn: 'at', personalColumns: ['x'] },
      { table: 'test_visit', timeColumn: 'served_at', personalColumns: ['no_such_col'] },
      { table: 'test_visit', timeColumn: 'served_at', personalColumns: [] },
      { table: 'test_visit"; DROP TABLE audit_log; --', timeColumn: 'served_at', personalColumns: ['id_number'] },
      { table: 'strict_names', timeColumn: 'at', personalColumns: ['name'] },
    ];
    for (const spec of bad) expect(() => r.register(spec), spec.table).toThrow(BilingualError);
    expect(r.registered()).toEqual([]);
  });
});

describe('pii.view', () => {
  it('records who saw which field, without the value', () => {
    const e = (env = makeEnv());
    const entry = recordPiiView(e.audit, { actor: '1024', counterId: '03', fields: ['id_number', 'photo'], purpose: 'idcard.verify', ref: 'J-20250602-0007' });
    expect(entry).toMatchObject({ kind: 'pii.view', actor: '1024', detail: { fields: ['id_number', 'photo'], purpose: 'idcard.verify', ref: 'J-20250602-0007' } });
  });
});
