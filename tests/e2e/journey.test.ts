// The clerk's day at the counter in real Chromium through browser mode, with the reader and
// printer simulators on pseudo-terminals driven through the real serialport binding.
// A customer with a resident card opens a new line for 58.00 paying 100.00 cash, consents to
// the copy and declines one recommendation; a second customer (a foreign card with a long name)
// refuses the copy; the printer runs out of paper in the middle of two more journeys — the
// receipt goes into the folder only once it printed, or the clerk records that it prints later.
// Every step, the till forms and the dialogs are checked to fit 1366×768 and 1280×720 without
// scrolling, the primary action in view; UPDATE_SCREENSHOTS=1 writes resources/docs/*.png at both.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { chromiumAvailable, launchChromium } from '../helpers/chromium';
import { ROOT, startBrowserMode, type BrowserModeApp } from '../helpers/browserMode';
import { guardPage } from '../helpers/pageGuard';
import { expectFits, misfits, shotsDir } from '../helpers/fit';
import { createPtyPair, type PtyPair } from '../helpers/pty';
import { startSim, type SimProcess } from '../helpers/simProcess';
import { tempDir } from '../helpers/tempDir';
import { confSettingsPort } from '../../electron/core/settings/confPort';
import { SettingsService } from '../../electron/core/settings/service';
import { openDatabase } from '../../electron/core/storage/db';
import { testKeys } from '../helpers/keys';
import { Till } from '../../electron/core/till';

const run = chromiumAvailable() && fs.existsSync('/usr/bin/socat') ? describe : describe.skip;
const SHOTS = shotsDir(ROOT);

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
  /** The screen fits both counter monitors (see tests/helpers/fit.ts); with screenshots on, a picture at each. */
  const fits = async (name: string, primary?: string) => {
    expect(await expectFits(page, `journey-${name}`, { ...(primary ? { primary } : {}), shotsDir: SHOTS }), name).toEqual([]);
  };
  /** A call with the page's own session (what a script on the page could send). */
  const rpcAs = (method: string, input: unknown) =>
    page.evaluate(
      async ({ m, i }) => {
        const r = await fetch('/rpc', {
          method: 'POST',
          headers: { 'X-CounterDesk-Token': sessionStorage.getItem('counterdesk.token') ?? '' },
          body: JSON.stringify({ method: m, input: i, session: sessionStorage.getItem('counterdesk.session') }),
        });
        return (await r.json()) as { ok: boolean; result: Record<string, unknown>; error?: { code: string } };
      },
      { m: method, i: input },
    );
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
    page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
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

  it('the clerk signs in, opens the till with the float and passes the shift-start check (F2), which shows each item', async () => {
    await fits('0-signin', '[data-testid="signin-submit"]');
    await page.getByTestId('signin-staffno').fill('1024');
    await page.getByTestId('signin-secret').fill('2580');
    await page.keyboard.press('Enter');
    await page.getByTestId('shift-check').waitFor();
    await page.keyboard.press('F5');
    await page.getByTestId('open-float').waitFor();
    await fits('0-till-float', '[data-testid="open-float-submit"]');
    await page.getByTestId('open-item-sim_card').fill('20');
    await page.getByTestId('open-item-value_card').fill('10');
    await page.getByTestId('open-item-invoice_paper').fill('50');
    await page.getByTestId('count-note_100').fill('2');
    await page.getByTestId('count-note_100').press('Enter');
    // Enter moved down a row: type the 50s straight away.
    await page.keyboard.type('4');
    await page.getByTestId('count-coin_1').fill('20');
    await page.getByTestId('open-float-submit').click();
    await page.getByTestId('till-start-count').waitFor();
    await fits('0-till-open', '[data-testid="till-start-count"]');
    await page.keyboard.press('F2');
    await page.getByTestId('shift-check').waitFor();
    await fits('0-shift-check', '[data-testid="shift-run"]');
    await page.keyboard.press('F2'); // F2 runs the check on this card
    await page.getByTestId('new-customer').waitFor();
    for (const item of ['reader', 'printer', 'counter_items']) expect(await page.getByTestId(`shift-${item}`).getAttribute('data-level')).toBe('ok');
    expect(await page.getByTestId('shift-counter_items').textContent()).toContain('SIM卡 20');
    await fits('0-ready', '[data-testid="new-customer"]');
  });

  it('serves a new line: card read, consent, 58.00 paid with 100.00, change 42.00, farewell 王女士 — every step fits', async () => {
    await page.keyboard.press('F2');
    await step('greet');
    expect(await page.getByTestId('status-keys').textContent()).toContain('Esc');
    await fits('1-greet');
    await page.getByTestId('greet-ticket').fill('A023');
    await page.keyboard.press('Enter');
    await step('need');
    // The rail numbers each step once: ② and its name, never "2 ②".
    expect((await page.getByTestId('rail-need').textContent())?.trim()).toBe('询问需要');
    const railTexts = await page.locator('.rail-item').evaluateAll((els) => els.map((e) => e.textContent ?? ''));
    expect(railTexts).toHaveLength(9);
    for (const text of railTexts) {
      expect(text.match(/[①-⑨]/g), text).toHaveLength(1);
      expect(text, text).toMatch(/^[①-⑨]/);
    }
    await fits('2-need');
    await page.keyboard.press('1');
    await page.keyboard.press('Enter');
    await step('verify');
    await page.getByTestId('verify-waiting').waitFor();
    reader.send('place resident');
    await page.getByTestId('verify-card').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('verify-name').textContent()).toBe('王秀英');
    // Plain words: compare the person with the card's photo — nothing about decoders.
    const photo = (await page.getByTestId('verify-photo').textContent()) ?? '';
    expect(photo).toContain('比对');
    expect(photo).not.toMatch(/解码|decoder/);
    await fits('3-verify');
    await page.keyboard.press('Enter');
    await step('consent');
    expect(await page.getByTestId('consent-purpose-new_line').textContent()).toContain('复印');
    await fits('4-consent');
    // Up to a 1920×1080 monitor the layout breathes and still fits.
    expect(await misfits(page, { sizes: [{ width: 1920, height: 1080 }, { width: 1600, height: 900 }] })).toEqual([]);
    await page.keyboard.press('y');
    await step('process');
    await page.getByTestId('field-phone_number').fill('13800138000');
    await page.getByTestId('field-plan').click();
    await page.getByText('畅享58元套餐').click();
    await page.getByTestId('field-sim_serial').fill('8986011234567890123');
    expect(await page.getByTestId('field-fee').inputValue()).toBe('58.00');
    await fits('5-process');
    await page.getByTestId('process-submit').click();
    await step('payment');
    await page.keyboard.press('1'); // cash
    await page.getByTestId('pay-tendered').fill('100');
    expect(await page.getByTestId('pay-change').textContent()).toContain('￥42.00');
    await fits('6-payment');
    await page.keyboard.press('Enter');
    await step('recommend');
    expect(await page.getByTestId('change-amount').textContent()).toBe('￥42.00');
    await page.keyboard.press('d'); // declines the first product offered
    await fits('7-recommend');
    await page.keyboard.press('Enter');
    await step('handover');
    await page.locator('[data-testid="receipt-status"][data-state="printed"]').waitFor({ timeout: 15_000 });
    await fits('8-handover');
    await page.keyboard.press('Enter'); // card, documents and receipt all handed back
    await step('farewell');
    expect(await page.getByTestId('farewell-say').textContent()).toBe('请慢走，王女士');
    expect(await page.getByTestId('customer-title').textContent()).toBe('王女士');
    await fits('9-farewell');
    await page.keyboard.press('Enter');
    await page.getByTestId('new-customer').waitFor();
    expect(await page.getByTestId('service-done').textContent()).toMatch(/^服务完成 · 用时 (\d+ 分 )?\d+ 秒 · 今日第 1 位$/);
    await fits('9-done', '[data-testid="new-customer"]');
  });

  it('the printer simulator holds the receipt: business, masked ID, amounts', async () => {
    const out = await printer.waitFor(/全切 full cut|半切 partial cut/);
    expect(out).toBeTruthy();
    const paper = printer.output();
    expect(paper).toContain('新装入网');
    // Names from the catalog, each entry labelled; the customer's ticket.
    expect(paper).toContain('套餐：畅享58元套餐');
    expect(paper).not.toContain('plan_58');
    expect(paper).toMatch(/号票\s+A023/);
    expect(paper).not.toContain('培训练习');
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

  it('a customer with a long foreign name who refuses the copy cannot complete the new line; Esc, a reason, Enter cancels', async () => {
    reader.send('remove');
    await page.keyboard.press('F2');
    await step('greet');
    await page.keyboard.press('Enter');
    await step('need');
    await page.keyboard.press('1');
    await page.keyboard.press('Enter');
    await step('verify');
    reader.send('place foreign-2023');
    await page.getByTestId('verify-card').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('verify-card').textContent()).toContain('SMITH-WORTHINGTON, JONATHAN ALEXANDER EDWARD');
    await fits('3-verify-foreign');
    await page.keyboard.press('Enter');
    await step('consent');
    await page.keyboard.press('n');
    await page.getByTestId('consent-blocked').waitFor();
    expect(await page.getByTestId('blocked-new_line').textContent()).toContain('无法办理');
    await fits('10-refused');
    // Still at consent: the new line cannot go on. Cancel with a reason — by keyboard.
    expect(await page.locator('[data-testid="journey"]').getAttribute('data-step')).toBe('consent');
    await page.keyboard.press('Escape');
    await page.getByTestId('cancel-reason').waitFor();
    await page.keyboard.press('Enter'); // no reason yet: a message, nothing cancelled
    expect(await page.getByTestId('cancel-problem').textContent()).toContain('取消原因');
    await page.keyboard.type('客户不同意复印证件');
    await fits('11-cancel-dialog', '[data-testid="cancel-confirm"]');
    await page.keyboard.press('Enter');
    await page.getByTestId('new-customer').waitFor();
  });

  /** A walk to ⑧ with a top-up paid by WeChat (no card), the printer out of paper since payment. */
  const toHandoverWithoutPaper = async (ticket: string) => {
    await page.keyboard.press('F2');
    await step('greet');
    await page.getByTestId('greet-ticket').fill(ticket);
    await page.keyboard.press('Enter');
    await step('need');
    await page.keyboard.press('4'); // 缴费充值
    await page.keyboard.press('Enter');
    await step('process');
    await page.keyboard.type('13900139000');
    await page.keyboard.press('Enter');
    await page.keyboard.type('50');
    await page.keyboard.press('Enter');
    await step('payment');
    printer.send('paper-out'); // the roll runs out while the customer pays
    await page.keyboard.press('2'); // WeChat
    await page.getByTestId('pay-reference').fill('WX4200001234');
    await page.keyboard.press('Enter');
    await step('recommend');
    await page.keyboard.press('a');
    await page.keyboard.press('Enter');
    await step('handover');
  };

  it('paper out mid-journey: ⑧ follows the job live, refuses the folder until it printed, then goes on', async () => {
    await toHandoverWithoutPaper('A024');
    // Waiting for paper: queued (nothing sent yet) or printing (held in the printer's buffer), with the reason.
    await page.getByTestId('receipt-reason').filter({ hasText: '缺纸' }).waitFor({ timeout: 15_000 });
    expect(['queued', 'printing']).toContain(await page.getByTestId('receipt-status').getAttribute('data-state'));
    expect(await page.getByTestId('receipt-status').textContent()).not.toMatch(/PRINTER_|PRINT_/);
    expect(await page.getByTestId('handover-receipt').isDisabled()).toBe(true);
    await fits('8-handover-paper-out');
    await page.keyboard.press('Enter');
    expect(await page.getByTestId('handover-problem').textContent()).toContain('回单还没打印出来');
    expect(await page.locator('[data-testid="journey"]').getAttribute('data-step')).toBe('handover');
    // The core refuses the tick too, whatever a screen sends.
    const j = (await rpcAs('journey.current', {})).result.journey as { journeyId: string };
    const refused = await rpcAs('journey.act', { journeyId: j.journeyId, command: { type: 'handOver', idCardReturned: false, documentsReturned: true, receiptInFolder: true } });
    expect(refused).toMatchObject({ ok: false, error: { code: 'JOURNEY_RECEIPT_NOT_PRINTED' } });
    // A new roll: the receipt prints and the screen follows without a key.
    printer.send('paper-in');
    await page.locator('[data-testid="receipt-status"][data-state="printed"]').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('handover-receipt').isChecked()).toBe(true);
    await page.keyboard.press('Enter');
    await step('farewell');
    await page.keyboard.press('Enter');
    await page.getByTestId('service-done').filter({ hasText: '今日第 2 位' }).waitFor();
  }, 60_000);

  it('paper out and the customer cannot wait: the clerk records "print later"; the job stays queued under the ticket', async () => {
    await toHandoverWithoutPaper('A025');
    await page.getByTestId('receipt-reason').filter({ hasText: '缺纸' }).waitFor({ timeout: 15_000 });
    await page.keyboard.press('1'); // 稍后补打
    expect(await page.getByTestId('say-print-later').textContent()).toContain('号票 A025');
    await fits('8-handover-print-later');
    await page.keyboard.press('Enter');
    await step('farewell');
    await page.keyboard.press('Enter');
    await page.getByTestId('new-customer').waitFor();
    await page.keyboard.press('F8');
    await page.getByTestId('print-queue').waitFor();
    const row = page.locator('tr').filter({ hasText: '号票 A025' });
    expect(await row.getByText(/排队中|打印中/).count()).toBe(1);
    printer.send('paper-in');
    await row.getByText('已打印').waitFor({ timeout: 15_000 });
    await page.keyboard.press('F2');
    await page.getByTestId('new-customer').waitFor();
  }, 60_000);

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
