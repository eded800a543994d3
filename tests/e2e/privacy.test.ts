// Personal data in real Chromium through browser mode (training mode, the app's clock at
// Thursday 2026-11-26 10:00 in Shanghai):
//  - the device page shows the ID-photo decoder the administrator installed (install.json named by
//    COUNTERDESK_INSTALL_CONFIG), read-only, with its path and limits;
//  - an ID number typed into the manual-entry reason and into the cancel reason is refused, the
//    advice shows next to the field, nothing is stored; the reason written instead is kept in
//    free_text, cited by id, and nowhere else.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { chromiumAvailable, launchChromium } from '../helpers/chromium';
import { ROOT, startBrowserMode, type BrowserModeApp } from '../helpers/browserMode';
import { guardPage } from '../helpers/pageGuard';
import { tempDir } from '../helpers/tempDir';
import { DB_FILE } from '../../electron/core/storage/db';

const run = chromiumAvailable() && process.platform !== 'win32' ? describe : describe.skip;
if (!chromiumAvailable()) console.log('e2e privacy skipped: /usr/bin/chromium is missing (apt-get install chromium)');
const SHOTS = process.env.COUNTERDESK_SCREENSHOTS ?? path.join(ROOT, 'resources/docs');
const shoot = process.env.COUNTERDESK_SCREENSHOTS !== undefined || process.env.UPDATE_SCREENSHOTS === '1';

const CLERK = { staffNo: '1024', secret: '2580' };
const MANAGER = { staffNo: '8001', secret: 'manager-pass-1' };
/** A valid resident number (check character right) that nobody should ever type into a reason. */
const TYPED_ID = '11010519491231002X';

run('personal data in free text and the installed photo decoder, in Chromium', () => {
  let app: BrowserModeApp;
  let browser: Browser;
  let page: Page;
  let guard: { problems: string[] };
  let program: string;

  const rpc = async (method: string, input: unknown, session?: string) => {
    const r = await fetch(`${app.origin}/rpc`, { method: 'POST', headers: { 'X-CounterDesk-Token': app.token }, body: JSON.stringify({ method, input, session }) });
    return (await r.json()) as { ok: boolean; result: Record<string, unknown>; error?: { code: string } };
  };
  const step = (name: string) => page.locator(`[data-testid="journey"][data-step="${name}"]`).waitFor({ timeout: 15_000 });
  const signIn = async (who: { staffNo: string; secret: string }) => {
    await page.getByTestId('signin-page').waitFor();
    await page.getByTestId('signin-staffno').fill(who.staffNo);
    await page.getByTestId('signin-secret').fill(who.secret);
    await page.keyboard.press('Enter');
    await page.getByTestId('signout').waitFor();
  };
  const shot = async (name: string) => {
    // The pictures are for people (README, review); the assertions never depend on them.
    if (!shoot) return;
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    await page.screenshot({ path: path.join(SHOTS, `privacy-${name}.png`) });
  };

  beforeAll(async () => {
    const dir = tempDir('cd-e2e-install-');
    fs.chmodSync(dir, 0o755);
    program = path.join(dir, 'wlt2bmp');
    fs.writeFileSync(program, "#!/bin/sh\nprintf 'BM'\nhead -c 60 /dev/zero\n");
    fs.chmodSync(program, 0o755);
    const installFile = path.join(dir, 'install.json');
    fs.writeFileSync(installFile, JSON.stringify({ photoDecoder: { path: program, timeoutMs: 1500 } }));
    fs.chmodSync(installFile, 0o644);
    app = await startBrowserMode({ clockStart: '2026-11-26T10:00:00+08:00', env: { COUNTERDESK_INSTALL_CONFIG: installFile } });
    expect((await rpc('staff.createFirstAdmin', { staffNo: '9001', name: '赵管理', password: 'admin-pass-1' })).ok).toBe(true);
    const admin = (await rpc('staff.signIn', { staffNo: '9001', secret: 'admin-pass-1' })).result.session as string;
    expect((await rpc('staff.create', { staffNo: CLERK.staffNo, name: '王丽', role: 'clerk', secret: CLERK.secret }, admin)).ok).toBe(true);
    expect((await rpc('staff.create', { staffNo: MANAGER.staffNo, name: '李经理', role: 'duty_manager', secret: MANAGER.secret }, admin)).ok).toBe(true);
    expect((await rpc('staff.signOut', {}, admin)).ok).toBe(true);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    guard = guardPage(page);
    await page.goto(app.url);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('the device page shows the installed photo decoder, its path and limits, and that only the administrator sets it', async () => {
    await signIn(MANAGER);
    await page.getByRole('tab', { name: /设备/ }).click();
    await page.getByTestId('devices-decoder').waitFor();
    expect(await page.getByTestId('devices-decoder-state').getAttribute('data-configured')).toBe('true');
    expect(await page.getByTestId('devices-decoder-path').textContent()).toBe(program);
    const card = (await page.getByTestId('devices-decoder').textContent()) ?? '';
    expect(card).toContain('1500 毫秒超时');
    expect(card).toContain('install.json');
    expect(card).toContain('只能由本机管理员');
    await shot('devices-decoder');
    await page.getByTestId('signout').click();
  });

  it('an ID number in the manual-entry reason is refused next to the field; a plain reason is kept', async () => {
    await signIn(CLERK);
    const session = await page.evaluate(() => sessionStorage.getItem('counterdesk.session'));
    expect((await rpc('till.open', { float: { note_100: 2 }, items: { sim_card: 20, value_card: 10, invoice_paper: 100 } }, session!)).ok).toBe(true);
    await page.keyboard.press('F2');
    await page.getByTestId('shift-run').click();
    await page.getByTestId('new-customer').click();
    await step('greet');
    await page.keyboard.press('Enter');
    await step('need');
    await page.keyboard.press('1');
    await page.keyboard.press('Enter');
    await step('verify');
    await page.getByTestId('verify-manual').click();
    const form = page.getByTestId('manual-form');
    await form.locator('#name').fill('王秀英');
    await form.locator('#idNumber').fill(TYPED_ID);
    await form.locator('#validTo').fill('long-term');
    await page.getByTestId('manual-reason').fill(`芯片读不出 ${TYPED_ID}`);
    await form.locator('#faceConfirmed').check();
    await form.getByRole('button', { name: /确认/ }).click();
    const advice = page.getByTestId('manual-reason-error');
    await advice.waitFor();
    expect(await advice.textContent()).toContain('请勿填写证件号码');
    expect(await advice.textContent()).toContain('读卡器故障，人工核对');
    expect(await page.locator('[data-testid="journey"]').getAttribute('data-step')).toBe('verify');
    await advice.scrollIntoViewIfNeeded();
    await shot('manual-reason-refused');

    await page.getByTestId('manual-reason').fill('芯片损坏，读卡器无法读取');
    await form.getByRole('button', { name: /确认/ }).click();
    await step('consent');
  });

  it('an ID number in the cancel reason is refused next to the field; the journey stays open until a plain reason is given', async () => {
    await page.keyboard.press('Escape');
    await page.getByTestId('cancel-reason').fill(`客户 ${TYPED_ID.slice(0, 6)} ${TYPED_ID.slice(6)} 不办了`);
    await page.getByTestId('cancel-confirm').click();
    const advice = page.getByTestId('cancel-reason-error');
    await advice.waitFor();
    expect(await advice.textContent()).toContain('请勿填写证件号码');
    expect(await page.getByTestId('cancel-reason').getAttribute('class')).toContain('status-error');
    expect(await page.locator('[data-testid="journey"]').getAttribute('data-step')).toBe('consent');
    await shot('cancel-reason-refused');

    await page.getByTestId('cancel-reason').fill('王女士改天再来');
    await page.getByTestId('cancel-confirm').click();
    await page.getByTestId('new-customer').waitFor();
  });

  it('the database holds the plain reasons in free_text only, and the typed number nowhere', () => {
    const db = new Database(path.join(app.dataDir, DB_FILE), { readonly: true });
    try {
      const texts = db.prepare('SELECT purpose, text FROM free_text ORDER BY id').all();
      expect(texts).toEqual([
        { purpose: 'journey.manual_reason', text: '芯片损坏，读卡器无法读取' },
        { purpose: 'journey.cancel_reason', text: '王女士改天再来' },
      ]);
      // The shift-start check recorded the installed decoder (the screen lists the items while a check fails).
      const check = db.prepare('SELECT items FROM shift_checks ORDER BY check_id DESC').get() as { items: string };
      expect(JSON.parse(check.items)).toContainEqual({ item: 'photo_decoder', level: 'ok', text_zh: `证件照片解码程序已配置：${program}`, text_en: `ID photo decoder configured: ${program}` });
      const tables = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as { name: string }[]).map((t) => t.name);
      const everything = tables.map((t) => JSON.stringify(db.prepare(`SELECT * FROM "${t}"`).all())).join('\n');
      expect(everything).not.toContain(TYPED_ID);
      expect(everything).not.toContain(TYPED_ID.slice(6));
      const outsideFreeText = tables.filter((t) => t !== 'free_text').map((t) => JSON.stringify(db.prepare(`SELECT * FROM "${t}"`).all())).join('\n');
      expect(outsideFreeText).not.toContain('改天再来');
      expect(outsideFreeText).not.toContain('芯片损坏');
    } finally {
      db.close();
    }
  });

  it('raised no console error and no CSP violation', () => {
    expect(guard.problems).toEqual([]);
  });
});
