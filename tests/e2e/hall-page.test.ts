// The hall page in real Chromium, served by a real hall server process (`npm run start:hall`,
// PGlite) over its HTTPS: Chromium trusts the hall's self-signed certificate only by its public
// key's pin (--ignore-certificate-errors-spki-list), as a test. The first administrator is
// created with the admin token printed at start; a counter registered on the page enrols and its
// heartbeat appears on the board live; a staff account made, reset and locked on the page reaches
// a counter's configuration fetch; the catalog editor points at the lines of a broken catalog;
// the page locks by key and unlocks with the password. Screenshots at 1366×768.
import { createHash, X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NO_CONFIG } from '../../base/contract/hallConfig';
import { PROTOCOL_VERSION, type CounterState } from '../../base/contract/replication';
import { verifySecret } from '../../base/node/secretHash';
import { fetchConfig } from '../../electron/core/sync/config';
import { enrolWithHall, readHallLink } from '../../electron/core/sync/enrol';
import { HallLink, requestJson } from '../../electron/core/sync/hallLink';
import { adminRequest } from '../../hall/admin/client';
import { ROOT } from '../helpers/browserMode';
import { chromiumAvailable, launchChromium } from '../helpers/chromium';
import { openCounterDb, type CounterDb } from '../helpers/counterFixture';
import { adminAccess, startHallProcess, type HallProcess } from '../helpers/hallProcess';
import { ledgerBatch, ledgerRows } from '../helpers/replicaRows';
import { guardPage } from '../helpers/pageGuard';

const built = fs.existsSync(path.join(ROOT, 'dist/renderer/hall.html'));
const run = chromiumAvailable() && built ? describe : describe.skip;
if (!chromiumAvailable()) console.log('e2e hall page skipped: /usr/bin/chromium is missing (apt-get install chromium)');
else if (!built) console.log('e2e hall page skipped: dist/renderer/hall.html is missing (npm run build:renderer; npm test does it)');

/** Every screenshot goes here to be looked at; UPDATE_SCREENSHOTS=1 also refreshes the README's. */
const SHOTS = path.join(os.tmpdir(), 'counterdesk-hall-shots');
const DOCUMENTED = new Set(['1-board', '3-register', '4-staff', '5-catalog-invalid']);
const ADMIN = { staffNo: '9001', name: '赵管理', password: 'hall-admin-pass-1' };

/** The base64 sha256 of the certificate's public key: what Chromium's SPKI pin list takes. */
function spkiPin(certPem: string): string {
  const der = new X509Certificate(certPem).publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('base64');
}

run('the hall page in Chromium', () => {
  let hall: HallProcess;
  let dataDir: string;
  let browser: Browser;
  let page: Page;
  let guard: { problems: string[] };
  let counter: CounterDb;
  let link: HallLink;
  let heartbeatSeq = 0;

  const shot = async (name: string) => {
    fs.mkdirSync(SHOTS, { recursive: true });
    // Let dialogs and tabs finish their animations (screenshots only, never asserted).
    await page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished.catch(() => undefined))));
    await page.screenshot({ path: path.join(SHOTS, `hall-${name}.png`) });
    if (process.env.UPDATE_SCREENSHOTS === '1' && DOCUMENTED.has(name)) fs.copyFileSync(path.join(SHOTS, `hall-${name}.png`), path.join(ROOT, 'resources/docs', `hall-${name}.png`));
  };
  const heartbeat = async (state: Partial<CounterState>) => {
    const full: CounterState = {
      signedIn: null, till: { status: 'none', sessionId: null, clerk: null, businessDay: null }, devices: {}, unsent: {}, oldestUnsentAt: null, appVersion: '0.1.0',
      ...state,
    };
    await link.post('/v1/heartbeat', { protocol: PROTOCOL_VERSION, counter: 3, seq: ++heartbeatSeq, counterTime: Date.now(), state: full });
  };
  const openAdmin = async (tab: string) => {
    await page.getByRole('tab', { name: '管理' }).click();
    await page.getByRole('tab', { name: tab }).click();
  };

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cd-hall-e2e-'));
    hall = await startHallProcess({ dataDir });
    let der: Buffer | null = null;
    await requestJson(hall.url, 'GET', '/v1/hello', null, { rejectUnauthorized: false }, {}, (c) => (der = c));
    const certPem = new X509Certificate(der!).toString();
    browser = await launchChromium([`--ignore-certificate-errors-spki-list=${spkiPin(certPem)}`]);
    page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    // A step that cannot happen fails with its locator in the message, before the test's own timeout.
    page.setDefaultTimeout(10_000);
    guard = guardPage(page);
    counter = openCounterDb();
  }, 120_000);

  afterAll(async () => {
    link?.close();
    counter?.close();
    await browser?.close();
    await hall?.stop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('first start: the admin token printed at start creates the administrator, who lands on the board', async () => {
    await page.goto(`${hall.url}/`);
    await page.getByTestId('hall-setup').waitFor();
    expect(await page.title()).toContain('营业厅');
    await shot('0-setup');
    await page.getByTestId('hall-setup-token').fill('not-the-token');
    await page.getByTestId('hall-setup-staffno').fill(ADMIN.staffNo);
    await page.getByTestId('hall-setup-name').fill(ADMIN.name);
    await page.getByTestId('hall-setup-password').fill(ADMIN.password);
    await page.getByTestId('hall-setup-confirm').fill(ADMIN.password);
    await page.keyboard.press('Enter');
    expect(await page.getByTestId('hall-setup-error').textContent()).toContain('管理员令牌不正确');
    await page.getByTestId('hall-setup-token').fill(hall.adminToken);
    await page.keyboard.press('Enter');
    await page.getByTestId('hall-board').waitFor();
    expect(await page.getByTestId('hall-user').textContent()).toContain(`${ADMIN.staffNo} ${ADMIN.name}`);
    await page.getByTestId('hall-live').getByText('实时').waitFor();
  });

  it('registers a counter: the one-time code and the fingerprint; the counter enrols with them and shows up live', async () => {
    await openAdmin('台席登记');
    await page.getByTestId('hall-register-number').fill('3');
    await page.getByTestId('hall-register-label').fill('3号台席');
    await page.getByTestId('hall-register-submit').click();
    await page.getByTestId('hall-register-result').waitFor();
    const code = (await page.getByTestId('hall-register-code').textContent())!.trim();
    expect(code).toMatch(/^[A-Z2-9]{4}(-[A-Z2-9]{4}){3}$/);
    expect((await page.getByTestId('hall-register-fingerprint').textContent())!.replace(/\s/g, '')).toBe(hall.fingerprint);
    await shot('3-register');
    await page.keyboard.press('Escape');

    await enrolWithHall(counter.db, { hallUrl: hall.url, counter: 3, code, expectFingerprint: hall.fingerprint }, () => Date.now());
    const row = readHallLink(counter.db)!;
    link = new HallLink({ url: row.hall_url, certPem: row.cert_pem, fingerprint: row.fingerprint }, 3, row.private_key_pem, () => Date.now());
    // Back on the board, no reload: the enrolment arrived by itself.
    await page.keyboard.press('Alt+1');
    await page.getByTestId('counter-3-status').getByText('已登记').waitFor();
  });

  it('shows a counter’s heartbeat live: who, the till, unsent rows, clock skew, devices', async () => {
    const token = await page.evaluate(() => document.cookie);
    expect(token).not.toContain('cd_hall_session'); // HttpOnly: the page's own scripts cannot read it
    await heartbeat({
      signedIn: { staffNo: '1024', role: 'clerk' },
      till: { status: 'open', sessionId: 7, clerk: '1024', businessDay: '2026-11-26' },
      devices: { idcard: { state: 'ready', detail: null }, printer: { state: 'warning', detail: '纸将尽' }, drawer: { state: 'ready', detail: null } },
      unsent: { journey: 3, step: 27, ledger: 2 },
      oldestUnsentAt: Date.now() - 95_000,
    });
    await page.getByTestId('counter-3-unsent').getByText('32', { exact: true }).waitFor();
    expect(await page.getByTestId('counter-3-till').textContent()).toContain('已开');
    expect(await page.getByTestId('counter-row-3').textContent()).toContain('打印机 注意');
    expect(await page.getByTestId('counter-3-sync').textContent()).toMatch(/刚刚|秒前/);
    // The next heartbeat replaces it, live.
    await heartbeat({
      signedIn: { staffNo: '1024', role: 'clerk' }, till: { status: 'counting', sessionId: 7, clerk: '1024', businessDay: '2026-11-26' },
      devices: { idcard: { state: 'ready', detail: null }, printer: { state: 'ready', detail: null }, drawer: { state: 'ready', detail: null } },
      unsent: { ledger: 1 }, oldestUnsentAt: Date.now() - 2_000,
    });
    await page.getByTestId('counter-3-till').getByText('点钞中').waitFor();
    expect(await page.getByTestId('counter-3-unsent').textContent()).toBe('1');
    // Two more counters, registered from the command line's admin API: one with a wrong clock
    // and a printer out of paper, one not enrolled yet.
    const admin = await adminAccess(hall);
    const { code } = await adminRequest<{ code: string }>(admin, 'POST', '/v1/admin/counters', { number: 5, label: '5号台席（爱心）' });
    await adminRequest(admin, 'POST', '/v1/admin/counters', { number: 8 });
    const other = openCounterDb();
    try {
      await enrolWithHall(other.db, { hallUrl: hall.url, counter: 5, code }, () => Date.now());
      const r5 = readHallLink(other.db)!;
      const link5 = new HallLink({ url: r5.hall_url, certPem: r5.cert_pem, fingerprint: r5.fingerprint }, 5, r5.private_key_pem, () => Date.now());
      await link5.post('/v1/heartbeat', {
        protocol: PROTOCOL_VERSION, counter: 5, seq: 1, counterTime: Date.now() + 185_000,
        state: {
          signedIn: { staffNo: '1031', role: 'clerk' }, till: { status: 'open', sessionId: 3, clerk: '1031', businessDay: '2026-11-26' },
          devices: { idcard: { state: 'ready', detail: null }, printer: { state: 'error', detail: '缺纸' }, drawer: { state: 'ready', detail: null } },
          unsent: { journey: 4, step: 36, print_outcome: 4 }, oldestUnsentAt: Date.now() - 260_000, appVersion: '0.1.0',
        },
      });
      link5.close();
    } finally {
      other.close();
    }
    await page.getByTestId('counter-5-skew').getByText('偏差过大').waitFor();
    await page.getByTestId('counter-8-status').getByText('待登记').waitFor();
    await shot('1-board');
    await page.keyboard.press('Alt+2');
    await page.getByTestId('backlog-row-3').waitFor();
    await shot('2-backlog');
  });

  it('shows a broken chain on the board at once, and the finding with the hall’s copy of the row', async () => {
    const rows = ledgerRows(6);
    await link.post('/v1/batch', ledgerBatch(3, rows.slice(0, 4)));
    // Row 5 claims another predecessor than the row 4 the hall holds: a link break.
    const forged = { ...rows[4]!, prev_hash: 'f'.repeat(64) };
    await link.post('/v1/batch', ledgerBatch(3, [forged]));
    await page.keyboard.press('Alt+1');
    const findings = page.getByTestId('counter-3-findings');
    await findings.getByText('1', { exact: true }).waitFor();
    await findings.click();
    const witness = page.getByTestId('hall-witness');
    await witness.locator('.ant-tag', { hasText: '链断开' }).waitFor();
    await witness.locator('.ant-table-row-expand-icon').first().click();
    const json = await witness.locator('pre.hall-json').textContent();
    expect(json).toContain('"seq": 5');
    expect(json).toContain('"amount_fen": 5800');
    await shot('8-witness');
  });

  it('edits staff accounts on the page, and the change reaches a counter’s configuration', async () => {
    await openAdmin('员工账号');
    await page.getByTestId('hall-staff-new-no').fill('1024');
    await page.getByTestId('hall-staff-new-name').fill('王丽');
    await page.getByTestId('hall-staff-new-secret').fill('1234');
    await page.getByTestId('hall-staff-add').click();
    // The counter's own PIN rule, said in Chinese.
    expect(await page.getByTestId('hall-staff-error').textContent()).toContain('PIN 过于简单');
    await page.getByTestId('hall-staff-new-secret').fill('2580');
    await page.getByTestId('hall-staff-add').click();
    await page.getByTestId('hall-staff-row-1024').waitFor();

    await page.getByTestId('hall-staff-reset-1024').click();
    await page.getByTestId('hall-staff-reset-secret').fill('7410');
    await page.keyboard.press('Enter');
    await page.getByTestId('hall-staff-reset-secret').waitFor({ state: 'detached' });
    await page.getByTestId('hall-staff-lock-1024').click();
    await page.getByTestId('hall-staff-row-1024').getByText('已锁定').waitFor();
    await shot('4-staff');

    const config = await fetchConfig(link, NO_CONFIG);
    const clerk = config.staff!.accounts.find((a) => a.staffNo === '1024')!;
    expect(clerk).toMatchObject({ name: '王丽', role: 'clerk', locked: true, active: true, version: 4 });
    expect(verifySecret('7410', clerk.secretHash)).toBe(true);
    expect(verifySecret('2580', clerk.secretHash)).toBe(false);
    // Which versions the counter took shows on the board once it reports them.
    await heartbeat({ config: config.versions });
    await page.keyboard.press('Alt+1');
    await page.getByTestId('counter-row-3').getByText('正常').first().waitFor();
  });

  it('the catalog editor refuses a broken catalog with its line numbers and saves a good one as the next version', async () => {
    await openAdmin('业务目录');
    const area = page.getByTestId('hall-catalog-text');
    await page.waitForFunction(() => ((document.querySelector('[data-testid=hall-catalog-text]') as HTMLTextAreaElement | null)?.value.length ?? 0) > 0);
    const good = await area.inputValue();
    expect(good).toContain('businesses:');
    const broken = good.replace('takes_payment: true', 'takes_payment: maybe');
    await area.fill(broken);
    await page.getByTestId('hall-catalog-check').click();
    const problems = page.getByTestId('hall-catalog-problems');
    await problems.waitFor();
    const line = broken.split('\n').findIndex((l) => l.includes('takes_payment: maybe')) + 1;
    expect(await problems.textContent()).toContain(`第 ${line} 行`);
    await problems.getByRole('button', { name: new RegExp(`第 ${line} 行`) }).click();
    expect(await area.evaluate((el: HTMLTextAreaElement) => el.value.slice(0, el.selectionStart).split('\n').length)).toBe(line);
    await shot('5-catalog-invalid');
    await area.fill(good);
    await page.getByTestId('hall-catalog-save').click();
    await page.getByTestId('hall-catalog-message').getByText('已保存第 1 版').waitFor();
    const update = await fetchConfig(link, { ...NO_CONFIG, staff: 99 });
    expect(update.catalog!.yaml).toBe(good);
  });

  it('sets the calendar and the till settings, each a version a counter fetches', async () => {
    await openAdmin('营业日历');
    await page.getByTestId('hall-calendar-sat-from').waitFor();
    await page.getByTestId('hall-calendar-sun-open').click();
    await page.getByTestId('hall-calendar-add').click();
    await page.getByTestId('hall-calendar-ex-0-date').fill('2026-10-01');
    await page.getByTestId('hall-calendar-save').click();
    await page.getByTestId('hall-calendar-message').getByText('已保存第 1 版').waitFor();
    await shot('9-calendar');
    await openAdmin('钱箱设置');
    // The form fills itself once the hall answers: typing before that would be overwritten.
    await expect.poll(() => page.getByTestId('hall-till-tolerance').inputValue()).toBe('5.00');
    await page.getByTestId('hall-till-tolerance').fill('10.50');
    await page.getByTestId('hall-till-jump').fill('30');
    await page.getByTestId('hall-till-save').click();
    await page.getByTestId('hall-till-message').getByText('已保存第 1 版').waitFor();
    const update = await fetchConfig(link, { ...NO_CONFIG, staff: 99, catalog: 1 });
    expect(update.calendar!.calendar.weekly.sun).toBeNull();
    expect(update.calendar!.calendar.exceptions).toEqual([{ date: '2026-10-01', hours: null }]);
    expect(update.till!.settings).toEqual({ toleranceFen: 1050, maxClockJumpMinutes: 30 });
    await openAdmin('审计记录');
    await page.getByTestId('hall-admin-audit').getByText('保存钱箱设置').waitFor();
    await shot('10-audit');
  });

  it('a duty manager sees the hall but not its administration', async () => {
    await openAdmin('员工账号');
    await page.getByTestId('hall-staff-new-no').fill('8001');
    await page.getByTestId('hall-staff-new-name').fill('李经理');
    await page.getByTestId('hall-staff-new-role').click();
    await page.locator('.ant-select-item-option', { hasText: '值班经理' }).click();
    await page.getByTestId('hall-staff-new-secret').fill('manager-pass-1');
    await page.getByTestId('hall-staff-add').click();
    await page.getByTestId('hall-staff-row-8001').waitFor();
    await page.getByTestId('hall-signout').click();
    await page.getByTestId('hall-signin-staffno').fill('8001');
    await page.getByTestId('hall-signin-secret').fill('manager-pass-1');
    await page.keyboard.press('Enter');
    await page.getByTestId('hall-board').waitFor();
    expect(await page.getByRole('tab', { name: '管理' }).count()).toBe(0);
    await page.keyboard.press('Alt+4');
    expect(await page.getByTestId('hall-board').isVisible()).toBe(true);
    await page.getByTestId('hall-signout').click();
    await page.getByTestId('hall-signin-staffno').fill(ADMIN.staffNo);
    await page.getByTestId('hall-signin-secret').fill(ADMIN.password);
    await page.keyboard.press('Enter');
    await page.getByTestId('hall-board').waitFor();
  });

  it('locks by key and unlocks with the password, by keyboard alone', async () => {
    await openAdmin('业务目录');
    await page.getByTestId('hall-admin-catalog').waitFor();
    await page.keyboard.press('F12');
    await page.getByTestId('hall-locked').waitFor();
    expect(await page.getByTestId('hall-admin-catalog').isVisible()).toBe(false);
    await shot('6-locked');
    await page.keyboard.type('wrong-password');
    await page.keyboard.press('Enter');
    await page.getByTestId('hall-unlock-error').waitFor({ timeout: 5000 });
    await page.getByTestId('hall-unlock-secret').fill(ADMIN.password);
    await page.keyboard.press('Enter');
    // Back where it was locked: the desk stayed mounted behind the lock screen, never shown.
    await page.getByTestId('hall-admin-catalog').waitFor({ timeout: 5000 });
    await page.keyboard.press('Alt+3');
    await page.getByTestId('hall-witness').waitFor({ timeout: 5000 });
    await page.getByTestId('hall-lang').click();
    await page.getByRole('tab', { name: 'Chain witness' }).waitFor({ timeout: 5000 });
    await shot('7-witness-en');
    await page.getByTestId('hall-lang').click();
  });

  it('had no console error, CSP violation or failed request on the way', () => {
    // Closing the event stream on lock and sign-out is not a failure.
    expect(guard.problems.filter((p) => !/v1\/page\/events .*ERR_ABORTED/.test(p))).toEqual([]);
  });
});
