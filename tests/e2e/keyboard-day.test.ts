// A whole counter day by keyboard alone, in real Chromium through browser mode (training mode,
// the app's clock at Thursday 2026-11-26 10:00 in Shanghai): sign-in, the till opened with the
// float and the counter items, the shift-start check (F2), a new line with an ID card paid in
// cash, a top-up paid by WeChat, a customer who leaves (Esc, a reason, Enter), help (F1), a
// reprint approved by the duty manager (F8), the lock (F12), then the blind count, the early-close
// approval, the settlement and the hand-over of the takings. Not one mouse event reaches the page;
// the only things that are not keys are the customer's card on the reader (the simulator) and the
// staff set up beforehand through the core.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { chromiumAvailable, launchChromium } from '../helpers/chromium';
import { startBrowserMode, type BrowserModeApp } from '../helpers/browserMode';
import { guardPage } from '../helpers/pageGuard';
import { STAFF } from '../helpers/counterDay';
import { misfits } from '../helpers/fit';

const run = chromiumAvailable() ? describe : describe.skip;

run('a counter day by keyboard only', () => {
  let app: BrowserModeApp;
  let browser: Browser;
  let page: Page;
  let guard: { problems: string[] };

  const rpc = async (method: string, input: unknown, session?: string) => {
    const r = await fetch(`${app.origin}/rpc`, { method: 'POST', headers: { 'X-CounterDesk-Token': app.token }, body: JSON.stringify({ method, input, session }) });
    return (await r.json()) as { ok: boolean; result: Record<string, unknown>; error?: { code: string } };
  };
  /** The customer's card on the simulated reader: hers to place, not a key of the clerk's. */
  const placeCard = () => page.evaluate(async () => {
    await fetch('/rpc', {
      method: 'POST',
      headers: { 'X-CounterDesk-Token': sessionStorage.getItem('counterdesk.token') ?? '' },
      body: JSON.stringify({ method: 'training.placeCard', input: { sample: 'resident' }, session: sessionStorage.getItem('counterdesk.session') }),
    });
  });
  const step = (name: string) => page.locator(`[data-testid="journey"][data-step="${name}"]`).waitFor({ timeout: 15_000 });
  const key = (k: string) => page.keyboard.press(k);
  const type = (text: string) => page.keyboard.type(text);
  const focused = () => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.id ?? document.activeElement?.tagName);
  /** Tab (or Shift+Tab) until the element with this test id has the focus, as a clerk would. */
  const tabTo = async (testId: string, back = false) => {
    for (let i = 0; i < 30; i++) {
      if ((await focused()) === testId) return;
      await key(back ? 'Shift+Tab' : 'Tab');
    }
    throw new Error(`Tab never reached ${testId}; the focus is on ${await focused()}`);
  };

  beforeAll(async () => {
    app = await startBrowserMode({ clockStart: '2026-11-26T10:00:00+08:00' });
    expect((await rpc('staff.createFirstAdmin', { staffNo: STAFF.admin.staffNo, name: STAFF.admin.name, password: STAFF.admin.secret })).ok).toBe(true);
    const admin = (await rpc('staff.signIn', { staffNo: STAFF.admin.staffNo, secret: STAFF.admin.secret })).result.session as string;
    expect((await rpc('staff.create', { staffNo: STAFF.clerk.staffNo, name: STAFF.clerk.name, role: 'clerk', secret: STAFF.clerk.secret }, admin)).ok).toBe(true);
    expect((await rpc('staff.create', { staffNo: STAFF.manager.staffNo, name: STAFF.manager.name, role: 'duty_manager', secret: STAFF.manager.secret }, admin)).ok).toBe(true);
    expect((await rpc('staff.signOut', {}, admin)).ok).toBe(true);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    guard = guardPage(page);
    await page.addInitScript(() => {
      const w = window as unknown as { __mouse: number };
      w.__mouse = 0;
      for (const type of ['mousedown', 'mouseup', 'click', 'pointerdown']) {
        window.addEventListener(type, (e) => {
          // A click the browser synthesises from a key (Enter/Space on a button) has detail 0.
          if (!(e instanceof MouseEvent) || e.detail > 0 || type !== 'click') w.__mouse++;
        }, true);
      }
    });
    await page.goto(app.url);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    if (app) fs.rmSync(app.dataDir, { recursive: true, force: true });
  });

  it('signs in and opens the till: the counter items, the float by denomination, Enter down the rows', async () => {
    await page.getByTestId('signin-page').waitFor();
    await page.getByTestId('signin-staffno').waitFor();
    await type(STAFF.clerk.staffNo);
    await key('Tab');
    await type(STAFF.clerk.secret);
    await key('Enter');
    await page.getByTestId('shift-check').waitFor();
    await key('F5');
    await page.getByTestId('open-float').waitFor();
    // The float's first row has the focus; the items are just before it.
    await tabTo('open-item-sim_card', true);
    await type('20');
    await key('Tab');
    await type('10');
    await key('Tab');
    await type('50');
    await key('Tab');
    expect(await focused()).toBe('count-note_100');
    await type('2');
    await key('Enter');
    await type('4');
    for (let i = 0; i < 5; i++) await key('Enter'); // 20, 10, 5, 1 yuan notes: none; on to the 1 yuan coins
    await type('20');
    await key('Enter');
    await key('Enter');
    await key('Enter'); // the last row's Enter lands on 开班
    expect(await focused()).toBe('open-float-submit');
    await page.getByTestId('open-float-total').filter({ hasText: '420.00' }).waitFor();
    await key('Enter');
    await page.getByTestId('till-start-count').waitFor();
  });

  it('runs the shift-start check with F2 and serves a new line by keys: card, consent, fields, cash, recommendation, folder, farewell', async () => {
    await key('F2');
    await page.getByTestId('shift-run').waitFor();
    await key('F2');
    await page.getByTestId('new-customer').waitFor();
    expect(await page.getByTestId('shift-items').textContent()).toContain('SIM卡 20');
    await key('F2');
    await step('greet');
    await type('A001');
    await key('Enter');
    await step('need');
    await key('1');
    await key('Enter');
    await step('verify');
    await placeCard();
    await page.getByTestId('verify-card').waitFor({ timeout: 15_000 });
    await key('Enter');
    await step('consent');
    await key('y');
    await step('process');
    await type('13800138000');
    await key('Enter'); // to the plan: typing filters it, Enter picks it and moves on
    await type('58');
    await key('Enter');
    await type('8986011234567890123');
    await key('Enter');
    await step('payment');
    await key('1'); // cash
    await type('100');
    expect(await page.getByTestId('pay-tendered').inputValue()).toBe('100');
    await page.getByTestId('pay-change').filter({ hasText: '￥42.00' }).waitFor();
    await key('Enter');
    await step('recommend');
    await key('d');
    await key('Enter');
    await step('handover');
    await page.locator('[data-testid="receipt-status"][data-state="printed"]').waitFor({ timeout: 15_000 });
    await key('Enter');
    await step('farewell');
    await key('Enter');
    await page.getByTestId('service-done').filter({ hasText: '今日第 1 位' }).waitFor();
  });

  it('a top-up paid by WeChat (key 2), then a customer who leaves: Esc, a reason, Enter', async () => {
    await key('F2');
    await step('greet');
    await key('Enter');
    await step('need');
    await key('4');
    await key('Enter');
    await step('process');
    await type('13900139000');
    await key('Enter');
    await type('50');
    await key('Enter');
    await step('payment');
    await key('2');
    await page.getByTestId('pay-reference').waitFor();
    await key('Enter'); // nothing typed yet: the form says what is missing
    await page.getByText('请输入或扫描支付流水号').waitFor();
    await type('WX4200001234');
    await key('Enter');
    await step('recommend');
    await key('Enter'); // nothing recorded: a message, not a refusal from the core
    await page.getByTestId('recommend-problem').waitFor();
    await key('a');
    await key('Enter');
    await step('handover');
    await page.locator('[data-testid="receipt-status"][data-state="printed"]').waitFor({ timeout: 15_000 });
    await key('Enter');
    await step('farewell');
    expect(await page.getByTestId('farewell-next-hint').textContent()).toContain('F2');
    // F2 at the farewell sees her off and greets the next customer at once (the core opens no
    // second journey while one is open, so the greet step means hers closed).
    await key('F2');
    await step('greet');
    await key('Enter');
    await step('need');
    await key('Escape');
    await page.getByTestId('cancel-reason').waitFor();
    await type('客户临时有事离开');
    await key('Enter');
    await page.getByTestId('new-customer').waitFor();
  });

  it('F1 shows the keys and Esc closes it; F8 reprints the last receipt with the duty manager’s approval; F12 locks, the PIN unlocks', async () => {
    await key('F1');
    await page.getByTestId('keys-help').waitFor();
    expect(await page.getByTestId('keys-help').textContent()).toContain('1 现金');
    expect(await misfits(page, { primary: '.ant-modal-close' }), 'help').toEqual([]);
    await key('Escape');
    await page.getByTestId('keys-help').waitFor({ state: 'detached' });

    await key('F8');
    await page.getByTestId('approval-dialog').waitFor();
    expect(await misfits(page, { primary: '[data-testid="approval-ok"]' }), 'reprint approval').toEqual([]);
    await type(STAFF.manager.staffNo);
    await key('Tab');
    await type(STAFF.manager.secret);
    await key('Enter');
    await page.getByTestId('approval-dialog').waitFor({ state: 'detached' });
    await page.locator('tr').filter({ hasText: '第1次重印' }).first().waitFor();

    await key('F12');
    await page.getByTestId('lock-screen').waitFor();
    expect(await misfits(page, { primary: '[data-testid="unlock-submit"]' }), 'lock screen').toEqual([]);
    await type(STAFF.clerk.secret);
    await key('Enter');
    await page.getByTestId('signout').waitFor();
  });

  it('settles by keys: the blind count, the early-close approval, the settlement, the hand-over of the takings', async () => {
    await key('F5');
    await page.getByTestId('till-start-count').waitFor();
    expect(await focused()).toBe('till-start-count');
    await key('Enter');
    await page.getByTestId('blind-count').waitFor();
    await tabTo('count-item-sim_card', true);
    await type('19'); // one SIM card went with the new line
    await key('Tab');
    await type('10');
    await key('Tab');
    await type('50');
    await key('Tab');
    // ￥478.00: the float's 420 and the new line's 58 (100 taken, 42 given back).
    for (const pieces of ['2', '4', '3', '1', '1', '', '3', '', '']) {
      if (pieces) await type(pieces);
      await key('Enter');
    }
    expect(await focused()).toBe('blind-count-submit');
    await key('Enter');
    // 10:00 is before closing: the duty manager approves, by keys too.
    await page.getByTestId('approval-dialog').waitFor();
    await key('Enter'); // on the reason list: opens it
    await key('ArrowDown');
    await key('Enter'); // picks a reason
    await tabTo('approval-staffno');
    await type(STAFF.manager.staffNo);
    await key('Tab');
    await type(STAFF.manager.secret);
    await key('Enter');
    await page.getByTestId('count-result').waitFor();
    expect(await page.getByTestId('count-variance').textContent()).toBe('账实相符');
    expect(await focused()).toBe('till-settle');
    await key('Enter');
    await page.getByTestId('handover-form').waitFor();
    expect(await focused()).toBe('handover-bag');
    await type('JK-0001');
    await key('Tab');
    await type('FQ-0001');
    await key('Tab');
    await type(STAFF.clerk.secret);
    await key('Tab');
    await type(STAFF.manager.staffNo);
    await key('Tab');
    await type(STAFF.manager.secret);
    await key('Enter');
    await page.getByTestId('handover-done').waitFor();
    // The counter after the day's settlement: no shift check, no new customer — 今日已结账.
    await key('F2');
    await page.getByTestId('day-settled').waitFor();
    expect(await page.getByTestId('day-settled').textContent()).toContain('今日已结账（结账单 Z1）');
  });

  it('the day was in training mode: its Z report, like its receipts, says 培训练习 — 无效', async () => {
    const papers = await page.evaluate(async () => {
      const call = async (method: string, input: unknown) => {
        const r = await fetch('/rpc', { method: 'POST', headers: { 'X-CounterDesk-Token': sessionStorage.getItem('counterdesk.token') ?? '' }, body: JSON.stringify({ method, input, session: sessionStorage.getItem('counterdesk.session') }) });
        return ((await r.json()) as { result: unknown }).result;
      };
      const { jobs } = (await call('print.queue', {})) as { jobs: { id: number; kind: string; reprintOf: number | null }[] };
      const out: Record<string, string> = {};
      for (const job of jobs.filter((j) => j.reprintOf === null)) out[job.kind] = ((await call('print.preview', { jobId: job.id })) as { lines: string[] }).lines.join('\n');
      return out;
    });
    expect(Object.keys(papers).sort()).toEqual(['customer_receipt', 'settlement_report']);
    for (const paper of Object.values(papers)) expect(paper.match(/培训练习 — 无效/g)).toHaveLength(2);
    expect(papers.settlement_report).toContain('结账报表');
  });

  it('no mouse event reached the page, and nothing went wrong in it', async () => {
    expect(await page.evaluate(() => (window as unknown as { __mouse: number }).__mouse)).toBe(0);
    expect(guard.problems).toEqual([]);
  });
});
