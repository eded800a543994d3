/**
 * The queue's two speeds, on a hall server process (`npm run start:hall`, PGlite or a PostgreSQL
 * server) with 20 enrolled counters and the ticket printer simulator on a pty:
 *
 *   npm run bench -- queue [--backend pglite|server|both] [--tickets 60] [--counters 20]
 *
 * - the guide's tap → the ticket printed: from the page's POST queue.issue (over HTTPS, signed in)
 *   to the simulator cutting the ticket (the printer confirmed it; the serial line at 115200 baud);
 *   target ≤ 1 s;
 * - a call at a counter → on the display: from the counter's signed POST (call next) to the call on
 *   the display's event stream (a Node client of /v1/queue/events) and to the call on screen
 *   (Chromium showing /display; a MutationObserver notes when 请 … 号到 N 号台席 appears; same
 *   machine, same clock); target ≤ 300 ms p95.
 *
 * The load of 300 tickets an hour (one every 12 s) is far lighter than this: tickets are issued
 * back to back, and meanwhile the other counters ask for their status once a second (as the greet
 * step does when it opens) so the calls measured never have the hall to themselves.
 */
import { createHash, X509Certificate } from 'node:crypto';
import https from 'node:https';
import { performance } from 'node:perf_hooks';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { QUEUE_COUNTER_PATH, QUEUE_DISPLAY_EVENTS_PATH, announcementText, type CallView, type QueueCounterAnswer } from '../../base/contract/queue';
import { enrolWithHall, readHallLink } from '../../electron/core/sync/enrol';
import { HallLink } from '../../electron/core/sync/hallLink';
import { adminRequest } from '../../hall/admin/client';
import type { StoreChoice } from '../../hall/storage/open';
import { PrinterSimulator } from '../../native/printer/sim/simulator';
import { SerialTransport } from '../../native/transport/serial';
import { chromiumAvailable, launchChromium } from '../helpers/chromium';
import { openCounterDb, type CounterDb } from '../helpers/counterFixture';
import { PageClient } from '../helpers/hallPage';
import { adminAccess, startHallProcess } from '../helpers/hallProcess';
import { startPgServer } from '../helpers/pgServer';
import { createPtyPair } from '../helpers/pty';
import { recordFigure } from './figures';
import { summarize, type Summary } from './stats';

interface QueueLatency {
  print: number[];
  stream: number[];
  screen: number[];
}

/** The display's stream from Node: each call as it arrives, by ticket label. */
function displayStream(url: string, certPem: string): Promise<{ waitFor(label: string): Promise<number>; close(): void }> {
  const u = new URL(QUEUE_DISPLAY_EVENTS_PATH, url);
  const seen = new Map<string, number>();
  const waiters = new Map<string, (t: number) => void>();
  return new Promise((resolve, reject) => {
    const req = https.get({ host: u.hostname, port: u.port, path: u.pathname, ca: certPem, checkServerIdentity: () => undefined, agent: false }, (res) => {
      let buf = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => {
        buf += d;
        let i: number;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          const data = /^event: queue\.call\ndata: (.+)$/m.exec(block)?.[1];
          if (!data) continue;
          const at = performance.now();
          const { label } = JSON.parse(data) as CallView;
          const w = waiters.get(label);
          if (w) {
            waiters.delete(label);
            w(at);
          } else seen.set(label, at);
        }
      });
      resolve({
        waitFor: (label) => {
          const at = seen.get(label);
          if (at !== undefined) return Promise.resolve(at);
          return new Promise((r) => waiters.set(label, r));
        },
        close: () => req.destroy(),
      });
    });
    req.on('error', reject);
  });
}

async function measure(choice: StoreChoice, opts: { tickets: number; counters: number }): Promise<QueueLatency> {
  const pty = await createPtyPair();
  const sim = new PrinterSimulator(new SerialTransport({ path: pty.a }), { columns: 48, autoReopen: true });
  await sim.start();
  const hall = await startHallProcess(choice, { extra: ['--ticket-printer', pty.b] });
  const dbs: CounterDb[] = [];
  const links: HallLink[] = [];
  let polling = true;
  const out: QueueLatency = { print: [], stream: [], screen: [] };
  try {
    const admin = await adminAccess(hall);
    for (let n = 1; n <= opts.counters; n++) {
      const { code } = await adminRequest<{ code: string }>(admin, 'POST', '/v1/admin/counters', { number: n });
      const c = openCounterDb();
      dbs.push(c);
      await enrolWithHall(c.db, { hallUrl: hall.url, counter: n, code }, () => Date.now());
      const row = readHallLink(c.db)!;
      links.push(new HallLink({ url: row.hall_url, certPem: row.cert_pem, fingerprint: row.fingerprint }, n, row.private_key_pem, () => Date.now()));
    }
    const act = (n: number, body: unknown) => links[n - 1]!.post(QUEUE_COUNTER_PATH, body) as Promise<QueueCounterAnswer>;

    // The guide: an administrator made with the admin token may use the guide's page.
    const guide = new PageClient(hall.url, admin.certPem!);
    const setup = await guide.call('session.setup', { setupToken: hall.adminToken, staffNo: 'B001', name: 'Bench', password: 'bench-pass-1' });
    if (!setup.ok) throw new Error(`setup refused: ${setup.error.message_en}`);
    const businesses = ['new_line', 'plan_change', 'top_up', 'sim_replacement', 'invoice_print'];
    for (let i = 0; i < opts.tickets; i++) {
      const cut = sim.whenCut(i + 1, 10_000);
      const t0 = performance.now();
      const r = await guide.call('queue.issue', { business: businesses[i % businesses.length]!, priority: i % 10 === 0 });
      if (!r.ok || !r.result.printed) throw new Error(`ticket ${i + 1} not printed: ${JSON.stringify(r)}`);
      await cut;
      out.print.push(performance.now() - t0);
    }

    // The rest of the hall: every other counter asks for its status once a second.
    const pollers = Array.from({ length: opts.counters - 1 }, (_v, i) =>
      (async () => {
        await new Promise((r) => setTimeout(r, (i * 1000) / opts.counters));
        while (polling) {
          await act(i + 2, { action: 'status' }).catch(() => undefined);
          await new Promise((r) => setTimeout(r, 1000));
        }
      })(),
    );

    const stream = await displayStream(hall.url, admin.certPem!);
    let browser: Awaited<ReturnType<typeof launchChromium>> | null = null;
    let tab: import('playwright-core').Page | null = null;
    if (chromiumAvailable()) {
      const spki = new X509Certificate(admin.certPem!).publicKey.export({ type: 'spki', format: 'der' });
      browser = await launchChromium([`--ignore-certificate-errors-spki-list=${createHash('sha256').update(spki).digest('base64')}`]);
      tab = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
      await tab.goto(`${hall.url}/display`);
      await tab.getByTestId('display-waiting-general').waitFor();
    }
    try {
      // Each call from counter 1 (serving the last one first), measured to the stream and the screen.
      let held: number | null = null;
      for (let i = 0; i < opts.tickets; i++) {
        if (held !== null) await act(1, { action: 'serve', ticketId: held, journeyId: `bench-${held}` });
        if (tab) {
          // Armed before the call: notes the wall-clock moment the flash shows this counter's call.
          await tab.evaluate(`window.seenAt = new Promise((resolve) => {
            const mo = new MutationObserver(() => {
              const t = document.querySelector('[data-testid=display-flash]')?.textContent ?? '';
              if (t.endsWith(' 号到 1 号台席') && t !== window.lastFlash) { window.lastFlash = t; mo.disconnect(); resolve([Date.now(), t]); }
            });
            mo.observe(document.body, { subtree: true, childList: true, characterData: true });
          }); undefined`);
        }
        const wall0 = Date.now();
        const t0 = performance.now();
        const a = await act(1, { action: 'next' });
        if (!a.ticket) throw new Error('nobody waiting');
        held = a.ticket.id;
        out.stream.push((await stream.waitFor(a.ticket.label)) - t0);
        if (tab) {
          const [seenAt, text] = (await tab.evaluate('window.seenAt')) as [number, string];
          if (text !== announcementText(a.ticket.label, 1)) throw new Error(`the display showed ${text} for ${a.ticket.label}`);
          out.screen.push(seenAt - wall0);
        }
      }
    } finally {
      stream.close();
      await browser?.close();
    }
    polling = false;
    await Promise.all(pollers);
    return out;
  } finally {
    polling = false;
    for (const l of links) l.close();
    await hall.stop();
    for (const d of dbs) d.close();
    await sim.stop();
    await pty.close();
  }
}

function line(label: string, s: Summary, target: number): string {
  if (s.n === 0) return `  ${label}: not measured (no Chromium)\n`;
  return `  ${label}: median ${s.median.toFixed(0)} ms, p95 ${s.p95.toFixed(0)} ms, max ${s.max.toFixed(0)} ms (${s.n}) — target ≤ ${target} ms${s.p95 <= target ? '' : '  ✘ over'}\n`;
}

export async function bench(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { backend: { type: 'string' }, tickets: { type: 'string' }, counters: { type: 'string' } }, strict: true });
  const tickets = Number(values.tickets ?? 60);
  const counters = Number(values.counters ?? 20);
  const backend = values.backend ?? 'pglite';
  const kinds = backend === 'both' ? ['pglite', 'server'] : [backend];
  for (const kind of kinds) {
    let stopPg: (() => Promise<void>) | null = null;
    let choice: StoreChoice;
    if (kind === 'server') {
      const pg = await startPgServer();
      stopPg = () => pg.stop();
      choice = { databaseUrl: await pg.createDatabase('queue_bench') };
    } else {
      choice = { dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'cd-queue-bench-')) };
    }
    try {
      const l = await measure(choice, { tickets, counters });
      const print = summarize(l.print);
      const stream = summarize(l.stream);
      const screen = summarize(l.screen);
      process.stdout.write(
        `queue on ${kind === 'server' ? 'a PostgreSQL server' : 'PGlite'}, ${counters} counters (the others asking their status once a second), ${tickets} tickets:\n` +
          line("guide's tap → ticket printed (simulator, 115200 baud)", print, 1000) +
          line('call at a counter → display event stream', stream, 300) +
          line('call at a counter → on the display in Chromium', screen, 300),
      );
      recordFigure(`queue.${kind}.tapToPrinted`, print, 'ms', `queue (${kind}): guide's tap → ticket printed`);
      recordFigure(`queue.${kind}.callToStream`, stream, 'ms', `queue (${kind}): call → display event stream`);
      if (screen.n) recordFigure(`queue.${kind}.callToScreen`, screen, 'ms', `queue (${kind}): call → on the display (Chromium)`);
    } finally {
      await stopPg?.();
      if (choice.dataDir) fs.rmSync(choice.dataDir, { recursive: true, force: true });
    }
  }
}
