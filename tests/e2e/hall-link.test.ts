// The counter's hall link in real Chromium at 1366×768 (browser mode against a real hall server
// process on PGlite): the duty manager enrols the counter on the device page with the hall's
// address and the one-time code, by keyboard; the pinned fingerprint shows in groups of four,
// the same as the hall printed; the status bar says 营业厅 已同步 (and "Hall synced" in English);
// the hall killed, the status bar says how long it has been unreachable and how many rows wait,
// and the device page names the oldest's age; the hall back, everything is sent.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { chromiumAvailable, launchChromium } from '../helpers/chromium';
import { startBrowserMode, type BrowserModeApp } from '../helpers/browserMode';
import { guardPage } from '../helpers/pageGuard';
import { adminAccess, HALL_ADMIN_TOKEN, runHallCli, startHallProcess, type HallProcess } from '../helpers/hallProcess';
import { PageClient } from '../helpers/hallPage';

const run = chromiumAvailable() ? describe : describe.skip;
if (!chromiumAvailable()) console.log('e2e hall link skipped: /usr/bin/chromium is missing (apt-get install chromium)');

const ADMIN = { staffNo: '9001', name: '赵管理', secret: 'admin-pass-1' };
const MANAGER = { staffNo: '8001', name: '李经理', secret: 'manager-pass-1' };
const SHOTS = process.env.HALL_LINK_SHOTS_DIR ?? null;

run('the counter’s hall link on the device page and the status bar, in Chromium', () => {
  let app: BrowserModeApp;
  let hall: HallProcess;
  let hallDir: string;
  let browser: Browser;
  let page: Page;
  let guard: { problems: string[] };

  const shot = async (name: string) => {
    if (!SHOTS) return;
    await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
    await page.getByTestId('status-bar').screenshot({ path: path.join(SHOTS, `${name}-status-bar.png`) });
  };
  const rpc = async (method: string, input: object, session?: string) => {
    const r = await fetch(`${app.origin}/rpc`, { method: 'POST', headers: { 'X-CounterDesk-Token': app.token }, body: JSON.stringify({ method, input, session }) });
    const j = (await r.json()) as { ok: boolean; result?: Record<string, unknown>; error?: { code: string } };
    if (!j.ok) throw new Error(`${method}: ${j.error?.code}`);
    return j.result!;
  };
  const bar = () => page.getByTestId('status-hall');

  beforeAll(async () => {
    hallDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cd-e2e-hall-'));
    hall = await startHallProcess({ dataDir: hallDir });
    app = await startBrowserMode();
    await rpc('staff.createFirstAdmin', { staffNo: ADMIN.staffNo, name: ADMIN.name, password: ADMIN.secret });
    const admin = (await rpc('staff.signIn', { staffNo: ADMIN.staffNo, secret: ADMIN.secret })).session as string;
    await rpc('staff.create', { staffNo: MANAGER.staffNo, name: MANAGER.name, role: 'duty_manager', secret: MANAGER.secret }, admin);
    await rpc('staff.signOut', {}, admin);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    guard = guardPage(page);
    await page.goto(app.url);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await hall?.kill();
    if (app) fs.rmSync(app.dataDir, { recursive: true, force: true });
    if (hallDir) fs.rmSync(hallDir, { recursive: true, force: true });
  });

  it('the status bar says the counter is not enrolled, before anyone signs in', async () => {
    await page.getByTestId('signin-page').waitFor();
    await bar().filter({ hasText: '营业厅 未登记' }).waitFor();
    expect(await bar().getAttribute('data-state')).toBe('not_enrolled');
  });

  it('the duty manager enrols the counter by keyboard; the pinned fingerprint is the hall’s, in groups of four', async () => {
    await page.getByTestId('signin-staffno').fill(MANAGER.staffNo);
    await page.getByTestId('signin-secret').fill(MANAGER.secret);
    await page.keyboard.press('Enter');
    await page.getByTestId('signout').waitFor();
    await page.getByRole('tab', { name: '设备' }).click();
    await page.getByTestId('hall-card').waitFor();
    const add = await runHallCli(['counter', 'add', '--number', '7', '--json', '--data-dir', hallDir]);
    expect(add.code, add.stderr).toBe(0);
    const { code } = JSON.parse(add.stdout) as { code: string };

    // A wrong code first: refused in Chinese, nothing pinned.
    await page.getByTestId('hall-url').fill(hall.url);
    await page.keyboard.press('Tab');
    await page.keyboard.type('7');
    await page.keyboard.press('Tab');
    await page.keyboard.type('AAAA-BBBB-CCCC-DDDD');
    await shot('hall-link-1-enrol-form');
    await page.keyboard.press('Enter');
    await page.getByTestId('hall-msg').filter({ hasText: '登记码' }).waitFor();
    expect(await page.getByTestId('hall-fingerprint').count()).toBe(0);

    await page.getByTestId('hall-code').fill(code);
    await page.getByTestId('hall-code').press('Enter');
    await page.getByTestId('hall-fingerprint').waitFor();
    const shown = (await page.getByTestId('hall-fingerprint').textContent())!;
    expect(shown.replace(/ /g, '')).toBe(hall.fingerprint.replace(/[^0-9a-f]/gi, '').toUpperCase());
    expect(shown).toMatch(/^([0-9A-F]{4} )+[0-9A-F]{1,4}$/);
    await page.getByTestId('hall-unsent').filter({ hasText: '全部已上传' }).waitFor();
    await bar().filter({ hasText: '营业厅 已同步' }).waitFor();
    expect(await page.getByTestId('hall-enrolled-url').textContent()).toBe(hall.url);
    await shot('hall-link-2-enrolled');
  });

  it('the hall killed: the status bar counts the unsent rows and how long it has been unreachable; the device page names the oldest’s age', async () => {
    await hall.kill();
    await page.getByTestId('hall-sync-now').click();
    await bar().filter({ hasText: '连不上' }).waitFor({ timeout: 30_000 });
    // Something happens at the counter (F12 locks, the password unlocks: both audited): rows wait for the hall.
    await page.keyboard.press('F12');
    await page.getByTestId('lock-screen').waitFor();
    await page.getByTestId('unlock-secret').fill(MANAGER.secret);
    await page.keyboard.press('Enter');
    await page.getByTestId('hall-card').waitFor();
    await page.getByTestId('hall-sync-now').click();
    await bar().filter({ hasText: /未上传 \d+ 条（最早 \d+ (秒|分钟)前）/ }).waitFor({ timeout: 30_000 });
    await page.getByTestId('hall-unsent').filter({ hasText: /条，最早的已等待/ }).waitFor();
    await page.getByTestId('hall-error').waitFor();
    expect(Number(await bar().getAttribute('data-unsent'))).toBeGreaterThan(0);
    await shot('hall-link-3-offline');

    // English: the same state in the other locale.
    await page.getByTestId('lang-switch').click();
    await bar().filter({ hasText: /Hall unreachable for .* · \d+ unsent \(oldest / }).waitFor();
    await page.getByTestId('hall-unsent').filter({ hasText: /rows, the oldest waiting/ }).waitFor();
    await shot('hall-link-4-offline-en');
    await page.getByTestId('lang-switch').click();
  });

  it('the hall back: everything is sent, and the bar says so', async () => {
    hall = await startHallProcess({ dataDir: hallDir }, { port: hall.port });
    await page.getByTestId('hall-sync-now').click();
    await bar().filter({ hasText: '营业厅 已同步' }).waitFor({ timeout: 60_000 });
    await page.getByTestId('hall-unsent').filter({ hasText: '全部已上传' }).waitFor();
    expect(await bar().getAttribute('data-unsent')).toBe('0');
  });

  it('staff and till settings saved on the hall page reach the counter: the hall’s password signs in, the settings page says the hall manages the till', async () => {
    const hallPage = new PageClient(hall.url, (await adminAccess(hall)).certPem!);
    await hallPage.ok('session.setup', { setupToken: HALL_ADMIN_TOKEN, staffNo: 'A001', name: '营业厅管理员', password: 'hall-admin-pass-1' });
    await hallPage.ok('staff.create', { staffNo: MANAGER.staffNo, name: MANAGER.name, role: 'duty_manager', secret: 'hall-manager-2' });
    await hallPage.ok('till.save', { settings: { toleranceFen: 800, maxClockJumpMinutes: 90 }, baseVersion: 0 });
    await page.getByTestId('hall-sync-now').click();
    // The hall's accounts replace the counter's: the duty manager signed in here is signed out, and signs in with the hall's password.
    await page.getByTestId('signin-page').waitFor({ timeout: 30_000 });
    await page.getByTestId('signin-staffno').fill(MANAGER.staffNo);
    await page.getByTestId('signin-secret').fill('hall-manager-2');
    await page.keyboard.press('Enter');
    await page.getByTestId('signout').waitFor();
    await page.getByRole('tab', { name: '设备' }).click();
    await page.getByTestId('hall-config').filter({ hasText: '钱箱设置 v1' }).waitFor();
    await page.getByRole('tab', { name: '设置' }).click();
    await page.getByTestId('hall-managed').filter({ hasText: '钱箱设置 v1' }).waitFor();
    // The hall's tolerance is shown, and cannot be changed here; the page's other settings still save.
    const tolerance = page.locator('input[data-testid="settings-tolerance"], [data-testid="settings-tolerance"] input').first();
    await expect.poll(() => tolerance.inputValue(), { timeout: 10_000 }).toBe('8.00');
    expect(await tolerance.isDisabled()).toBe(true);
    await shot('hall-link-5-settings-managed');
    await page.locator('[data-testid="settings-page"] button[type="submit"]').click();
    await page.getByText('设置已保存').first().waitFor();
    expect(guard.problems).toEqual([]);
  }, 90_000);
});
