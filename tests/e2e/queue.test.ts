// The queue end to end in real Chromium, three pages open: the floating guide's tablet (1024×768)
// issues a ticket on the hall page, printed by the hall server process on its ticket printer (the
// printer simulator on a pty); the counter (browser mode, 1366×768, enrolled with the hall) calls
// it at the greet step and runs the journey from the ticket's business; the hall display
// (1920×1080) shows the call and its announcement. Screenshots of each for the docs.
import { createHash, X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestJson } from '../../electron/core/sync/hallLink';
import { adminRequest } from '../../hall/admin/client';
import { ROOT, startBrowserMode, type BrowserModeApp } from '../helpers/browserMode';
import { chromiumAvailable, launchChromium } from '../helpers/chromium';
import { adminAccess, startHallProcess, type HallProcess } from '../helpers/hallProcess';
import { guardPage } from '../helpers/pageGuard';
import { createPtyPair, type PtyPair } from '../helpers/pty';
import { startSim, type SimProcess } from '../helpers/simProcess';

const built = fs.existsSync(path.join(ROOT, 'dist/renderer/hall.html'));
const run = chromiumAvailable() && built && fs.existsSync('/usr/bin/socat') ? describe : describe.skip;

const SHOTS = path.join(os.tmpdir(), 'counterdesk-queue-shots');
const DOCUMENTED = new Set(['guide-1-pick', 'guide-3-issued', 'counter-1-called', 'display-1-call', 'manager-1-queue']);

function spkiPin(certPem: string): string {
  const der = new X509Certificate(certPem).publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('base64');
}

run('the queue in Chromium: guide, counter and display', () => {
  let hall: HallProcess;
  let dataDir: string;
  let ticketPty: PtyPair;
  let ticketPrinter: SimProcess;
  let app: BrowserModeApp;
  let browser: Browser;
  let guidePage: Page;
  let counterPage: Page;
  let displayPage: Page;
  const guards: { problems: string[] }[] = [];

  const shot = async (page: Page, name: string) => {
    fs.mkdirSync(SHOTS, { recursive: true });
    // Let finite animations end (a spinner runs forever: never waited for). Screenshots only, never asserted.
    await page.evaluate(() => Promise.all(document.getAnimations().filter((a) => a.effect?.getTiming().iterations !== Infinity).map((a) => a.finished.catch(() => undefined))));
    await page.screenshot({ path: path.join(SHOTS, `queue-${name}.png`) });
    if (process.env.UPDATE_SCREENSHOTS === '1' && DOCUMENTED.has(name)) fs.copyFileSync(path.join(SHOTS, `queue-${name}.png`), path.join(ROOT, 'resources/docs', `queue-${name}.png`));
  };
  const rpc = async (method: string, input: unknown, session?: string) => {
    const r = await fetch(`${app.origin}/rpc`, { method: 'POST', headers: { 'X-CounterDesk-Token': app.token }, body: JSON.stringify({ method, input, session }) });
    return (await r.json()) as { ok: boolean; result: Record<string, unknown>; error?: { code: string; message_en: string } };
  };
  const step = (name: string) => counterPage.locator(`[data-testid="journey"][data-step="${name}"]`).waitFor({ timeout: 15_000 });

  beforeAll(async () => {
    ticketPty = await createPtyPair();
    ticketPrinter = await startSim('printer', ticketPty.a);
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cd-queue-e2e-'));
    hall = await startHallProcess({ dataDir }, { extra: ['--ticket-printer', ticketPty.b, '--hall-name', '人民路营业厅'] });
    const access = await adminAccess(hall);
    // The hall's accounts: the administrator (first start, tested in hall-page.test.ts), the guide, the duty manager.
    let der: Buffer | null = null;
    await requestJson(hall.url, 'GET', '/v1/hello', null, { rejectUnauthorized: false }, {}, (c) => (der = c));
    const certPem = new X509Certificate(der!).toString();
    browser = await launchChromium([`--ignore-certificate-errors-spki-list=${spkiPin(certPem)}`, '--autoplay-policy=no-user-gesture-required']);

    // The counter: browser mode, enrolled with the hall by its administrator.
    app = await startBrowserMode();
    expect((await rpc('staff.createFirstAdmin', { staffNo: '9001', name: '赵管理', password: 'admin-pass-1' })).ok).toBe(true);
    const admin = (await rpc('staff.signIn', { staffNo: '9001', secret: 'admin-pass-1' })).result.session as string;
    expect((await rpc('staff.create', { staffNo: '1024', name: '王丽', role: 'clerk', secret: '2580' }, admin)).ok).toBe(true);
    const reg = (await adminRequest(access, 'POST', '/v1/admin/counters', { number: 3 })) as { code: string };
    const enrolled = await rpc('hall.enrol', { hallUrl: hall.url, counter: 3, code: reg.code, expectFingerprint: hall.fingerprint }, admin);
    expect(enrolled.ok, enrolled.error?.message_en).toBe(true);
    expect((await rpc('staff.signOut', {}, admin)).ok).toBe(true);

    guidePage = await browser.newPage({ viewport: { width: 1024, height: 768 }, hasTouch: true });
    counterPage = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    displayPage = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    for (const p of [guidePage, counterPage, displayPage]) {
      p.setDefaultTimeout(15_000);
      guards.push(guardPage(p));
    }
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await hall?.stop();
    await ticketPrinter?.stop();
    await ticketPty?.close();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('the administrator makes the guide’s account on the hall page; the display waits for calls', { timeout: 60_000 }, async () => {
    await guidePage.goto(`${hall.url}/`);
    await guidePage.getByTestId('hall-setup').waitFor();
    await guidePage.getByTestId('hall-setup-token').fill(hall.adminToken);
    await guidePage.getByTestId('hall-setup-staffno').fill('9001');
    await guidePage.getByTestId('hall-setup-name').fill('赵管理');
    await guidePage.getByTestId('hall-setup-password').fill('hall-admin-pass-1');
    await guidePage.getByTestId('hall-setup-confirm').fill('hall-admin-pass-1');
    await guidePage.getByTestId('hall-setup-password').press('Enter');
    await guidePage.getByTestId('hall-board').waitFor();
    const made = await guidePage.evaluate(async () => {
      const create = async (input: Record<string, string>) => {
        const r = await fetch('/v1/page/rpc', { method: 'POST', headers: { 'content-type': 'application/json', 'x-counterdesk-hall': '1' }, body: JSON.stringify({ method: 'staff.create', input }) });
        return ((await r.json()) as { ok: boolean }).ok;
      };
      // The guide, and the counter's clerk: the hall's accounts are the counters' accounts.
      return (await create({ staffNo: 'G001', name: '周导办', role: 'guide', secret: 'guide-pass-1' })) && (await create({ staffNo: '1024', name: '王丽', role: 'clerk', secret: '2580' }));
    });
    expect(made).toBe(true);
    await guidePage.getByTestId('hall-signout').click();

    await displayPage.goto(`${hall.url}/display`);
    await displayPage.getByTestId('display').waitFor();
    await displayPage.getByTestId('display-waiting-payment').waitFor();
    await displayPage.getByTestId('display').click(); // sound on (browsers need one click)
  });

  it('the guide issues a ticket at the tablet: self-service offered first, documents asked, printed', { timeout: 60_000 }, async () => {
    await guidePage.getByTestId('hall-signin-staffno').fill('G001');
    await guidePage.getByTestId('hall-signin-secret').fill('guide-pass-1');
    await guidePage.getByTestId('hall-signin-submit').click();
    await guidePage.getByTestId('guide').waitFor();
    await guidePage.getByTestId('guide-business-top_up').waitFor();
    await shot(guidePage, 'guide-1-pick');
    await guidePage.getByTestId('guide-business-top_up').tap();
    await guidePage.getByTestId('guide-self-service').waitFor();
    await shot(guidePage, 'guide-2-self-service');
    await guidePage.getByTestId('guide-still-ticket').tap();
    expect(await guidePage.getByTestId('guide-documents').textContent()).toContain('缴费号码');
    await guidePage.getByTestId('guide-issue').tap();
    await guidePage.getByTestId('guide-issued').waitFor();
    expect(await guidePage.getByTestId('guide-ticket').textContent()).toBe('B001');
    await guidePage.getByTestId('guide-printed').waitFor();
    await shot(guidePage, 'guide-3-issued');
    const paper = await ticketPrinter.waitFor(/半切 partial cut/);
    expect(paper).toBeTruthy();
    expect(ticketPrinter.output()).toContain('B001');
    expect(ticketPrinter.output()).toContain('人民路营业厅');
    // The display counts the waiting customer.
    await displayPage.getByTestId('display-waiting-payment').getByText('1 人').waitFor();

    // A customer without documents is turned away with what to tell them.
    await guidePage.getByTestId('guide-next').tap();
    await guidePage.getByTestId('guide-business-sim_replacement').tap();
    await guidePage.getByTestId('guide-missing').tap();
    await guidePage.getByTestId('guide-reason-no_id').tap();
    expect(await guidePage.getByTestId('guide-tell').textContent()).toContain('没有有效证件无法办理');
    await shot(guidePage, 'guide-4-turned-away');
  });

  it('the counter calls the ticket at the greet step and runs the journey from its business; the display shows the call', { timeout: 180_000 }, async () => {
    // The hall's staff reach the counter at its next sync round (setup, the guide, the clerk: version 3).
    const staffVersion = async () => ((await rpc('hall.status', {})).result as { config: { versions: { staff: number } } }).config.versions.staff;
    await expect.poll(staffVersion, { timeout: 30_000 }).toBeGreaterThanOrEqual(3);
    await counterPage.goto(app.url);
    await counterPage.getByTestId('signin-staffno').fill('1024');
    await counterPage.getByTestId('signin-secret').fill('2580');
    await counterPage.keyboard.press('Enter');
    await counterPage.getByTestId('shift-check').waitFor();
    await counterPage.keyboard.press('F5');
    await counterPage.getByTestId('open-float').waitFor();
    await counterPage.getByTestId('count-note_100').fill('2');
    await counterPage.getByTestId('open-float-submit').click();
    await counterPage.getByTestId('till-start-count').waitFor();
    await counterPage.keyboard.press('F2');
    await counterPage.getByTestId('shift-run').click();
    await counterPage.getByTestId('new-customer').waitFor();
    await counterPage.keyboard.press('F2');
    await step('greet');
    await counterPage.getByTestId('queue-panel').waitFor();
    // The call key takes the focus from the typed field once the hall's queue answered.
    await expect.poll(() => counterPage.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('queue-next');
    await counterPage.keyboard.press('n');
    await counterPage.getByTestId('queue-ticket').getByText('B001').waitFor();
    await shot(counterPage, 'counter-1-called');

    // On the display: the call, its announcement text, the counter.
    await displayPage.getByTestId('display-current-3').getByText('B001').waitFor();
    expect(await displayPage.getByTestId('display-flash').textContent()).toBe('请 B001 号到 3 号台席');
    await shot(displayPage, 'display-1-call');

    await counterPage.keyboard.press('Enter');
    await step('need');
    // The ticket's business is chosen already.
    expect(await counterPage.getByTestId('need-top_up').isChecked()).toBe(true);
    await shot(counterPage, 'counter-2-need');
    await counterPage.getByTestId('need-submit').click();
    await step('process');
    await counterPage.getByTestId('field-phone_number').fill('13800138000');
    await counterPage.getByTestId('field-fee').fill('50');
    await counterPage.getByTestId('process-submit').click();
    await step('payment');
    await counterPage.keyboard.press('1'); // cash
    await counterPage.getByTestId('pay-tendered').fill('50');
    await counterPage.keyboard.press('Enter');
    await step('recommend');
    await counterPage.keyboard.press('d');
    await counterPage.keyboard.press('Enter');
    await step('handover');
    // The receipt goes into the folder once the printer confirmed it.
    await counterPage.locator('[data-testid="receipt-status"][data-state="printed"]').waitFor();
    await counterPage.keyboard.press('Enter');
    await step('farewell');
    await counterPage.getByTestId('farewell-submit').click();
    await counterPage.getByTestId('new-customer').waitFor();
  });

  it('the journey took the ticket’s times; the hall shows it done and the manager’s figures count it', { timeout: 60_000 }, async () => {
    // The hall heard the serve and the finish.
    await guidePage.getByTestId('hall-signout').click();
    await guidePage.getByTestId('hall-signin-staffno').fill('9001');
    await guidePage.getByTestId('hall-signin-secret').fill('hall-admin-pass-1');
    await guidePage.getByTestId('hall-signin-submit').click();
    await guidePage.getByRole('tab', { name: '排队叫号' }).click();
    await guidePage.getByTestId('queue-board').waitFor();
    await guidePage.setViewportSize({ width: 1366, height: 768 });
    const figures = guidePage.getByTestId('queue-figures');
    await figures.waitFor();
    await expect.poll(async () => (await figures.locator('tbody tr').first().textContent()) ?? '', { timeout: 15_000 }).toMatch(/^合计1100/);
    await shot(guidePage, 'manager-1-queue');
    // An event stream the page itself closed (signing out ends the session's streams) is no fault.
    for (const g of guards) expect(g.problems.filter((p) => !/\/events net::ERR_ABORTED$/.test(p))).toEqual([]);
  });
});
