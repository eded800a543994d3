// The clerk's day at the counter in real Chromium through browser mode, with the reader and
// printer simulators on pseudo-terminals driven through the real serialport binding.
// A customer with a resident card opens a new line for 58.00 paying 100.00 cash, consents to
// the copy and declines one recommendation; a second customer refuses the copy.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { chromiumAvailable, launchChromium } from '../helpers/chromium';
import { ROOT, startBrowserMode, type BrowserModeApp } from '../helpers/browserMode';
import { guardPage } from '../helpers/pageGuard';
import { createPtyPair, type PtyPair } from '../helpers/pty';
import { startSim, type SimProcess } from '../helpers/simProcess';
import { tempDir } from '../helpers/tempDir';
import { confSettingsPort } from '../../electron/core/settings/confPort';
import { SettingsService } from '../../electron/core/settings/service';
import { openDatabase } from '../../electron/core/storage/db';
import { testKeys } from '../helpers/keys';
import { Till } from '../../electron/core/till';

const run = chromiumAvailable() && fs.existsSync('/usr/bin/socat') ? describe : describe.skip;
const SHOTS = process.env.COUNTERDESK_SCREENSHOTS ?? path.join(ROOT, 'resources/docs');
const shoot = process.env.COUNTERDESK_SCREENSHOTS !== undefined || process.env.UPDATE_SCREENSHOTS === '1';

run('the service journey in Chromium, devices on ptys', () => {
  let readerPty: PtyPair;
  let printerPty: PtyPair;
  let reader: SimProcess;
  let printer: SimProcess;
  let app: BrowserModeApp;
  let browser: Browser;
  let page: Page;
  let guard: { problems: string[] };
  let dataDir: string;

  const rpc = async (method: string, input: unknown, session?: string) => {
    const r = await fetch(`${app.origin}/rpc`, { method: 'POST', headers: { 'X-CounterDesk-Token': app.token }, body: JSON.stringify({ method, input, session }) });
    return (await r.json()) as { ok: boolean; result: Record<string, unknown>; error?: { code: string } };
  };
  const shot = async (name: string) => {
    if (!shoot) return;
    // Let React paint the last key press before the picture (screenshots only, never asserted).
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    await page.screenshot({ path: path.join(SHOTS, `journey-${name}.png`) });
  };
  const step = (name: string) => page.locator(`[data-testid="journey"][data-step="${name}"]`).waitFor({ timeout: 15_000 });

  beforeAll(async () => {
    readerPty = await createPtyPair();
    printerPty = await createPtyPair();
    reader = await startSim('idcard', readerPty.a);
    printer = await startSim('printer', printerPty.a);
    dataDir = tempDir('cd-e2e-journey-');
    new SettingsService(confSettingsPort(dataDir)).update({
      hall: { hallName: '人民路营业厅', counterId: '03' },
      devices: { idcard: { mode: 'serial', port: readerPty.b }, printer: { mode: 'serial', port: printerPty.b } },
    });
    app = await startBrowserMode({ dataDir });
    // Staff come from the guided setup and the administrator's staff page (both tested elsewhere).
    expect((await rpc('staff.createFirstAdmin', { staffNo: '9001', name: '赵管理', password: 'admin-pass-1' })).ok).toBe(true);
    const admin = (await rpc('staff.signIn', { staffNo: '9001', secret: 'admin-pass-1' })).result.session as string;
    expect((await rpc('staff.create', { staffNo: '1024', name: '王丽', role: 'clerk', secret: '2580' }, admin)).ok).toBe(true);
    expect((await rpc('staff.signOut', {}, admin)).ok).toBe(true);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1366, height: 800 } });
    guard = guardPage(page);
    await page.goto(app.url);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await reader?.stop();
    await printer?.stop();
    await readerPty?.close();
    await printerPty?.close();
  });

  it('the devices on the ptys come up in the status bar, not simulated', async () => {
    await page.getByTestId('signin-page').waitFor();
    await page.waitForFunction(() => document.querySelector('[data-testid="device-idcard"]')?.getAttribute('data-state') === 'ready', null, { timeout: 20_000 });
    await page.waitForFunction(() => document.querySelector('[data-testid="device-printer"]')?.getAttribute('data-state') === 'ready', null, { timeout: 20_000 });
    expect(await page.getByTestId('training-banner').count()).toBe(0);
  });

  it('the clerk signs in, opens the till with the float and passes the shift-start check', async () => {
    await page.getByTestId('signin-staffno').fill('1024');
    await page.getByTestId('signin-secret').fill('2580');
    await page.keyboard.press('Enter');
    await page.getByTestId('shift-check').waitFor();
    await page.keyboard.press('F5');
    await page.getByTestId('open-float').waitFor();
    await page.getByTestId('open-item-sim_card').fill('20');
    await page.getByTestId('count-note_100').fill('2');
    await page.getByTestId('count-note_100').press('Enter');
    // Enter moved down a row: type the 50s straight away.
    await page.keyboard.type('4');
    await page.getByTestId('count-coin_1').fill('20');
    await page.getByTestId('open-float-submit').click();
    await page.getByTestId('till-start-count').waitFor();
    await shot('0-till-open');
    await page.keyboard.press('F2');
    await page.getByTestId('shift-run').click();
    await page.getByTestId('new-customer').waitFor();
  });

  it('serves a new line: card read, consent, 58.00 paid with 100.00, change 42.00, farewell 王女士', async () => {
    await page.keyboard.press('F2');
    await step('greet');
    await shot('1-greet');
    await page.getByTestId('greet-ticket').fill('A023');
    await page.keyboard.press('Enter');
    await step('need');
    await shot('2-need');
    await page.keyboard.press('1');
    await page.keyboard.press('Enter');
    await step('verify');
    await page.getByTestId('verify-waiting').waitFor();
    reader.send('place resident');
    await page.getByTestId('verify-card').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('verify-name').textContent()).toBe('王秀英');
    expect(await page.getByTestId('verify-photo').textContent()).toContain('比对');
    await shot('3-verify');
    await page.keyboard.press('Enter');
    await step('consent');
    expect(await page.getByTestId('consent-purpose-new_line').textContent()).toContain('复印');
    await shot('4-consent');
    await page.keyboard.press('y');
    await step('process');
    await page.getByTestId('field-phone_number').fill('13800138000');
    await page.getByTestId('field-plan').click();
    await page.getByText('畅享58元套餐').click();
    await page.getByTestId('field-sim_serial').fill('8986011234567890123');
    expect(await page.getByTestId('field-fee').inputValue()).toBe('58.00');
    await shot('5-process');
    await page.getByTestId('process-submit').click();
    await step('payment');
    await page.getByTestId('pay-tendered').fill('100');
    expect(await page.getByTestId('pay-change').textContent()).toContain('￥42.00');
    await shot('6-payment');
    await page.keyboard.press('Enter');
    await step('recommend');
    expect(await page.getByTestId('change-amount').textContent()).toBe('￥42.00');
    await page.keyboard.press('d'); // declines the first product offered
    await shot('7-recommend');
    await page.keyboard.press('Enter');
    await step('handover');
    await page.getByTestId('receipt-queued').waitFor();
    await shot('8-handover');
    await page.keyboard.press('Enter'); // card, documents and receipt all handed back
    await step('farewell');
    expect(await page.getByTestId('farewell-say').textContent()).toBe('请慢走，王女士');
    expect(await page.getByTestId('customer-title').textContent()).toBe('王女士');
    await shot('9-farewell');
    await page.getByTestId('farewell-submit').click();
    await page.getByTestId('new-customer').waitFor();
  });

  it('the printer simulator holds the receipt: business, masked ID, amounts', async () => {
    const out = await printer.waitFor(/全切 full cut|半切 partial cut/);
    expect(out).toBeTruthy();
    const paper = printer.output();
    expect(paper).toContain('新装入网');
    expect(paper).toMatch(/\*{14}[\dX]{4}/);
    expect(paper).toContain('58.00');
    expect(paper).toContain('100.00');
    expect(paper).toContain('42.00');
    expect(paper).toMatch(/钱箱 drawer\] 弹开 kick/);
    // The full ID number never reached the paper.
    expect(paper).not.toMatch(/(?<!\d)\d{17}[\dX](?!\d)/);
  });

  it("the till's expected cash rose by exactly 58.00", () => {
    const { db } = openDatabase({ dataDir });
    try {
      const till = new Till({ db, clock: { now: () => Date.now() }, chainKey: testKeys(dataDir).key('ledger-chain'), approver: { verify: () => { throw new Error('unused'); } }, openJourneys: () => 0 });
      const open = till.openSessionAt('03')!;
      const float = 2 * 10000 + 4 * 5000 + 20 * 100;
      expect(till.sessionTotals(open.id).expectedCashFen).toBe(float + 5800);
      // The declined recommendation and the consent are on record.
      const rec = db.prepare('SELECT product_code, outcome FROM journey_recommendations').all();
      expect(rec).toEqual([{ product_code: 'broadband_bundle', outcome: 'declined' }]);
    } finally {
      db.close();
    }
  });

  it('a customer who refuses the copy cannot complete the new line', async () => {
    reader.send('remove');
    await page.keyboard.press('F2');
    await step('greet');
    await page.keyboard.press('Enter');
    await step('need');
    await page.keyboard.press('1');
    await page.keyboard.press('Enter');
    await step('verify');
    reader.send('place resident');
    await page.getByTestId('verify-card').waitFor({ timeout: 15_000 });
    await page.keyboard.press('Enter');
    await step('consent');
    await page.keyboard.press('n');
    await page.getByTestId('consent-blocked').waitFor();
    expect(await page.getByTestId('blocked-new_line').textContent()).toContain('无法办理');
    await shot('10-refused');
    // Still at consent: the new line cannot go on. Cancel with a reason.
    expect(await page.locator('[data-testid="journey"]').getAttribute('data-step')).toBe('consent');
    await page.keyboard.press('Escape');
    await page.getByTestId('cancel-reason').fill('客户不同意复印证件');
    await page.getByTestId('cancel-confirm').click();
    await page.getByTestId('new-customer').waitFor();
  });

  it('raised no console error and no CSP violation', () => {
    expect(guard.problems).toEqual([]);
  });

  it('left no personal data in the app log, its output or the simulators', () => {
    const id18 = /(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/;
    const logFile = path.join(dataDir, 'logs', 'counterdesk.log');
    const texts = {
      log: fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : '',
      app: app.output(),
      reader: reader.output(),
    };
    for (const [where, text] of Object.entries(texts)) {
      for (const line of text.split('\n')) {
        expect(line, `${where}: ${line}`).not.toMatch(id18);
        expect(line, `${where}: ${line}`).not.toContain('王秀英');
      }
    }
  });
});
