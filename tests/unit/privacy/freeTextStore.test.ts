// Typed notes live in their own purgeable table: chained records cite them by id.
import { afterEach, describe, expect, it } from 'vitest';
import { freeTextOf, freeTextPurger, putFreeText } from '../../../electron/core/privacy/freeTextStore';
import { Retention } from '../../../electron/core/privacy/retention';
import { makeEnv, T0, type Env } from '../staff/fixture';

const DAY = 24 * 60 * 60 * 1000;
let env: Env | null = null;
afterEach(() => {
  env?.cleanup();
  env = null;
});

describe('free-text store', () => {
  it('keeps a note by id until the retention purge blanks it', () => {
    const e = (env = makeEnv());
    const old = putFreeText(e.db, 'till.cash_out', '退给王女士多收的找零', T0 - 200 * DAY);
    const recent = putFreeText(e.db, 'till.cash_out', '补交找零', T0 - DAY);
    expect(freeTextOf(e.db, old)).toBe('退给王女士多收的找零');

    const r = new Retention(e.db, e.audit, () => 180);
    r.add(freeTextPurger(e.db));
    expect(r.purgeExpired(T0).places).toEqual([{ place: 'free_text.text', count: 1 }]);
    expect(freeTextOf(e.db, old)).toBeNull();
    expect(freeTextOf(e.db, recent)).toBe('补交找零');
    expect(e.db.prepare('SELECT COUNT(*) AS n FROM free_text').get()).toEqual({ n: 2 });
  });

  it('refuses deleting a note or rewriting one', () => {
    const e = (env = makeEnv());
    const id = putFreeText(e.db, 'audit.reason', '设备故障', T0);
    expect(() => e.db.prepare('DELETE FROM free_text WHERE id = ?').run(id)).toThrow(/never deleted/);
    expect(() => e.db.prepare("UPDATE free_text SET text = '另一段' WHERE id = ?").run(id)).toThrow(/only be purged/);
    expect(() => e.db.prepare('UPDATE free_text SET at = 0, text = NULL WHERE id = ?').run(id)).toThrow(/only be purged/);
    expect(freeTextOf(e.db, id)).toBe('设备故障');
  });
});
