// The hall's door: enrolment by one-time code, pinned TLS, signed requests. Every refusal is
// bilingual, answered with its status, and recorded in the hall's log table.
import { createHash, createHmac, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../base/clock';
import { BilingualError } from '../../../base/contract/errors';
import { enrolProofText, SIGNATURE_HEADERS, signedText } from '../../../base/contract/replication';
import { enrolWithHall, readHallLink } from '../../../electron/core/sync/enrol';
import { HallLink, HallLinkError, requestJson } from '../../../electron/core/sync/hallLink';
import { Syncer } from '../../../electron/core/sync/syncer';
import { addCounter, revokeCounter } from '../../../hall/admin/counters';
import { startHallServer, type RunningHallServer } from '../../../hall/server/http';
import { openHallStore } from '../../../hall/storage/open';
import type { HallStore } from '../../../hall/storage/port';
import { ensureIdentity, type HallIdentity } from '../../../hall/tls/identity';
import { fillDay, openCounterDb, type CounterDb } from '../../helpers/counterFixture';
import { ledgerBatch, ledgerRows } from '../../helpers/replicaRows';

let store: HallStore;
let identity: HallIdentity;
let server: RunningHallServer;
const clock = new ManualClock(Date.now());
const counters: CounterDb[] = [];
let c3: CounterDb;
let c4: CounterDb;

beforeAll(async () => {
  store = await openHallStore({ dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'cd-hall-tr-')) });
  identity = await ensureIdentity(store);
  server = await startHallServer({ store, identity, host: '127.0.0.1', port: 0, adminToken: 'admin-token-for-tests' });
  for (const n of [3, 4]) {
    const { code } = await addCounter(store, { number: n });
    const c = openCounterDb();
    counters.push(c);
    await enrolWithHall(c.db, { hallUrl: server.url, counter: n, code }, () => clock.now());
  }
  [c3, c4] = counters as [CounterDb, CounterDb];
}, 60_000);

afterAll(async () => {
  await server?.close();
  await store?.close();
  for (const c of counters) c.close();
});

async function refusal(p: Promise<unknown>): Promise<HallLinkError> {
  const e = await p.then(() => null, (x: unknown) => x);
  expect(e).toBeInstanceOf(HallLinkError);
  const err = e as HallLinkError;
  expect(err.message_zh).toMatch(/[\u4e00-\u9fff]/);
  expect(err.message_en).toMatch(/[a-z]/);
  return err;
}

async function lastLog(): Promise<{ code: string; counter: number | null }> {
  return (await store.query<{ code: string; counter: number | null }>('SELECT code, counter FROM hall_log ORDER BY id DESC LIMIT 1')).rows[0]!;
}

function linkOf(c: CounterDb, asCounter?: number): HallLink {
  const row = readHallLink(c.db)!;
  return new HallLink({ url: row.hall_url, certPem: row.cert_pem, fingerprint: row.fingerprint }, asCounter ?? row.counter_number, row.private_key_pem, () => clock.now());
}

/** One signed POST with the headers under the test's control. */
function signedPost(c: CounterDb, p: string, payload: unknown, over: { nonce?: string; time?: number } = {}) {
  const row = readHallLink(c.db)!;
  const body = Buffer.from(JSON.stringify(payload));
  const time = over.time ?? Date.now();
  const nonce = over.nonce ?? randomBytes(16).toString('hex');
  const text = signedText('POST', p, row.counter_number, time, nonce, createHash('sha256').update(body).digest('hex'));
  const signature = sign(null, Buffer.from(text), row.private_key_pem).toString('base64');
  return requestJson(row.hall_url, 'POST', p, body, { ca: row.cert_pem, checkServerIdentity: () => undefined }, {
    [SIGNATURE_HEADERS.counter]: String(row.counter_number), [SIGNATURE_HEADERS.time]: String(time), [SIGNATURE_HEADERS.nonce]: nonce, [SIGNATURE_HEADERS.signature]: signature,
  });
}

describe('enrolment', () => {
  it('pins the hall certificate and registers the counter key', async () => {
    const row = readHallLink(c3.db)!;
    expect(row.fingerprint).toBe(identity.fingerprint);
    const r = await store.query<{ status: string; public_key: string; enrol_code: string | null }>('SELECT status, public_key, enrol_code FROM counter WHERE number = 3');
    expect(r.rows[0]).toEqual({ status: 'active', public_key: row.public_key, enrol_code: null });
  });

  it('refuses a wrong code, a used code and an expired code', async () => {
    const c = openCounterDb();
    counters.push(c);
    await addCounter(store, { number: 7 });
    const wrong = await enrolWithHall(c.db, { hallUrl: server.url, counter: 7, code: 'AAAA-BBBB-CCCC-DDDD' }, () => clock.now()).catch((e: unknown) => e);
    expect((wrong as BilingualError).code).toBe('ENROL_BAD_CODE');
    expect(await lastLog()).toEqual({ code: 'ENROL_BAD_CODE', counter: null });
    const again = await enrolWithHall(c.db, { hallUrl: server.url, counter: 3, code: 'AAAA-BBBB-CCCC-DDDD' }, () => clock.now()).catch((e: unknown) => e);
    expect((again as BilingualError).code).toBe('ENROL_ALREADY');
    await addCounter(store, { number: 8, validHours: 1 });
    await store.query('UPDATE counter SET enrol_expires_at = 1 WHERE number = 8');
    const code8 = (await store.query<{ enrol_code: string }>('SELECT enrol_code FROM counter WHERE number = 8')).rows[0]!.enrol_code;
    const expired = await enrolWithHall(c.db, { hallUrl: server.url, counter: 8, code: code8 }, () => clock.now()).catch((e: unknown) => e);
    expect((expired as BilingualError).code).toBe('ENROL_EXPIRED');
  });

  it('refuses a proof made for another certificate (an intercepting proxy)', async () => {
    const { code } = await addCounter(store, { number: 9 });
    const { publicKey } = generateKeyPairSync('ed25519');
    const pub = publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
    const databaseId = 'c'.repeat(32);
    const proof = createHmac('sha256', code).update(enrolProofText(9, pub, 'a'.repeat(64), databaseId)).digest('hex');
    const e = await refusal(requestJson(server.url, 'POST', '/v1/enrol', Buffer.from(JSON.stringify({ protocol: 1, counter: 9, publicKey: pub, databaseId, proof })), { rejectUnauthorized: false }));
    expect(e.code).toBe('ENROL_BAD_CODE');
  });
});

describe('signed requests', () => {
  it('accepts a counter signing its own batch', async () => {
    const ack = await linkOf(c3).post('/v1/batch', ledgerBatch(3, ledgerRows(3)));
    expect(ack).toMatchObject({ stored: 3, heldSeq: 3 });
  });

  it("refuses a counter presenting another counter's key", async () => {
    // Counter 4's PC signs as counter 3 with its own key.
    const e = await refusal(linkOf(c4, 3).post('/v1/batch', ledgerBatch(3, ledgerRows(1))));
    expect([e.status, e.code]).toEqual([401, 'AUTH_BAD_SIGNATURE']);
    expect(await lastLog()).toEqual({ code: 'AUTH_BAD_SIGNATURE', counter: 3 });
  });

  it("refuses a counter writing another counter's rows", async () => {
    const e = await refusal(linkOf(c4).post('/v1/batch', ledgerBatch(3, ledgerRows(5).slice(3))));
    expect([e.status, e.code]).toEqual([403, 'AUTH_COUNTER_MISMATCH']);
    expect(await lastLog()).toEqual({ code: 'AUTH_COUNTER_MISMATCH', counter: 4 });
    const n = await store.query<{ n: number }>("SELECT count(*)::int AS n FROM replica_row WHERE counter = 3 AND stream = 'ledger'");
    expect(n.rows[0]!.n).toBe(3);
  });

  it('refuses an unknown counter and an unsigned request', async () => {
    const e = await refusal(linkOf(c3, 42).post('/v1/heartbeat', {}));
    expect([e.status, e.code]).toEqual([401, 'AUTH_UNKNOWN_COUNTER']);
    expect(await lastLog()).toEqual({ code: 'AUTH_UNKNOWN_COUNTER', counter: 42 });
    const u = await refusal(requestJson(server.url, 'POST', '/v1/batch', Buffer.from('{}'), { rejectUnauthorized: false }));
    expect([u.status, u.code]).toEqual([401, 'AUTH_MISSING']);
  });

  it('refuses a replayed request and a stale time', async () => {
    const nonce = randomBytes(16).toString('hex');
    const batch = ledgerBatch(3, ledgerRows(4).slice(3));
    await signedPost(c3, '/v1/batch', batch, { nonce });
    const e = await refusal(signedPost(c3, '/v1/batch', batch, { nonce }));
    expect([e.status, e.code]).toEqual([401, 'AUTH_REPLAY']);
    expect(await lastLog()).toEqual({ code: 'AUTH_REPLAY', counter: 3 });
    const old = await refusal(signedPost(c3, '/v1/batch', batch, { time: Date.now() - 3_600_000 }));
    expect(old.code).toBe('AUTH_CLOCK');
  });

  it('refuses oversized batches: too many rows, too many bytes', async () => {
    const rows = ledgerRows(2001);
    const many = await refusal(signedPost(c3, '/v1/batch', { protocol: 1, counter: 3, stream: 'ledger', rows: rows.map((data) => ({ seq: data.seq, data })) }));
    expect([many.status, many.code]).toEqual([413, 'REPLICATION_TOO_LARGE']);
    const huge = await refusal(signedPost(c3, '/v1/batch', { protocol: 1, counter: 3, stream: 'ledger', rows: [], pad: 'x'.repeat(5 * 1024 * 1024) }));
    expect([huge.status, huge.code]).toEqual([413, 'HALL_TOO_LARGE']);
    expect(await lastLog()).toEqual({ code: 'HALL_TOO_LARGE', counter: 3 });
  });

  it('refuses to talk to a hall whose certificate is not the pinned one', async () => {
    const row = readHallLink(c3.db)!;
    const other = new HallLink({ url: row.hall_url, certPem: row.cert_pem, fingerprint: 'b'.repeat(64) }, 3, row.private_key_pem, () => clock.now());
    const e = await refusal(other.post('/v1/heartbeat', {}));
    expect([e.status, e.code]).toEqual([null, 'SYNC_HALL_CERT']);
    other.close();
  });
});

describe('sync client against the in-process hall', () => {
  it('a gap after the hall lost rows (restored from an older backup) is healed by resending from the seq it expects', async () => {
    fillDay(c4.db, { journeys: 5 });
    const s = new Syncer({ db: c4.db, clock });
    expect((await s.runOnce()).state).toBe('idle');
    // The hall is restored from a backup that held print outcomes 1..3 only; the counter's cursor says 5.
    await store.tx(async (q) => {
      await q.query('ALTER TABLE replica_row DISABLE TRIGGER replica_row_append_only');
      await q.query("DELETE FROM replica_row WHERE counter = 4 AND stream = 'print_outcome' AND seq > 3");
      await q.query('ALTER TABLE replica_row ENABLE TRIGGER replica_row_append_only');
      await q.query("UPDATE stream_head SET seq = 3, hash = (SELECT hash FROM replica_row WHERE counter = 4 AND stream = 'print_outcome' AND seq = 3) WHERE counter = 4 AND stream = 'print_outcome'");
    });
    fillDay(c4.db, { journeys: 2, start: Date.UTC(2026, 0, 6, 1, 0) });
    const after = await s.runOnce();
    await s.stop();
    expect(after.state).toBe('idle');
    // Refused once with "expected 4", the client resent 4..7: every outcome on the hall once.
    const r = await store.query<{ n: number; d: number; m: number }>("SELECT count(*)::int AS n, count(DISTINCT seq)::int AS d, max(seq)::int AS m FROM replica_row WHERE counter = 4 AND stream = 'print_outcome'");
    expect(r.rows[0]).toEqual({ n: 7, d: 7, m: 7 });
    const gap = await store.query<{ detail: { expectedSeq: number } }>("SELECT detail FROM hall_log WHERE code = 'REPLICATION_GAP' AND counter = 4");
    expect(gap.rows.map((x) => x.detail.expectedSeq)).toEqual([4]);
    const hb = await store.query<{ skew_ms: number; state: { unsent: Record<string, number> } }>('SELECT skew_ms, state FROM counter_state WHERE counter = 4');
    expect(Math.abs(hb.rows[0]!.skew_ms - (clock.now() - Date.now()))).toBeLessThan(60_000);
    expect(Object.values(hb.rows[0]!.state.unsent).every((n) => n === 0)).toBe(true);
  });
});

describe('revoking a counter', () => {
  it("refuses a revoked counter's key from then on, keeps what it sent, and files a replacement PC apart", async () => {
    const link = linkOf(c3);
    await revokeCounter(store, 3);
    const e = await refusal(link.post('/v1/heartbeat', {}));
    expect([e.status, e.code]).toEqual([401, 'AUTH_UNKNOWN_COUNTER']);
    link.close();
    const kept = await store.query<{ n: number }>('SELECT count(*)::int AS n FROM replica_row WHERE counter = 3');
    expect(kept.rows[0]!.n).toBeGreaterThan(0);
    // A new PC for counter 3: a new database, filed as source 2; its rows start at 1 again.
    const { code } = await addCounter(store, { number: 3 });
    const fresh = openCounterDb();
    counters.push(fresh);
    await enrolWithHall(fresh.db, { hallUrl: server.url, counter: 3, code }, () => clock.now());
    expect((await store.query<{ status: string; source: number }>('SELECT status, source FROM counter WHERE number = 3')).rows[0]).toEqual({ status: 'active', source: 2 });
    fillDay(fresh.db, { journeys: 2 });
    const s = new Syncer({ db: fresh.db, clock });
    expect((await s.runOnce()).state).toBe('idle');
    await s.stop();
    const bySource = await store.query<{ source: number; n: number }>("SELECT source, count(*)::int AS n FROM replica_row WHERE counter = 3 AND stream = 'ledger' GROUP BY source ORDER BY source");
    expect(bySource.rows).toEqual([{ source: 1, n: 4 }, { source: 2, n: 3 }]);
    expect((await store.query<{ n: number }>('SELECT count(*)::int AS n FROM witness_finding WHERE counter = 3')).rows[0]!.n).toBe(0);
    // The first PC's database enrolling again (a new code, a new key) is still source 1.
    const again = await addCounter(store, { number: 3 });
    await enrolWithHall(c3.db, { hallUrl: server.url, counter: 3, code: again.code }, () => clock.now());
    expect((await store.query<{ source: number }>('SELECT source FROM counter WHERE number = 3')).rows[0]!.source).toBe(1);
  });
});

describe('a counter whose clock is off', () => {
  it('still syncs, signing in the hall\'s time, and the hall records its skew', async () => {
    const { code } = await addCounter(store, { number: 11 });
    const c = openCounterDb();
    counters.push(c);
    const fast = new ManualClock(Date.now() + 2 * 3_600_000); // two hours ahead: outside the signing window
    await enrolWithHall(c.db, { hallUrl: server.url, counter: 11, code }, () => fast.now());
    fillDay(c.db, { journeys: 2 });
    const s = new Syncer({ db: c.db, clock: fast });
    const st = await s.runOnce();
    await s.stop();
    expect(st.state).toBe('idle');
    expect(st.skewMs!).toBeGreaterThan(2 * 3_600_000 - 60_000);
    const hb = await store.query<{ skew_ms: number }>('SELECT skew_ms FROM counter_state WHERE counter = 11');
    expect(hb.rows[0]!.skew_ms).toBeGreaterThan(2 * 3_600_000 - 60_000);
    const refused = await store.query<{ n: number }>("SELECT count(*)::int AS n FROM hall_log WHERE code = 'AUTH_CLOCK' AND counter = 11");
    expect(refused.rows[0]!.n).toBe(1);
  });
});
