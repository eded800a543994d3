// The queue's soak driver on its own (tests/day/queueDay.ts, ready for the hall soak's --queue):
// customers arrive at the guide, five counters call them through their signed links, and the
// hall server is stopped and started again mid-day. No ticket is called at two counters, and every
// ticket is served, a no-show, or still waiting at the close.
import { afterAll, describe, expect, it } from 'vitest';
import { enrolWithHall, readHallLink } from '../../../electron/core/sync/enrol';
import { HallLink } from '../../../electron/core/sync/hallLink';
import { addCounter } from '../../../hall/admin/counters';
import { startHallServer, type RunningHallServer } from '../../../hall/server/http';
import { ensureIdentity } from '../../../hall/tls/identity';
import { openCounterDb, type CounterDb } from '../../helpers/counterFixture';
import { PageClient } from '../../helpers/hallPage';
import { setupHallBackends } from '../../helpers/hallStores';
import { FAST_SCRYPT } from '../../helpers/scrypt';
import { queueViolations, runQueueDay } from '../../day/queueDay';
import { Rng } from '../../day/rng';

const backends = setupHallBackends();
const cleanup: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const c of cleanup.reverse()) await c();
});

describe('the queue’s soak driver', () => {
  it('60 customers, 5 counters, the hall restarted mid-day: no ticket twice, every ticket accounted for', { timeout: 180_000 }, async () => {
    const store = await backends.open(await backends.fresh('server'));
    cleanup.push(() => store.close());
    const identity = await ensureIdentity(store);
    const opts = { store, identity, host: '127.0.0.1', adminToken: 'soak-token', scrypt: FAST_SCRYPT, staticDir: '/nonexistent' };
    let server: RunningHallServer = await startHallServer({ ...opts, port: 0 });
    const port = server.port;
    cleanup.push(() => server.close());

    const links: HallLink[] = [];
    for (let n = 1; n <= 5; n++) {
      const { code } = await addCounter(store, { number: n }, { staffNo: 'admin-token', remote: null });
      const c: CounterDb = openCounterDb();
      cleanup.push(() => c.close());
      await enrolWithHall(c.db, { hallUrl: server.url, counter: n, code }, () => Date.now());
      const row = readHallLink(c.db)!;
      const link = new HallLink({ url: row.hall_url, certPem: row.cert_pem, fingerprint: row.fingerprint }, n, row.private_key_pem, () => Date.now());
      links.push(link);
      cleanup.push(() => link.close());
    }
    const guide = new PageClient(server.url, identity.certPem);
    expect((await guide.call('session.setup', { setupToken: 'soak-token', staffNo: 'G900', name: '导办', password: 'guide-pass-9' })).ok).toBe(true);

    let tenIssued!: () => void;
    const ten = new Promise<void>((r) => (tenIssued = r));
    const day = runQueueDay({
      guide, customers: 60, rng: new Rng(18), pGone: 0.1, pPriority: 0.1, onIssued: (n) => n === 10 && tenIssued(),
      counters: links.map((l, i) => ({ number: i + 1, post: (p, b) => l.post(p, b, 3000) })),
    });
    // The fault, once ten tickets are out: the hall goes away and comes back on the same address.
    await ten;
    await server.close();
    server = await startHallServer({ ...opts, port });
    const s = await day;

    expect(queueViolations(s)).toEqual([]);
    expect(s.duplicateCalls).toBe(0);
    expect(s.tickets).toBeGreaterThan(20);
    expect(s.turnedAway + s.selfService).toBeGreaterThan(0);
    expect(s.noShows).toBeGreaterThan(0);
    expect(s.served + s.noShows + s.stillWaiting).toBe(s.tickets);
    expect(s.stillWaiting).toBe(0);
    expect(s.maxWaitMs).toBeGreaterThan(0);
    const first = (await store.query<{ n: number }>('SELECT count(*)::int AS n FROM (SELECT ticket_id FROM queue_call WHERE NOT recall GROUP BY ticket_id HAVING count(*) > 1) d')).rows[0]!.n;
    expect(first).toBe(0);
  });
});
