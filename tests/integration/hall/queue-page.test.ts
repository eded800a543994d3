// The queue through the hall server's HTTPS: the guide signs in (a 'guide' account, the guide's
// methods only), reads the catalog's groups and documents, issues a ticket that the hall prints on
// its ticket printer — read back from the byte-exact simulator over a pty — records a turned-away
// visit (free text refusing personal data) and a self-service referral; a counter calls the ticket
// through its signed link (CounterQueue, the counter's own code), the display's public view and
// stream show the call; the greet step takes it and the journey's end finishes it; without the
// hall the counter says why.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUEUE_DISPLAY_EVENTS_PATH, QUEUE_DISPLAY_PATH, type DisplayView } from '../../../base/contract/queue';
import { parseCatalog } from '../../../base/node/catalogYaml';
import { CounterQueue } from '../../../electron/core/queue/counterQueue';
import { enrolWithHall } from '../../../electron/core/sync/enrol';
import { bundledCatalog } from '../../../hall/config/documents';
import { serialTicketPrinter } from '../../../hall/queue/ticketPrinter';
import { startHallServer, type RunningHallServer } from '../../../hall/server/http';
import type { HallStore } from '../../../hall/storage/port';
import { ensureIdentity } from '../../../hall/tls/identity';
import { PrinterSimulator } from '../../../native/printer/sim/simulator';
import { SerialTransport } from '../../../native/transport/serial';
import { openCounterDb, type CounterDb } from '../../helpers/counterFixture';
import { PageClient, rawRequest } from '../../helpers/hallPage';
import { BACKENDS, setupHallBackends } from '../../helpers/hallStores';
import { createPtyPair, type PtyPair } from '../../helpers/pty';
import { FAST_SCRYPT } from '../../helpers/scrypt';
import https from 'node:https';

const backends = setupHallBackends();
const TOKEN = 'admin-token-for-queue-tests';

/** The queue's public stream, read from Node: resolves with the first event of that name. */
function queueEvent(url: string, certPem: string, name: string): { ready: Promise<void>; event: Promise<unknown>; close(): void } {
  const u = new URL(QUEUE_DISPLAY_EVENTS_PATH, url);
  let close = () => undefined as void;
  let ready!: () => void;
  const readyP = new Promise<void>((r) => (ready = r));
  const event = new Promise<unknown>((resolve, reject) => {
    const req = https.get({ host: u.hostname, port: u.port, path: u.pathname, ca: certPem, checkServerIdentity: () => undefined, agent: false }, (res) => {
      let buf = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => {
        buf += d;
        if (buf.includes(': connected')) ready();
        for (const block of buf.split('\n\n')) {
          const ev = /^event: (.+)$/m.exec(block)?.[1];
          const data = /^data: (.+)$/m.exec(block)?.[1];
          if (ev === name && data) {
            resolve(JSON.parse(data));
            req.destroy();
          }
        }
      });
    });
    req.on('error', (e) => (e.message.includes('socket hang up') ? undefined : reject(e)));
    close = () => req.destroy();
  });
  return { ready: readyP, event, close: () => close() };
}

describe.each(BACKENDS)('the queue over HTTPS on %s', (kind) => {
  let store: HallStore;
  let server: RunningHallServer;
  let certPem: string;
  let pair: PtyPair;
  let sim: PrinterSimulator;
  const counters: CounterDb[] = [];
  let admin: PageClient;
  let guide: PageClient;
  let counter: CounterQueue;
  let counterDb: CounterDb;

  beforeAll(async () => {
    pair = await createPtyPair();
    sim = new PrinterSimulator(new SerialTransport({ path: pair.b }), { columns: 48, autoReopen: true });
    await sim.start();
    store = await backends.open(await backends.fresh(kind));
    const identity = await ensureIdentity(store);
    certPem = identity.certPem;
    const staticDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cd-hall-static-'));
    fs.writeFileSync(path.join(staticDir, 'hall.html'), '<!doctype html><title>hall</title>');
    server = await startHallServer({
      store, identity, host: '127.0.0.1', port: 0, adminToken: TOKEN, scrypt: FAST_SCRYPT, staticDir,
      ticketPrinter: serialTicketPrinter({ path: pair.a }), hallName: '测试营业厅',
    });
    admin = new PageClient(server.url, certPem);
    await admin.ok('session.setup', { setupToken: TOKEN, staffNo: 'A001', name: '赵管理', password: 'admin-pass-1' });
    await admin.ok('staff.create', { staffNo: 'G001', name: '周导办', role: 'guide', secret: 'guide-pass-1' });
    guide = new PageClient(server.url, certPem);
  }, 120_000);

  afterAll(async () => {
    counter?.close();
    await server?.close();
    await store?.close();
    for (const c of counters) c.close();
    await sim?.stop();
    await pair?.close();
  });

  it('the guide signs in to the guide’s methods only and sees the catalog’s groups with their documents', async () => {
    const me = await guide.ok('session.signIn', { staffNo: 'g001', secret: 'guide-pass-1' });
    expect(me.role).toBe('guide');
    expect((await guide.refused('counters.board', {})).code).toBe('FORBIDDEN_ROLE');
    expect((await guide.refused('queue.overview', {})).code).toBe('FORBIDDEN_ROLE');
    // The board's live stream is the managers'.
    const events = await rawRequest(server.url, certPem, { method: 'GET', path: '/v1/page/events', headers: { cookie: `cd_hall_session=${guide.token}` } });
    expect(events.status).toBe(403);
    const info = await guide.ok('queue.guide', {});
    expect(info.groups.map((g) => `${g.prefix}:${g.code}`)).toEqual(['A:general', 'B:payment', 'C:account']);
    const transfer = info.groups.find((g) => g.code === 'account')!.businesses.find((b) => b.code === 'owner_transfer')!;
    expect(transfer.documents.map((d) => d.nameZh)).toEqual(['原机主有效身份证件原件', '新机主有效身份证件原件', '原机主与新机主须同时到场']);
    expect(info.groups.find((g) => g.code === 'payment')!.businesses.find((b) => b.code === 'top_up')!.selfService).toBe(true);
    // The catalog the hall manages is the one the counters parse: the same groups.
    expect(parseCatalog(bundledCatalog()).queue_groups?.map((g) => g.prefix)).toEqual(['A', 'B', 'C']);
  });

  it('issues a ticket printed on the hall’s ticket printer, read back from the simulator', async () => {
    const before = sim.cutReceipts.length;
    const issued = await guide.ok('queue.issue', { business: 'new_line', priority: false });
    expect(issued).toMatchObject({ printed: true, printError: null, ahead: 0 });
    expect(issued.ticket).toMatchObject({ label: 'A001', state: 'waiting', businessZh: '新装入网' });
    const [receipt] = (await sim.whenCut(before + 1)).slice(before);
    const text = receipt!.lines.join('\n');
    expect(text).toContain('测试营业厅');
    expect(text).toContain('A001');
    expect(text).toContain('新装入网');
    expect(text).toContain('New line');
    expect(text).toMatch(/前面等候 Waiting ahead\s+0 人/);
    expect(text).toMatch(/取号时间 Time\s+\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}/);
    // The number is printed double size, centred.
    const at = receipt!.lines.findIndex((l) => l.includes('A001'));
    expect(receipt!.styles[at]).toMatchObject({ double: true, bold: true, align: 'center' });
    expect(receipt!.cut).toBe('partial');

    const priority = await guide.ok('queue.issue', { business: 'plan_change', priority: true });
    expect(priority).toMatchObject({ printed: true, ahead: 0 });
    const [second] = (await sim.whenCut(before + 2)).slice(before + 1);
    expect(second!.lines.join('\n')).toContain('优先 Priority');

    // Paper out: the ticket is issued all the same and the guide is told it did not print.
    sim.runOutOfPaper();
    const unprinted = await guide.ok('queue.issue', { business: 'top_up', priority: false });
    expect(unprinted.printed).toBe(false);
    expect(unprinted.printError?.code).toBe('PRINTER_PAPER_OUT');
    expect(unprinted.ticket.label).toBe('B001');
    sim.loadPaper();
  });

  it('records turned-away visits (refusing personal data in the note) and self-service referrals', async () => {
    const away = await guide.ok('queue.turnAway', { business: 'sim_replacement', reason: 'no_id', note: '客户说明天再来' });
    expect(away.tellZh).toContain('机主本人有效身份证件原件');
    expect(away.tellZh).toContain('没有有效证件无法办理');
    const phone = await guide.refused('queue.turnAway', { business: 'sim_replacement', reason: 'other', note: '客户手机 13912345678' });
    expect(phone.code).toBe('PERSONAL_DATA_IN_FREE_TEXT');
    expect(phone.message_zh.length).toBeGreaterThan(0);
    const self = await guide.ok('queue.selfService', { business: 'top_up' });
    expect(self.kind).toBe('self_service');
    const manager = await admin.ok('queue.figures', {});
    expect(manager.total).toMatchObject({ tickets: 3, turnedAway: 1, selfService: 1 });
  });

  it('a counter calls through its signed link; the display’s public view and stream show the call; the journey takes the ticket', async () => {
    // Without enrolment the counter says why and the greet step takes a typed number.
    counterDb = openCounterDb();
    counters.push(counterDb);
    counter = new CounterQueue({ db: counterDb.db, clock: { now: () => Date.now() }, catalog: () => parseCatalog(bundledCatalog()) });
    const alone = await counter.status();
    expect(alone.available).toBe(false);
    expect(alone.reason?.code).toBe('QUEUE_HALL_UNREACHABLE');
    expect(alone.reason?.message_zh).toContain('号票号码');

    const reg = await admin.ok('counters.register', { number: 3 });
    await enrolWithHall(counterDb.db, { hallUrl: server.url, counter: 3, code: reg.code }, () => Date.now());
    expect((await counter.status())).toMatchObject({ available: true, ticket: null, waiting: 3, noShowAfter: 3 });
    expect(counter.targets().map((t) => t.code)).toEqual(['general', 'payment', 'account', 'reception']);

    const stream = queueEvent(server.url, certPem, 'queue.call');
    await stream.ready;
    const called = await counter.callNext();
    expect(called.ticket).toMatchObject({ label: 'A002', priority: true, state: 'called', callCount: 1 }); // priority first
    expect(await stream.event).toMatchObject({ label: 'A002', counter: 3, recall: false });
    const view = JSON.parse((await rawRequest(server.url, certPem, { method: 'GET', path: QUEUE_DISPLAY_PATH })).body) as DisplayView;
    expect(view.current).toEqual([expect.objectContaining({ label: 'A002', counter: 3 })]);
    expect(view.waiting.find((g) => g.group === 'general')!.waiting).toBe(1);

    // A second call while A002 waits at the counter is refused by the hall, in both languages.
    await expect(counter.callNext()).rejects.toMatchObject({ code: 'QUEUE_CALLED_PENDING' });
    expect((await counter.recall(called.ticket!.ticketId)).ticket!.callCount).toBe(2);

    // The greet step takes it: the journey is named on it and its times kept at the counter.
    const t = counter.checkGreet(called.ticket!.ticketId);
    expect(t.businessCode).toBe('plan_change');
    counterDb.db.prepare(`INSERT INTO journeys (journey_id, counter_id, clerk_id, session_id, status, step, version, opened_at, business_codes, state_json, updated_at) VALUES ('j-q1', 'C03', 'S001', '1', 'open', 'greet', 1, 1, '[]', '{}', 1)`).run();
    counter.served(t.ticketId, 'j-q1');
    expect(() => counter.checkGreet(t.ticketId)).toThrow(expect.objectContaining({ code: 'QUEUE_WRONG_STATE', message_zh: expect.stringContaining('不是本台席当前叫到的号') }));
    counterDb.db.prepare("UPDATE journeys SET status = 'closed', closed_at = 2 WHERE journey_id = 'j-q1'").run();
    counter.journeyMayHaveEnded('j-q1');
    const mine = counter.forJourney('j-q1')!;
    expect(mine).toMatchObject({ label: 'A002', state: 'done' });
    expect(mine.issuedAt).toBeLessThanOrEqual(mine.calledAt!);
    expect(mine.servedAt).not.toBeNull();
    expect(mine.finishedAt).not.toBeNull();
    // The hall hears it in the background: the ticket is done there too.
    await expect.poll(async () => (await store.query<{ state: string }>("SELECT state FROM queue_ticket WHERE label = 'A002'")).rows[0]!.state, { timeout: 10_000 }).toBe('done');
    await expect.poll(async () => (await store.query<{ journey_id: string | null }>("SELECT journey_id FROM queue_ticket WHERE label = 'A002'")).rows[0]!.journey_id, { timeout: 10_000 }).toBe('j-q1');

    // Transfer the next to the reception room.
    const next = await counter.callNext();
    expect(next.ticket!.label).toBe('A001');
    const sent = await counter.transfer(next.ticket!.ticketId, 'reception');
    expect(sent.ticket).toBeNull();
    expect((await store.query<{ state: string }>("SELECT state FROM queue_ticket WHERE label = 'A001'")).rows[0]!.state).toBe('transferred');
    stream.close();
  });

  it('says why when the hall cannot be reached', async () => {
    await server.close();
    const away = await counter.status();
    expect(away.available).toBe(false);
    expect(away.reason?.code).toBe('QUEUE_HALL_UNREACHABLE');
    expect(away.reason?.message_zh).toContain('连不上大厅叫号');
  });
});
