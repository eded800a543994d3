// Staff, roles and approvals in real Chromium through browser mode, training mode (in-process
// simulated devices), the app's clock started at Thursday 2026-11-26 10:00 in Shanghai so the
// hall is open and settling is early. The administrator is set up on the first-start page and
// adds a clerk and a duty manager; the clerk locks (F12) and unlocks with her PIN, opens the
// till, is refused an early count, cannot approve it herself, and the duty manager approves at
// her counter. The duty manager then finds both the refusal and the approval in the audit viewer.
// (The idle lock itself is proven with a ManualClock in tests/integration/roles/idle-lock.test.ts:
// its minimum is a whole minute of real time here.)
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page, Request } from 'playwright-core';
import { chromiumAvailable, launchChromium } from '../helpers/chromium';
import { ROOT, startBrowserMode, type BrowserModeApp } from '../helpers/browserMode';
import { guardPage } from '../helpers/pageGuard';
import { expectFits, shotsDir } from '../helpers/fit';
import { DB_FILE } from '../../electron/core/storage/db';

const run = chromiumAvailable() ? describe : describe.skip;
if (!chromiumAvailable()) console.log('e2e staff skipped: /usr/bin/chromium is missing (apt-get install chromium)');

const ADMIN = { staffNo: '9001', name: '赵管理', secret: 'admin-pass-1' };
const CLERK = { staffNo: '1024', name: '王丽', secret: '2580' };
const MANAGER = { staffNo: '8001', name: '李经理', secret: 'manager-pass-1' };
const SHOTS = shotsDir(ROOT);
const ID18 = /(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/;

run('staff, lock and the duty manager’s approval in Chromium', () => {
  let app: BrowserModeApp;
  let browser: Browser;
  let page: Page;
  let guard: { problems: string[] };

  const text = async (testId: string) => (await page.getByTestId(testId).textContent()) ?? '';
  const signIn = async (who: { staffNo: string; secret: string }) => {
    await page.getByTestId('signin-page').waitFor();
    await page.getByTestId('signin-staffno').fill(who.staffNo);
    await page.getByTestId('signin-secret').fill(who.secret);
    await page.keyboard.press('Enter');
    await page.getByTestId('signout').waitFor();
  };
  /** A call with the page's own session, straight to the core (what a script on the page could do). */
  const coreCall = (method: string) =>
    page.evaluate(async (m) => {
      const r = await fetch('/rpc', {
        method: 'POST',
        headers: { 'X-CounterDesk-Token': sessionStorage.getItem('counterdesk.token') ?? '' },
        body: JSON.stringify({ method: m, input: {}, session: sessionStorage.getItem('counterdesk.session') }),
      });
      return (await r.json()) as { ok: boolean; result?: Record<string, unknown>; error?: { code: string } };
    }, method);
  /** A request of the page to one method of the core. */
  const isCall = (r: Request, method: string) => r.url().endsWith('/rpc') && (r.postData() ?? '').includes(`"method":"${method}"`);
  const signOut = async () => {
    await page.getByTestId('signout').click();
    await page.getByTestId('signin-page').waitFor();
  };

  beforeAll(async () => {
    app = await startBrowserMode({ clockStart: '2026-11-26T10:00:00+08:00' });
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

  it('the administrator is created on the first-start page and adds a clerk and a duty manager', async () => {
    expect(await page.getByTestId('training-banner').textContent()).toContain('培训模式');
    await page.getByTestId('setup-page').waitFor();
    expect(await expectFits(page, 'setup', { primary: '[data-testid="setup-submit"]', shotsDir: SHOTS }), 'setup page').toEqual([]);
    // Enter on the empty form: each field says what it needs, and the form with its four messages still fits.
    await page.keyboard.press('Enter');
    await page.getByText('请再次输入密码').waitFor();
    expect(await page.getByTestId('setup-page').locator('.ant-form-item-explain-error').allTextContents()).toEqual(['请输入工号', '请输入姓名', '密码至少 8 位', '请再次输入密码']);
    expect(await expectFits(page, 'setup-empty', { primary: '[data-testid="setup-submit"]' }), 'setup page with its messages').toEqual([]);
    await page.getByTestId('setup-staffno').fill(ADMIN.staffNo);
    await page.getByTestId('setup-name').fill(ADMIN.name);
    await page.getByTestId('setup-password').fill(ADMIN.secret);
    await page.getByTestId('setup-confirm').fill(ADMIN.secret);
    await page.keyboard.press('Enter');
    await signIn(ADMIN);
    expect(await text('clerk')).toContain(`${ADMIN.staffNo} ${ADMIN.name}`);

    await page.getByRole('tab', { name: '员工' }).click();
    await page.getByTestId('staff-page').waitFor();
    const add = async (who: { staffNo: string; name: string; secret: string }, roleLabel: string) => {
      await page.getByTestId('staff-new-no').fill(who.staffNo);
      await page.getByTestId('staff-new-name').fill(who.name);
      await page.getByTestId('staff-new-role').click();
      await page.locator('.ant-select-item-option').filter({ hasText: roleLabel }).click();
      await page.getByTestId('staff-new-secret').fill(who.secret);
      await page.getByTestId('staff-add').click();
      await page.getByTestId('staff-page').getByRole('cell', { name: who.name, exact: true }).waitFor();
    };
    await add(CLERK, '营业员');
    await add(MANAGER, '值班经理');
    const rows = page.getByTestId('staff-page').locator('tbody tr');
    expect(await rows.filter({ hasText: CLERK.staffNo }).textContent()).toContain('营业员');
    expect(await rows.filter({ hasText: MANAGER.staffNo }).textContent()).toContain('值班经理');
    expect(await page.getByTestId('staff-error').count()).toBe(0);
    await signOut();
  });

  it('the clerk signs in, locks the screen with F12 and unlocks it with her PIN', async () => {
    await signIn(CLERK);
    expect(await text('clerk')).toContain(`${CLERK.staffNo} ${CLERK.name}`);
    // The clerk's tabs: no audit, staff or settings.
    expect(await page.getByRole('tab', { name: '审计' }).count()).toBe(0);
    expect(await page.getByRole('tab', { name: '员工' }).count()).toBe(0);

    await page.keyboard.press('F12');
    await page.getByTestId('lock-screen').waitFor();
    expect(await page.getByTestId('signout').count()).toBe(0);
    // The core agrees: the session is locked, not just hidden.
    expect(await coreCall('till.status')).toMatchObject({ ok: false, error: { code: 'SESSION_LOCKED' } });

    await page.getByTestId('unlock-secret').fill('0000');
    await page.keyboard.press('Enter');
    expect(await page.getByTestId('unlock-error').textContent()).toMatch(/工号或密码不正确/);
    await page.getByTestId('unlock-secret').fill(CLERK.secret);
    await page.keyboard.press('Enter');
    await page.getByTestId('signout').waitFor();
    expect(await page.getByTestId('lock-screen').count()).toBe(0);
  });

  it('when the core locks the session by itself (its idle lock), the lock screen follows', async () => {
    // The core's idle lock needs a real minute here; locking the session behind the renderer's
    // back is the same situation: the core says locked, the screen still looks unlocked.
    const locked = await coreCall('staff.lock');
    expect(locked).toMatchObject({ ok: true, result: { locked: true } });
    await page.getByTestId('lock-screen').waitFor({ timeout: 15_000 });
    await page.getByTestId('unlock-secret').fill(CLERK.secret);
    const statusLoaded = page.waitForResponse((r) => isCall(r.request(), 'till.status'));
    await page.keyboard.press('Enter');
    await page.getByTestId('signout').waitFor();
    // Unlocked: the till's status is fetched again, once, for the header and the till panel alike.
    await statusLoaded;
  });

  it('opens the till; the early count is refused, her own PIN cannot approve, the duty manager’s can', async () => {
    const statusCalls: string[] = [];
    const noteStatusCall = (r: Request) => void (isCall(r, 'till.status') && statusCalls.push(r.url()));
    page.on('request', noteStatusCall);
    await page.keyboard.press('F5');
    await page.getByTestId('open-float').waitFor();
    // The panel draws the status the header already has: opening it asks the core nothing.
    expect(statusCalls).toHaveLength(0);
    await page.getByTestId('count-note_100').fill('2');
    await page.getByTestId('count-note_50').fill('4');
    await page.getByTestId('open-float-total').filter({ hasText: '400.00' }).waitFor();
    await page.getByTestId('open-float-submit').click();
    await page.getByTestId('till-start-count').click();
    await page.getByTestId('blind-count').waitFor();
    expect(await expectFits(page, 'till-blind-count', { primary: '[data-testid="blind-count-submit"]', shotsDir: SHOTS }), 'blind count').toEqual([]);
    await page.getByTestId('count-note_100').fill('2');
    await page.getByTestId('count-note_50').fill('4');
    await page.getByTestId('blind-count-total').filter({ hasText: '400.00' }).waitFor();
    await page.getByTestId('blind-count-submit').click();

    // Before 18:00: refused, and the approval dialog asks for the duty manager.
    await page.getByTestId('approval-dialog').waitFor();
    // Opening the till was one change: the header and the panel fetched the status once between them.
    page.off('request', noteStatusCall);
    expect(statusCalls).toHaveLength(1);
    expect(await text('till-error')).toContain('未到营业结束时间');
    expect(await page.getByTestId('count-result').count()).toBe(0);

    expect(await expectFits(page, 'till-approval-dialog', { primary: '[data-testid="approval-ok"]', shotsDir: SHOTS }), 'approval dialog').toEqual([]);
    // Enter with nothing filled in: each field says what is missing; nothing is sent, nothing breaks.
    await page.getByTestId('approval-staffno').press('Enter');
    await page.getByText('请输入审批人工号').waitFor();
    await page.getByText('请选择原因').waitFor();
    await page.getByTestId('approval-reason').click();
    await page.locator('.ant-select-item-option').filter({ hasText: '设备故障' }).click();
    await page.getByTestId('approval-staffno').fill(CLERK.staffNo);
    await page.getByTestId('approval-secret').fill(CLERK.secret);
    await page.keyboard.press('Enter'); // Enter approves, as the OK button does
    await page.getByTestId('approval-error').waitFor();
    expect(await text('approval-error')).toContain('不能审批自己');
    // Still refused: no count went through, the dialog stays for the duty manager.
    expect(await page.getByTestId('count-result').count()).toBe(0);

    await page.getByTestId('approval-staffno').fill(MANAGER.staffNo);
    await page.getByTestId('approval-secret').fill(MANAGER.secret);
    await page.getByTestId('approval-secret').press('Enter');
    // Approved: the count that was refused goes through by itself, then the settlement.
    await page.getByTestId('count-result').waitFor();
    expect(await expectFits(page, 'till-count-result', { primary: '[data-testid="till-settle"]', shotsDir: SHOTS }), 'count result').toEqual([]);
    await page.getByTestId('approval-dialog').waitFor({ state: 'detached' });
    expect(await text('count-variance')).toBe('账实相符');
    await page.getByTestId('till-settle').click();
    await page.getByTestId('handover-form').waitFor();
    expect(await expectFits(page, 'till-handover-form', { primary: '[data-testid="handover-submit"]', shotsDir: SHOTS }), 'handover form').toEqual([]);
    expect(await page.getByTestId('till-error').count()).toBe(0);
    await page.getByTestId('z-preview').filter({ hasText: '400.00' }).waitFor();
  });

  it('the clerk signs out; the duty manager reads the refusal and the approval in the audit viewer, in Chinese', async () => {
    await signOut();
    await signIn(MANAGER);
    await page.getByRole('tab', { name: '审计' }).click();
    await page.getByTestId('audit-page').waitFor();
    const kinds = page.getByTestId('audit-row-kind');
    await kinds.first().waitFor();
    // Times on the hall's clock (the app's clock started at 10:00 in Shanghai, whatever this machine's zone).
    expect(await page.locator('.audit-page tr.ant-table-row').first().textContent()).toMatch(/2026-11-26 10:\d\d:\d\d/);
    const choose = async (testId: string, option: string) => {
      await page.getByTestId(testId).click();
      await page.keyboard.type(option); // the list is long: searching by name is what a manager does
      await page.locator('.ant-select-item-option').filter({ hasText: option }).first().click();
    };
    await choose('audit-action', '全部钱箱');
    await page.getByTestId('audit-filter').click();
    await kinds.filter({ hasText: '批准提前结账' }).first().waitFor();
    const all = await kinds.evaluateAll((els) => els.map((e) => e.getAttribute('data-kind') ?? ''));
    expect(all.every((k) => k.startsWith('till.'))).toBe(true);
    expect(all).toContain('till.early_override_refused');
    expect(all).toContain('till.early_approved');
    const row = (kind: string) => page.locator('tr').filter({ has: page.locator(`[data-kind="${kind}"]`) }).first();
    const refused = (await row('till.early_override_refused').locator('.audit-detail').textContent()) ?? '';
    expect(refused).toContain('不能审批自己');
    const approved = (await row('till.early_approved').locator('.audit-detail').textContent()) ?? '';
    expect(approved).toContain(`审批人 ${MANAGER.name}（${MANAGER.staffNo}）`);
    expect(approved).toContain('原因 设备故障');
    expect(approved).toMatch(/提前 \d+ 小时( \d+ 分)?/);
    expect(await row('till.early_approved').getByTestId('audit-row-actor').textContent()).toBe(`${CLERK.name}（${CLERK.staffNo}）`);
    // No codes, no JSON.
    const details = (await page.locator('.audit-detail').allTextContents()).join('\n');
    expect(details).not.toMatch(/[{}"]|self_approval|equipment_failure/);
    expect((await kinds.allTextContents()).join('')).not.toMatch(/till\./);
    // By person: the duty manager's approvals.
    await choose('audit-person', `${MANAGER.name}（${MANAGER.staffNo}）`);
    await choose('audit-action', '全部审批');
    await page.getByTestId('audit-filter').click();
    await kinds.filter({ hasText: '审批通过' }).first().waitFor();
    for (const who of await page.getByTestId('audit-row-actor').allTextContents()) expect(who).toBe(`${MANAGER.name}（${MANAGER.staffNo}）`);
    expect(await row('approval.grant').locator('.audit-detail').textContent()).toContain(`事由 提前结账；申请人 ${CLERK.name}（${CLERK.staffNo}）`.replace('；', ''));
    // By day: the day before has nothing, this day has it.
    await page.getByTestId('audit-day').click();
    await page.keyboard.type('2026-11-25');
    await page.keyboard.press('Enter');
    await page.getByTestId('audit-filter').click();
    await page.getByText('没有符合条件的记录').waitFor();
    await page.getByTestId('audit-day').click();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('2026-11-26');
    await page.keyboard.press('Enter');
    await page.getByTestId('audit-filter').click();
    await kinds.first().waitFor();
    await page.getByTestId('audit-verify').click();
    await page.getByText(/审计链完整（\d+ 条）/).waitFor();
    await expectFits(page, 'audit', { primary: '[data-testid="audit-filter"]', shotsDir: SHOTS });
  });

  it('raised no console error and no CSP violation', () => {
    expect(guard.problems).toEqual([]);
  });

  it('nothing the app logged or printed, and nothing in its database, holds a password or an ID number', async () => {
    const logFile = path.join(app.dataDir, 'logs', 'counterdesk.log');
    const logText = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : '';
    const printed = app.output();
    expect(printed).toContain('COUNTERDESK_URL=');
    for (const [where, t] of [['log', logText], ['output', printed]] as const) {
      expect(t, where).not.toMatch(ID18);
      for (const s of [ADMIN.secret, MANAGER.secret]) expect(t, where).not.toContain(s);
    }
    const dbFile = path.join(app.dataDir, DB_FILE);
    for (const f of [dbFile, `${dbFile}-wal`].filter((p) => fs.existsSync(p))) {
      const bytes = fs.readFileSync(f);
      for (const s of [ADMIN.secret, MANAGER.secret]) expect(bytes.includes(Buffer.from(s)), `${path.basename(f)} holds a password`).toBe(false);
    }
  });
});
