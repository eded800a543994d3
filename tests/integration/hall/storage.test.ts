// The hall's storage port on both backends: same migrations, one transaction, newer schema
// refused, append-only replicated rows, int8 as numbers, jsonb as objects.
import { describe, expect, it } from 'vitest';
import { BilingualError } from '../../../base/contract/errors';
import { loadHallMigrations, migrate } from '../../../hall/storage/migrate';
import { BACKENDS, enrolledCounter, setupHallBackends } from '../../helpers/hallStores';

const backends = setupHallBackends();

describe.each(BACKENDS)('hall storage on %s', (kind) => {
  it('applies the numbered migrations once and reports the version', async () => {
    const choice = await backends.fresh(kind);
    const latest = Math.max(...loadHallMigrations().map((m) => m.version));
    const s = await backends.open(choice);
    expect(s.schemaVersion).toBe(latest);
    expect(s.kind).toBe(kind);
    await s.close();
    const again = await backends.open(choice);
    expect(again.schemaVersion).toBe(latest);
    const tables = await again.query<{ t: string }>("SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' ORDER BY 1");
    expect(tables.rows.map((r) => r.t)).toEqual(
      expect.arrayContaining(['counter', 'replica_row', 'stream_head', 'witness_finding', 'hall_log', 'hall_identity', 'request_nonce', 'counter_state']),
    );
    await again.close();
  });

  it('refuses a database from a newer hall with a bilingual error', async () => {
    const choice = await backends.fresh(kind);
    const s = await backends.open(choice);
    await s.query('UPDATE hall_schema SET version = 999');
    await s.close();
    const err = await backends.open(choice).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(BilingualError);
    expect((err as BilingualError).code).toBe('HALL_NEWER_SCHEMA');
    expect((err as BilingualError).message_zh).toContain('999');
    expect((err as BilingualError).message_en).toContain('newer hall server');
  });

  it('applies a failing migration set not at all (one transaction)', async () => {
    const choice = await backends.fresh(kind);
    const s = await backends.open(choice);
    const bad = [...loadHallMigrations(), { version: 998, name: '998_ok', sql: 'CREATE TABLE probe_ok (a int);' }, { version: 999, name: '999_bad', sql: 'CREATE TABLE probe_bad (a int); SELECT * FROM no_such_table;' }];
    const err = await migrate(s, bad).then(() => null, (e: unknown) => e);
    expect((err as BilingualError).code).toBe('HALL_MIGRATION');
    const probe = await s.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_tables WHERE tablename IN ('probe_ok', 'probe_bad')");
    expect(probe.rows[0]!.n).toBe(0);
    expect((await s.query<{ version: number }>('SELECT version FROM hall_schema')).rows[0]!.version).toBe(s.schemaVersion);
    await s.close();
  });

  it('keeps replicated rows append-only, int8 as numbers and jsonb as objects', async () => {
    const s = await backends.open(await backends.fresh(kind));
    await enrolledCounter(s, 1);
    await s.query(
      "INSERT INTO replica_row (counter, source, stream, seq, at, hash, data, received_at) VALUES (1, 1, 'ledger', 1, 1767225600123, 'h', $1::jsonb, 1)",
      [JSON.stringify({ amount_fen: 5800, note: '现金' })],
    );
    const r = await s.query<{ at: number; data: { amount_fen: number; note: string } }>('SELECT at, data FROM replica_row');
    expect(r.rows[0]).toEqual({ at: 1767225600123, data: { amount_fen: 5800, note: '现金' } });
    await expect(s.query('UPDATE replica_row SET hash = $1', ['x'])).rejects.toThrow(/append-only/);
    await expect(s.query('DELETE FROM replica_row')).rejects.toThrow(/append-only/);
    await expect(
      s.tx(async (q) => {
        await q.query("INSERT INTO hall_log (at, level, code, message_zh, message_en) VALUES (1, 'info', 'PROBE', '探', 'probe')");
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect((await s.query<{ n: number }>("SELECT count(*)::int AS n FROM hall_log WHERE code = 'PROBE'")).rows[0]!.n).toBe(0);
    await s.close();
  });
});
