/**
 * Heartbeat → hall page: how long from a counter posting its heartbeat (signed, over HTTPS) to
 * the new state on the duty manager's screen, on a hall server process (`npm run start:hall`)
 * while the hall's other counters beat too.
 *
 *   npm run bench -- hall --only page [--backend server|pglite|both] [--beats 60] [--others 19]
 *
 * Two figures per backend: to the page's event stream (a Node client of /v1/page/events: the
 * server's own part) and to the row on screen (real Chromium showing the board: the number in
 * the counter's "unsent" cell changes). Each measured heartbeat waits for the previous one to
 * show; `--others` counters beat once a second each meanwhile (real counters beat every 5 s).
 * Target: ≤ 1 s.
 */
import { performance } from 'node:perf_hooks';
import { X509Certificate, createHash } from 'node:crypto';
import { PROTOCOL_VERSION, type CounterState } from '../../base/contract/replication';
import { enrolWithHall, readHallLink } from '../../electron/core/sync/enrol';
import { HallLink, requestJson } from '../../electron/core/sync/hallLink';
import { adminRequest } from '../../hall/admin/client';
import type { StoreChoice } from '../../hall/storage/open';
import { chromiumAvailable, launchChromium } from '../helpers/chromium';
import { openCounterDb, type CounterDb } from '../helpers/counterFixture';
import { PageClient } from '../helpers/hallPage';
import { adminAccess, startHallProcess } from '../helpers/hallProcess';
import { quantile } from './stats';

export interface PageLatency {
  stream: number[];
  screen: number[];
}

function state(unsent: number): CounterState {
  return {
    signedIn: { staffNo: '1024', role: 'clerk' }, till: { status: 'open', sessionId: 1, clerk: '1024', businessDay: '2026-11-26' },
    devices: { idcard: { state: 'ready', detail: null }, printer: { state: 'ready', detail: null } },
    unsent: { journey: unsent }, oldestUnsentAt: Date.now() - 1000, appVersion: 'bench',
  };
}

export async function pageLatency(choice: StoreChoice, opts: { beats: number; others: number }): Promise<PageLatency> {
  const hall = await startHallProcess(choice);
  const dbs: CounterDb[] = [];
  const links: HallLink[] = [];
  let beating = true;
  try {
    const admin = await adminAccess(hall);
    for (let n = 1; n <= 1 + opts.others; n++) {
      const { code } = await adminRequest<{ code: string }>(admin, 'POST', '/v1/admin/counters', { number: n });
      const c = openCounterDb();
      dbs.push(c);
      await enrolWithHall(c.db, { hallUrl: hall.url, counter: n, code }, () => Date.now());
      const row = readHallLink(c.db)!;
      links.push(new HallLink({ url: row.hall_url, certPem: row.cert_pem, fingerprint: row.fingerprint }, n, row.private_key_pem, () => Date.now()));
    }
    const seq = new Map<number, number>();
    const beat = (n: number, unsent: number) => {
      const s = (seq.get(n) ?? 0) + 1;
      seq.set(n, s);
      return links[n - 1]!.post('/v1/heartbeat', { protocol: PROTOCOL_VERSION, counter: n, seq: s, counterTime: Date.now(), state: state(unsent) });
    };
    // The rest of the hall, beating once a second each, spread over the second.
    const others = Array.from({ length: opts.others }, (_v, i) =>
      (async () => {
        await new Promise((r) => setTimeout(r, (i * 1000) / Math.max(1, opts.others)));
        while (beating) {
          await beat(i + 2, 0).catch(() => undefined);
          await new Promise((r) => setTimeout(r, 1000));
        }
      })(),
    );

    // The duty manager: an administrator made with the admin token, signed in on the page.
    const page = new PageClient(hall.url, admin.certPem!);
    const signIn = await page.call('session.setup', { setupToken: hall.adminToken, staffNo: 'B001', name: 'Bench', password: 'bench-pass-1' });
    if (!signIn.ok) throw new Error(`setup refused: ${signIn.error.message_en}`);
    const events = await page.events();

    const out: PageLatency = { stream: [], screen: [] };
    for (let i = 1; i <= opts.beats; i++) {
      const t0 = performance.now();
      const seen = events.next('counter.changed', (d) => (d as { number: number; state: CounterState | null }).number === 1 && d !== null && (d as { state: CounterState | null }).state?.unsent.journey === i);
      await beat(1, i);
      await seen;
      out.stream.push(performance.now() - t0);
    }
    events.close();

    if (chromiumAvailable()) {
      let der: Buffer | null = null;
      await requestJson(hall.url, 'GET', '/v1/hello', null, { rejectUnauthorized: false }, {}, (c) => (der = c));
      const spki = new X509Certificate(der!).publicKey.export({ type: 'spki', format: 'der' });
      const browser = await launchChromium([`--ignore-certificate-errors-spki-list=${createHash('sha256').update(spki).digest('base64')}`]);
      try {
        const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
        const u = new URL(hall.url);
        await context.addCookies([{ name: 'cd_hall_session', value: page.token!, domain: u.hostname, path: '/v1/page', secure: true, httpOnly: true, sameSite: 'Strict' }]);
        const tab = await context.newPage();
        await tab.goto(`${hall.url}/`);
        await tab.getByTestId('hall-live').getByText('实时').waitFor();
        await tab.getByTestId('counter-row-1').waitFor();
        for (let i = opts.beats + 1; i <= 2 * opts.beats; i++) {
          // A watcher in the page notes the wall-clock moment the cell shows the value (same machine,
          // same clock). Written as text: tsx would otherwise wrap its functions in a helper the page lacks.
          await tab.evaluate(`window.seenAt = new Promise((resolve) => {
            const mo = new MutationObserver(() => {
              if (document.querySelector('[data-testid=counter-1-unsent]')?.textContent === '${i}') { mo.disconnect(); resolve(Date.now()); }
            });
            mo.observe(document.body, { subtree: true, childList: true, characterData: true });
          }); undefined`);
          const t0 = Date.now();
          await beat(1, i);
          const seenAt = (await tab.evaluate('window.seenAt')) as number;
          out.screen.push(seenAt - t0);
        }
      } finally {
        await browser.close();
      }
    }
    beating = false;
    await Promise.all(others);
    return out;
  } finally {
    beating = false;
    for (const l of links) l.close();
    await hall.stop();
    for (const d of dbs) d.close();
  }
}

export function describeLatency(label: string, l: PageLatency, others: number): string {
  const f = (xs: number[]) => (xs.length ? `median ${quantile(xs, 0.5).toFixed(0)} ms, p95 ${quantile(xs, 0.95).toFixed(0)} ms, max ${Math.max(...xs).toFixed(0)} ms (${xs.length} heartbeats)` : 'not measured (no Chromium)');
  return (
    `heartbeat → hall page, ${label}, ${others} other counters beating once a second (target ≤ 1 s):\n` +
    `  to the page's event stream: ${f(l.stream)}\n` +
    `  to the row on screen (Chromium): ${f(l.screen)}\n`
  );
}
