// The till as the duty manager lives it, in real Chromium at 1366×768 (browser mode, training
// mode, the app's clock started at Thursday 2026-11-26 17:50 in Shanghai): the clerk opens her
// till and leaves the counter locked; the header says whose till is open on the lock screen too.
// The duty manager takes the counter over from the lock screen (own credentials, a reason), the
// till panel names whose till it is and who took it over, the early count asks the administrator
// (an approver) to approve, the blind count is final — a recount needs the duty manager — then
// settlement and handover; afterwards the header says 已结账 with the Z number on every screen,
// F5 shows the day's Z report, and opening again asks for the duty manager.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { chromiumAvailable, launchChromium } from '../helpers/chromium';
import { startBrowserMode, type BrowserModeApp } from '../helpers/browserMode';
import { guardPage } from '../helpers/pageGuard';

const run = chromiumAvailable() ? describe : describe.skip;
if (!chromiumAvailable()) console.log('e2e till takeover skipped: /usr/bin/chromium is missing (apt-get install chromium)');

const ADMIN = { staffNo: '9001', name: '赵管理', secret: 'admin-pass-1' };
const CLERK = { staffNo: '1024', name: '王丽', secret: '2580' };
const MANAGER = { staffNo: '8001', name: '李经理', secret: 'manager-pass-1' };
const SHOTS = process.env.TILL_SHOTS_DIR ?? null;

run('the duty manager takes over an absent clerk’s till in Chromium', () => {
  let app: BrowserModeApp;
  let browser: Browser;
  let page: Page;
  let guard: { problems: string[] };

  const text = async (testId: string) => (await page.getByTestId(testId).first().textContent()) ?? '';
  const shot = async (name: string) => {
    if (SHOTS) await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
  };
  /** A call to the core as a non-browser client with the run's token (setup only). */
  const rpc = async (method: string, input: object, session?: string) => {
    const r = await fetch(`${app.origin}/rpc`, { method: 'POST', headers: { 'X-CounterDesk-Token': app.token }, body: JSON.stringify({ method, input, session }) });
    const j = (await r.json()) as { ok: boolean; result?: Record<string, unknown>; error?: { code: string } };
    if (!j.ok) throw new Error(`${method}: ${j.error?.code}`);
    return j.result!;
  };
  const fill = async (prefix: string, pieces: Record<string, string>) => {
    for (const [k, v] of Object.entries(pieces)) await page.getByTestId(`count-${k}`).fill(v);
    await page.getByTestId(`${prefix}-total`).filter({ hasText: '400.00' }).waitFor();
  };

  beforeAll(async () => {
    app = await startBrowserMode({ clockStart: '2026-11-26T17:50:00+08:00' });
    await rpc('staff.createFirstAdmin', { staffNo: ADMIN.staffNo, name: ADMIN.name, password: ADMIN.secret });
    const admin = (await rpc('staff.signIn', { staffNo: ADMIN.staffNo, secret: ADMIN.secret })).session as string;
    await rpc('staff.create', { staffNo: CLERK.staffNo, name: CLERK.name, role: 'clerk', secret: CLERK.secret }, admin);
    await rpc('staff.create', { staffNo: MANAGER.staffNo, name: MANAGER.name, role: 'duty_manager', secret: MANAGER.secret }, admin);
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

  it('the clerk opens her till and locks the screen; the lock screen’s header says the till is open and whose', async () => {
    await page.getByTestId('signin-page').waitFor();
    expect(await text('till-state')).toContain('未开');
    await page.getByTestId('signin-staffno').fill(CLERK.staffNo);
    await page.getByTestId('signin-secret').fill(CLERK.secret);
    await page.keyboard.press('Enter');
    await page.getByTestId('signout').waitFor();
    await page.keyboard.press('F5');
    await page.getByTestId('open-float').waitFor();
    await fill('open-float', { note_100: '2', note_50: '4' });
    await page.getByTestId('open-float-submit').click();
    await page.getByTestId('till-start-count').waitFor();
    expect(await text('till-owner')).toContain(`营业员 ${CLERK.staffNo} ${CLERK.name}`);
    await page.keyboard.press('F12');
    await page.getByTestId('lock-screen').waitFor();
    await page.getByTestId('till-state').filter({ hasText: `已开（营业员 ${CLERK.staffNo}）` }).waitFor();
    await shot('till-lock-screen');
  });

  it('the duty manager takes the counter over from the lock screen; the panel names whose till it is', async () => {
    await page.getByTestId('takeover-open').click();
    await page.getByTestId('takeover-staffno').fill(MANAGER.staffNo);
    await page.getByTestId('takeover-secret').fill(MANAGER.secret);
    await page.getByTestId('takeover-reason').fill('营业员身体不适离岗');
    await shot('till-takeover-dialog');
    await page.keyboard.press('Enter');
    await page.getByTestId('signout').waitFor();
    expect(await text('clerk')).toContain(MANAGER.staffNo);
    await page.keyboard.press('F5');
    await page.getByTestId('till-owner').filter({ hasText: `值班经理 ${MANAGER.staffNo} 已接管` }).waitFor();
    expect(await text('till-owner')).toContain(`钱箱属于：营业员 ${CLERK.staffNo} ${CLERK.name}`);
    // The header labels the duty manager's figure; no unexplained asterisk.
    const header = await text('till-state');
    expect(header).toMatch(/已开（营业员 1024） · 应有现金 ￥?400\.00/);
    expect(header).not.toContain('*');
    expect(await page.getByTestId('till-not-yours').count()).toBe(0);
    await shot('till-taken-over');
  });

  it('the blind count (early: approved by the administrator) is final; the recount needs the duty manager', async () => {
    await page.getByTestId('till-start-count').click();
    await page.getByTestId('blind-count').waitFor();
    await fill('blind-count', { note_100: '2', note_50: '4' });
    await page.getByTestId('blind-count-submit').click();
    await page.getByTestId('approval-dialog').waitFor();
    expect(await text('till-error')).toMatch(/不能提交点钞 — 还需 \d+ 分钟/);
    expect(await text('till-error')).not.toContain('不能结账');
    await page.getByTestId('approval-reason').click();
    await page.locator('.ant-select-item-option').filter({ hasText: '上级安排' }).click();
    await page.getByTestId('approval-staffno').fill(ADMIN.staffNo);
    await page.getByTestId('approval-secret').fill(ADMIN.secret);
    await page.getByTestId('approval-ok').click();
    await page.getByTestId('count-result').waitFor();
    await page.getByTestId('approval-dialog').waitFor({ state: 'detached' });

    await page.getByTestId('till-recount').click();
    await page.getByTestId('approval-reason-text').waitFor();
    expect(await text('approval-dialog')).toContain('重新点钞原因');
    await page.getByTestId('approval-reason-text').fill('复核一张五十元');
    await page.getByTestId('approval-staffno').fill(ADMIN.staffNo);
    await page.getByTestId('approval-secret').fill(ADMIN.secret);
    await shot('till-recount-approval');
    await page.getByTestId('approval-ok').click();
    await page.getByTestId('blind-count').waitFor();
    await fill('blind-count', { note_100: '2', note_50: '4' });
    await page.getByTestId('blind-count-submit').click();
    await page.getByTestId('count-result').waitFor();
  });

  it('settles and hands over on her behalf; the header says 已结账 with the Z number, also after signing out; F5 shows the Z report', async () => {
    await page.getByTestId('till-settle').click();
    await page.getByTestId('handover-form').waitFor();
    await page.getByTestId('handover-bag').fill('B-0017');
    await page.getByTestId('handover-seal').fill('S-0042');
    await page.getByTestId('handover-clerk-secret').fill(MANAGER.secret);
    await page.getByTestId('handover-receiver').fill(ADMIN.staffNo);
    await page.getByTestId('handover-receiver-secret').fill(ADMIN.secret);
    await page.getByTestId('handover-submit').click();
    await page.getByTestId('handover-done').waitFor();
    await page.getByTestId('till-state').filter({ hasText: '已结账 Z000001' }).waitFor();
    const z = await text('z-preview');
    expect(z).toMatch(/代为结账（接管）\s+8001/);
    expect(z).toContain('点钞记录（共 2 次）');
    expect(z).toMatch(/提前结账 \d\d:\d\d\s+审批人 9001/);
    expect(z).toMatch(/重新点钞 \d\d:\d\d\s+审批人 9001/);
    expect(z).toMatch(/账务 第\d+条\s+[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}/);
    await shot('till-handover-done');

    await page.getByTestId('signout').click();
    await page.getByTestId('signin-page').waitFor();
    await page.getByTestId('till-state').filter({ hasText: '已结账 Z000001' }).waitFor();
    await shot('till-signin-settled');

    await page.getByTestId('signin-staffno').fill(CLERK.staffNo);
    await page.getByTestId('signin-secret').fill(CLERK.secret);
    await page.keyboard.press('Enter');
    await page.getByTestId('signout').waitFor();
    await page.keyboard.press('F5');
    await page.getByTestId('till-closed').waitFor();
    expect(await text('till-closed')).toContain('今日已结账 Z000001');
    await page.getByTestId('z-preview').filter({ hasText: '结账报表' }).waitFor();
    await shot('till-closed-f5');
    await page.getByTestId('till-reopen').click();
    await page.getByTestId('approval-reason-text').waitFor();
    expect(await text('approval-dialog')).toContain('再次开班原因');
    await page.getByRole('button', { name: /取\s*消/ }).click();
    expect(guard.problems).toEqual([]);
  });
});
