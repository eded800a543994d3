// The queue's soak driver on its own (tests/day/queueDay.ts, which the hall soak's --queue plays):
// customers arrive at the guide, five counters call them through their signed links, and the
// hall server is stopped and started again mid-day. No ticket is called at two counters, and every
// ticket is served, a no-show, or still waiting at the close. The hall soak's check (queueCheck.ts)
// finds the same on the hall's database, and names what breaks that.
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
import { queueDayCheck } from '../../day/queueCheck';
import { queueViolations, runQueueDay, type QueueSummary } from '../../day/queueDay';
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

    // The hall soak's --queue check reads the same day from the hall's database and agrees…
    const ctx = { store, counters: [], observedMaxSkewMs: 0, flags: { queue: true } };
    expect(queueDayCheck.applies({ queue: false })).toBe(false);
    const clean = await queueDayCheck.run(ctx);
    expect(clean.violations).toEqual([]);
    const c = clean.figures as unknown as QueueSummary;
    expect(c).toMatchObject({ tickets: s.tickets, turnedAway: s.turnedAway, selfService: s.selfService, duplicateCalls: 0, stillWaiting: 0, maxWaitMs: s.maxWaitMs });
    expect(c.served + c.noShows).toBe(s.tickets);
    // …and names a ticket called afresh at a second counter, and a ticket neither served, a no-show nor waiting.
    const [t1, t2] = (await store.query<{ id: number }>("SELECT id FROM queue_ticket WHERE state = 'done' ORDER BY id LIMIT 2")).rows;
    await store.query('INSERT INTO queue_call (ticket_id, counter, at, recall) VALUES ($1, 99, 0, false)', [t1!.id]);
    await store.query("UPDATE queue_ticket SET state = 'transferred' WHERE id = $1", [t2!.id]);
    const broken = await queueDayCheck.run(ctx);
    expect(broken.figures).toMatchObject({ duplicateCalls: 1, served: c.served - 1 });
    expect(broken.violations).toEqual([
      'queue: 1 ticket(s) called at two counters',
      `queue: served ${c.served - 1} + no-shows ${c.noShows} + still waiting 0 ≠ tickets ${s.tickets}`,
    ]);
  });
});
