// Training mode's simulated-device buttons never keep the focus: a click leaves it in the field
// the clerk was typing in, a button pressed from the keyboard hands it to the page — so the next
// Enter goes on with the step instead of placing the card again.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { chromiumAvailable, launchChromium } from '../helpers/chromium';
import { startBrowserMode, type BrowserModeApp } from '../helpers/browserMode';
import { guardPage } from '../helpers/pageGuard';
import { STAFF } from '../helpers/counterDay';

const run = chromiumAvailable() ? describe : describe.skip;

run('training buttons give the focus back', () => {
  let app: BrowserModeApp;
  let browser: Browser;
  let page: Page;
  let guard: { problems: string[] };

  const rpc = async (method: string, input: unknown, session?: string) => {
    const r = await fetch(`${app.origin}/rpc`, { method: 'POST', headers: { 'X-CounterDesk-Token': app.token }, body: JSON.stringify({ method, input, session }) });
    return (await r.json()) as { ok: boolean; result: Record<string, unknown>; error?: { code: string } };
  };
  const focused = () => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.tagName ?? null);
  const step = (name: string) => page.locator(`[data-testid="journey"][data-step="${name}"]`).waitFor({ timeout: 15_000 });

  beforeAll(async () => {
    app = await startBrowserMode({ clockStart: '2026-11-26T10:00:00+08:00' });
    await rpc('staff.createFirstAdmin', { staffNo: STAFF.admin.staffNo, name: STAFF.admin.name, password: STAFF.admin.secret });
    const admin = (await rpc('staff.signIn', { staffNo: STAFF.admin.staffNo, secret: STAFF.admin.secret })).result.session as string;
    await rpc('staff.create', { staffNo: STAFF.clerk.staffNo, name: STAFF.clerk.name, role: 'clerk', secret: STAFF.clerk.secret }, admin);
    await rpc('staff.signOut', {}, admin);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    guard = guardPage(page);
    await page.goto(app.url);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    if (app) fs.rmSync(app.dataDir, { recursive: true, force: true });
  });

  it('a click on 放身份证 leaves the focus in the ticket field; Tab + Enter on it hands the focus to the page', async () => {
    await page.getByTestId('signin-staffno').fill(STAFF.clerk.staffNo);
    await page.getByTestId('signin-secret').fill(STAFF.clerk.secret);
    await page.keyboard.press('Enter');
    await page.getByTestId('shift-check').waitFor();
    // The till and the check, through the page's own session: this test is about the buttons.
    const opened = await page.evaluate(async () => {
      const call = async (method: string, input: unknown) => {
        const r = await fetch('/rpc', { method: 'POST', headers: { 'X-CounterDesk-Token': sessionStorage.getItem('counterdesk.token') ?? '' }, body: JSON.stringify({ method, input, session: sessionStorage.getItem('counterdesk.session') }) });
        return (await r.json()) as { ok: boolean };
      };
      const till = await call('till.open', { float: { note_100: 2 }, items: { sim_card: 5, value_card: 2, invoice_paper: 50 } });
      const check = await call('shift.run', {});
      return till.ok && check.ok;
    });
    expect(opened).toBe(true);
    await page.keyboard.press('F5');
    await page.keyboard.press('F2');
    await page.getByTestId('new-customer').waitFor();
    await page.keyboard.press('F2');
    await step('greet');
    expect(await focused()).toBe('greet-ticket');
    await page.keyboard.type('A0');
    await page.getByTestId('sim-card-resident').click();
    expect(await focused()).toBe('greet-ticket');
    await page.keyboard.type('07');
    expect(await page.getByTestId('greet-ticket').inputValue()).toBe('A007');
    await page.keyboard.press('Enter');
    await step('need');
    await page.keyboard.press('1');
    await page.keyboard.press('Enter');
    await step('verify');
    // The card placed at the greeting was cleared when the journey began: place it again, by Tab and Enter.
    for (let i = 0; i < 30 && (await focused()) !== 'sim-card-resident'; i++) await page.keyboard.press('Tab');
    expect(await focused()).toBe('sim-card-resident');
    await page.keyboard.press('Enter');
    await page.getByTestId('verify-card').waitFor({ timeout: 15_000 });
    expect(await focused()).toBe('BODY');
    // The next Enter is the step's: the person matches the card — not the button again.
    await page.keyboard.press('Enter');
    await step('consent');
    expect(guard.problems).toEqual([]);
  });
});
