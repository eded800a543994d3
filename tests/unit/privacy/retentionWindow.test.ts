// The purge reads only the rows that came of age since the last purge. It runs at every start and
// daily; over five years of a busy counter, walking every row older than the cutoff each time
// (and re-reading each purged journey's state) took seconds before the first screen.
import { afterEach, describe, expect, it } from 'vitest';
import { purgedBefore, Retention } from '../../../electron/core/privacy/retention';
import { makeEnv, T0, type Env } from '../staff/fixture';

const DAY = 24 * 60 * 60 * 1000;
let env: Env | null = null;
afterEach(() => {
  env?.cleanup();
  env = null;
});

describe('retention purge window', () => {
  it('moves a mark with each purge and reads only from the mark on', () => {
    const e = (env = makeEnv());
    e.db.exec('CREATE TABLE visit (id INTEGER PRIMARY KEY, at INTEGER NOT NULL, name TEXT)');
    e.db.exec('CREATE INDEX visit_at ON visit (at)');
    const ins = e.db.prepare('INSERT INTO visit (at, name) VALUES (?, ?)');
    ins.run(T0 - 400 * DAY, '王秀英');
    ins.run(T0 - 200 * DAY, '李雷');
    const r = new Retention(e.db, e.audit, () => 180);
    r.register({ table: 'visit', timeColumn: 'at', personalColumns: ['name'] });
    expect(purgedBefore(e.db, 'visit')).toBe(0);

    expect(r.purgeExpired(e.clock.now()).tables[0]!.rows).toBe(2);
    expect(purgedBefore(e.db, 'visit')).toBe(T0 - 180 * DAY);

    // The next purge's statement is bounded below by the mark and uses the time index for it.
    const plan = e.db
      .prepare('EXPLAIN QUERY PLAN UPDATE "visit" SET "name" = NULL WHERE "at" >= ? AND "at" < ? AND ("name" IS NOT NULL)')
      .all(T0 - 180 * DAY, T0 - 179 * DAY) as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/USING INDEX visit_at \(at>\? AND at<\?\)/);

    e.clock.advance(2 * DAY);
    ins.run(T0 - 179 * DAY, '韩梅梅');
    expect(r.purgeExpired(e.clock.now()).tables[0]!.rows).toBe(1);
    expect(purgedBefore(e.db, 'visit')).toBe(T0 + 2 * DAY - 180 * DAY);
    expect(e.db.prepare('SELECT count(*) AS n FROM visit WHERE name IS NOT NULL').get()).toEqual({ n: 0 });
  });

  it('a longer retention setting later does not move the mark back', () => {
    const e = (env = makeEnv());
    e.db.exec('CREATE TABLE visit (id INTEGER PRIMARY KEY, at INTEGER NOT NULL, name TEXT)');
    let days = 180;
    const r = new Retention(e.db, e.audit, () => days);
    r.register({ table: 'visit', timeColumn: 'at', personalColumns: ['name'] });
    r.purgeExpired(e.clock.now());
    days = 365;
    r.purgeExpired(e.clock.now());
    expect(purgedBefore(e.db, 'visit')).toBe(T0 - 180 * DAY);
  });
});
