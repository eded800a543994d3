// Several hall servers on one PostgreSQL server (a city's or a province's setup): a heartbeat
// taken by one reaches a page signed in on another (NOTIFY), and a session made on one is valid
// on the other (sessions are in the database). PGlite is one process by design, so: server only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '../../../base/contract/replication';
import { enrolWithHall, readHallLink } from '../../../electron/core/sync/enrol';
import { HallLink } from '../../../electron/core/sync/hallLink';
import { addCounter } from '../../../hall/admin/counters';
import { ADMIN_TOKEN_ACTOR } from '../../../hall/audit';
import { HallStaff } from '../../../hall/config/staff';
import { startHallServer, type RunningHallServer } from '../../../hall/server/http';
import type { HallStore } from '../../../hall/storage/port';
import { ensureIdentity } from '../../../hall/tls/identity';
import { openCounterDb, type CounterDb } from '../../helpers/counterFixture';
import { PageClient } from '../../helpers/hallPage';
import { setupHallBackends } from '../../helpers/hallStores';
import { FAST_SCRYPT } from '../../helpers/scrypt';

const backends = setupHallBackends();

describe('two hall processes on one PostgreSQL server', () => {
  const stores: HallStore[] = [];
  const servers: RunningHallServer[] = [];
  let counter: CounterDb;
  let certPem: string;

  beforeAll(async () => {
    const choice = await backends.fresh('server');
    for (let i = 0; i < 2; i++) {
      const store = await backends.open(choice);
      stores.push(store);
      const identity = await ensureIdentity(store);
      certPem = identity.certPem;
      servers.push(await startHallServer({ store, identity, host: '127.0.0.1', port: 0, adminToken: 'token', scrypt: FAST_SCRYPT }));
    }
    await new HallStaff(stores[0]!, FAST_SCRYPT).create({ staffNo: ADMIN_TOKEN_ACTOR, remote: null }, { staffNo: 'A001', name: '赵管理', role: 'admin', secret: 'admin-pass-1' }, { onlyFirstAdmin: true });
    counter = openCounterDb();
  }, 60_000);

  afterAll(async () => {
    for (const s of servers) await s.close();
    for (const s of stores) await s.close();
    counter?.close();
  });

  it('a heartbeat taken by one reaches the page on the other; the session is good on both', async () => {
    const [a, b] = servers as [RunningHallServer, RunningHallServer];
    const page = new PageClient(b.url, certPem);
    await page.ok('session.signIn', { staffNo: 'A001', secret: 'admin-pass-1' });
    // The same cookie on the other process.
    const same = new PageClient(a.url, certPem);
    same.token = page.token;
    expect((await same.ok('session.whoami', {})).staffNo).toBe('A001');

    const stream = await page.events();
    const { code } = await addCounter(stores[0]!, { number: 4 });
    await enrolWithHall(counter.db, { hallUrl: a.url, counter: 4, code }, () => Date.now());
    const row = readHallLink(counter.db)!;
    const link = new HallLink({ url: a.url, certPem: row.cert_pem, fingerprint: row.fingerprint }, 4, row.private_key_pem, () => Date.now());
    try {
      await link.post('/v1/heartbeat', {
        protocol: PROTOCOL_VERSION, counter: 4, seq: 1, counterTime: Date.now(),
        state: { signedIn: null, till: { status: 'settled', sessionId: 2, clerk: 'C001', businessDay: '2026-11-26' }, devices: {}, unsent: {}, oldestUnsentAt: null, appVersion: 't' },
      });
      const ev = await stream.next('counter.changed', (d) => (d as { heartbeatAt: number | null }).heartbeatAt !== null);
      expect(ev.data).toMatchObject({ number: 4, state: { till: { status: 'settled' } } });
    } finally {
      link.close();
      stream.close();
    }
  });
});
