// A counter fetches its configuration over the signed, pinned link (electron/core/sync/config.ts
// on hallLink), on both backends: everything at first, then only what is newer; the heartbeat's
// answer says when; `since` is covered by the signature; a revoked counter is refused.
import { createHash, randomBytes, sign } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatSince, NO_CONFIG, type ConfigVersions } from '../../../base/contract/hallConfig';
import { HeartbeatAckSchema, PROTOCOL_VERSION, SIGNATURE_HEADERS, signedText } from '../../../base/contract/replication';
import { verifySecret } from '../../../base/node/secretHash';
import { fetchConfig } from '../../../electron/core/sync/config';
import { enrolWithHall, readHallLink } from '../../../electron/core/sync/enrol';
import { HallLink, HallLinkError, requestJson } from '../../../electron/core/sync/hallLink';
import { addCounter, revokeCounter } from '../../../hall/admin/counters';
import { ADMIN_TOKEN_ACTOR } from '../../../hall/audit';
import { bundledCatalog, saveCatalog } from '../../../hall/config/documents';
import { HallStaff } from '../../../hall/config/staff';
import { startHallServer, type RunningHallServer } from '../../../hall/server/http';
import type { HallStore } from '../../../hall/storage/port';
import { ensureIdentity } from '../../../hall/tls/identity';
import { openCounterDb, type CounterDb } from '../../helpers/counterFixture';
import { BACKENDS, setupHallBackends } from '../../helpers/hallStores';
import { FAST_SCRYPT } from '../../helpers/scrypt';

const backends = setupHallBackends();
const ADMIN = { staffNo: 'A001', remote: null };

async function refused(p: Promise<unknown>): Promise<HallLinkError> {
  const e = await p.then(() => null, (x: unknown) => x);
  expect(e).toBeInstanceOf(HallLinkError);
  expect((e as HallLinkError).message_zh).toMatch(/[\u4e00-\u9fff]/);
  return e as HallLinkError;
}

describe.each(BACKENDS)('a counter fetching its configuration (%s)', (kind) => {
  let store: HallStore;
  let server: RunningHallServer;
  let staff: HallStaff;
  const counters: CounterDb[] = [];

  const linkOf = (c: CounterDb) => {
    const row = readHallLink(c.db)!;
    return new HallLink({ url: row.hall_url, certPem: row.cert_pem, fingerprint: row.fingerprint }, row.counter_number, row.private_key_pem, () => Date.now());
  };
  async function enrolled(n: number): Promise<CounterDb> {
    const { code } = await addCounter(store, { number: n });
    const c = openCounterDb();
    counters.push(c);
    await enrolWithHall(c.db, { hallUrl: server.url, counter: n, code }, () => Date.now());
    return c;
  }

  beforeAll(async () => {
    store = await backends.open(await backends.fresh(kind));
    server = await startHallServer({ store, identity: await ensureIdentity(store), host: '127.0.0.1', port: 0, adminToken: 'admin-token-for-tests', scrypt: FAST_SCRYPT });
    staff = new HallStaff(store, FAST_SCRYPT);
    await staff.create({ staffNo: ADMIN_TOKEN_ACTOR, remote: null }, { staffNo: 'A001', name: '赵管理', role: 'admin', secret: 'admin-pass-1' }, { onlyFirstAdmin: true });
  }, 60_000);

  afterAll(async () => {
    await server?.close();
    await store?.close();
    for (const c of counters) c.close();
  });

  it('gets everything at version 0, then only what changed, and the heartbeat says when', async () => {
    const c = await enrolled(3);
    const link = linkOf(c);
    try {
      await staff.create(ADMIN, { staffNo: 'C001', name: '王丽', role: 'clerk', secret: '2580' });
      await saveCatalog(store, ADMIN, { yaml: bundledCatalog(), baseVersion: 0 });
      const first = await fetchConfig(link, NO_CONFIG);
      expect(first.versions).toEqual({ staff: 2, catalog: 1, calendar: 0, till: 0 });
      expect(first.staff!.accounts.map((a) => a.staffNo).sort()).toEqual(['A001', 'C001']);
      const clerk = first.staff!.accounts.find((a) => a.staffNo === 'C001')!;
      expect(verifySecret('2580', clerk.secretHash)).toBe(true);
      expect(first.catalog!.yaml).toBe(bundledCatalog());

      const mine: ConfigVersions = first.versions;
      expect(await fetchConfig(link, mine)).toMatchObject({ staff: null, catalog: null, calendar: null, till: null });

      // The administrator resets the clerk's PIN: the next heartbeat's answer shows a newer staff version…
      await staff.resetSecret(ADMIN, { staffNo: 'C001', secret: '7410' });
      const state = { signedIn: null, till: { status: 'none' as const, sessionId: null, clerk: null, businessDay: null }, devices: {}, unsent: {}, oldestUnsentAt: null, appVersion: 'test', config: mine };
      const ack = HeartbeatAckSchema.parse(await link.post('/v1/heartbeat', { protocol: PROTOCOL_VERSION, counter: 3, seq: 1, counterTime: Date.now(), state }));
      expect(ack.config).toEqual({ ...mine, staff: 3 });
      // …and the fetch brings that one account with its new hash, nothing else.
      const next = await fetchConfig(link, mine);
      expect(next.staff).toMatchObject({ version: 3, full: false });
      expect(next.staff!.accounts.map((a) => a.staffNo)).toEqual(['C001']);
      expect(verifySecret('7410', next.staff!.accounts[0]!.secretHash)).toBe(true);
      expect(next.catalog).toBeNull();

      const seen = (await store.query<{ served: ConfigVersions }>('SELECT served FROM counter_config WHERE counter = 3')).rows[0]!;
      expect(seen.served).toEqual(next.versions);
      // The heartbeat kept the versions this counter says it applied.
      expect((await store.query<{ state: { config: ConfigVersions } }>('SELECT state FROM counter_state WHERE counter = 3')).rows[0]!.state.config).toEqual(mine);
    } finally {
      link.close();
    }
  });

  it('refuses a `since` changed after signing, and a malformed one', async () => {
    const c = await enrolled(4);
    const row = readHallLink(c.db)!;
    const signedGet = (signedPath: string, sentPath: string) => {
      const time = Date.now();
      const nonce = randomBytes(16).toString('hex');
      const text = signedText('GET', signedPath, 4, time, nonce, createHash('sha256').update(Buffer.alloc(0)).digest('hex'));
      return requestJson(row.hall_url, 'GET', sentPath, null, { ca: row.cert_pem, checkServerIdentity: () => undefined }, {
        [SIGNATURE_HEADERS.counter]: '4', [SIGNATURE_HEADERS.time]: String(time), [SIGNATURE_HEADERS.nonce]: nonce,
        [SIGNATURE_HEADERS.signature]: sign(null, Buffer.from(text), row.private_key_pem).toString('base64'),
      });
    };
    const full = `/v1/config?since=${formatSince({ staff: 99, catalog: 99, calendar: 99, till: 99 })}`;
    const tampered = await refused(signedGet(full, `/v1/config?since=${formatSince(NO_CONFIG)}`));
    expect(tampered.code).toBe('AUTH_BAD_SIGNATURE');
    const bad = await refused(signedGet('/v1/config?since=staff:1,pizza:2', '/v1/config?since=staff:1,pizza:2'));
    expect(bad.code).toBe('CONFIG_SINCE');
    expect(bad.status).toBe(400);
    const unsigned = await refused(requestJson(row.hall_url, 'GET', '/v1/config', null, { ca: row.cert_pem, checkServerIdentity: () => undefined }));
    expect(unsigned.code).toBe('AUTH_MISSING');
  });

  it('refuses a revoked counter', async () => {
    const c = await enrolled(5);
    const link = linkOf(c);
    try {
      expect((await fetchConfig(link, NO_CONFIG)).versions.staff).toBeGreaterThan(0);
      await revokeCounter(store, 5);
      const e = await refused(fetchConfig(link, NO_CONFIG));
      expect(e.code).toBe('AUTH_UNKNOWN_COUNTER');
      expect(e.status).toBe(401);
      expect(e.retryable).toBe(false);
      const logged = (await store.query<{ code: string; counter: number }>("SELECT code, counter FROM hall_log WHERE code = 'AUTH_UNKNOWN_COUNTER' ORDER BY id DESC LIMIT 1")).rows[0];
      expect(logged).toEqual({ code: 'AUTH_UNKNOWN_COUNTER', counter: 5 });
    } finally {
      link.close();
    }
  });
});
