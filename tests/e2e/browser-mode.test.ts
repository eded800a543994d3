// Browser mode end to end: the real core in a child process, the built renderer in Debian Chromium.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { chromiumAvailable, launchChromium } from '../helpers/chromium';
import { startBrowserMode, type BrowserModeApp } from '../helpers/browserMode';
import { guardPage } from '../helpers/pageGuard';

const run = chromiumAvailable() ? describe : describe.skip;
if (!chromiumAvailable()) console.log('e2e skipped: /usr/bin/chromium is missing (apt-get install chromium)');

run('browser mode in Chromium', () => {
  let app: BrowserModeApp;
  let browser: Browser;
  let page: Page;
  let guard: { problems: string[] };

  beforeAll(async () => {
    app = await startBrowserMode();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    guard = guardPage(page);
    await page.goto(app.url);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('shows the Chinese counter screen with the status bar and the training banner', async () => {
    await page.getByTestId('status-bar').waitFor();
    await expectText(page, 'device-idcard', /读卡器 模拟/);
    await expectText(page, 'device-printer', /打印机 模拟/);
    await expectText(page, 'device-database', /数据库 就绪/);
    expect(await page.getByTestId('training-banner').textContent()).toContain('培训模式');
    expect(await page.getByTestId('counter').textContent()).toBe('03号台席');
    expect(await page.getByTestId('clock').textContent()).toMatch(/^\d\d:\d\d$/);
    // The token left the address bar once read.
    expect(page.url()).not.toContain('token=');
  });

  it('guides the first start: no default password, the administrator is created, then signs in', async () => {
    await page.getByTestId('setup-page').waitFor();
    await page.getByTestId('setup-staffno').fill('9001');
    await page.getByTestId('setup-name').fill('赵管理');
    await page.getByTestId('setup-password').fill('admin-pass-1');
    await page.getByTestId('setup-confirm').fill('admin-pass-1');
    await page.keyboard.press('Enter');
    await page.getByTestId('signin-page').waitFor();
    await page.getByTestId('signin-staffno').fill('9001');
    await page.getByTestId('signin-secret').fill('wrong-pass');
    await page.keyboard.press('Enter');
    await expectText(page, 'signin-error', /密码|工号/);
    await page.getByTestId('signin-secret').fill('admin-pass-1');
    await page.keyboard.press('Enter');
    await expectText(page, 'clerk', /9001 赵管理/);
  });

  it('round-trips app.info and shows the schema version on the About page', async () => {
    await page.getByRole('tab', { name: '关于' }).click();
    const schema = Number(await page.getByTestId('schema-version').textContent());
    expect(schema).toBeGreaterThanOrEqual(1);
    const viaFetch = await page.evaluate(async () => {
      const token = sessionStorage.getItem('counterdesk.token') ?? '';
      const r = await fetch('/rpc', { method: 'POST', headers: { 'X-CounterDesk-Token': token }, body: JSON.stringify({ method: 'app.info', input: {} }) });
      return (await r.json()) as { ok: boolean; result: { schemaVersion: number; transport: string } };
    });
    expect(viaFetch).toMatchObject({ ok: true, result: { schemaVersion: schema, transport: 'http' } });
  });

  it('answers a malformed request with the typed bilingual error', async () => {
    const r = await page.evaluate(async () => {
      const token = sessionStorage.getItem('counterdesk.token') ?? '';
      const res = await fetch('/rpc', { method: 'POST', headers: { 'X-CounterDesk-Token': token }, body: '{"method":"app.ping","input":{"echo":42}}' });
      return (await res.json()) as { ok: boolean; error: { code: string; message_zh: string; message_en: string } };
    });
    expect(r.ok).toBe(false);
    expect(r.error.code).toBe('INVALID_INPUT');
    expect(r.error.message_zh).toMatch(/输入内容不正确/);
    expect(r.error.message_en).toMatch(/Invalid input/);
  });

  it('switches to English and back by keyboard', async () => {
    await page.getByTestId('lang-switch').focus();
    await page.keyboard.press('Enter');
    await expectText(page, 'device-idcard', /ID reader simulated/);
    await page.keyboard.press('Enter');
    await expectText(page, 'device-idcard', /读卡器 模拟/);
  });

  it('F1 shows the keys, Esc closes the list', async () => {
    await page.keyboard.press('F1');
    await page.getByTestId('keys-help').waitFor();
    expect(await page.getByTestId('keys-help').textContent()).toContain('锁屏');
    await page.keyboard.press('Escape');
    await page.getByTestId('keys-help').waitFor({ state: 'detached' });
  });

  it('shows the hall time in the header, from the core clock', async () => {
    const shown = await page.getByTestId('clock').textContent();
    const hall = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    const before = hall.format(new Date(Date.now() - 60_000));
    const after = hall.format(new Date(Date.now() + 60_000));
    expect([before, hall.format(new Date()), after]).toContain(shown);
  });

  it('raised no console error and no CSP violation', () => {
    expect(guard.problems).toEqual([]);
  });
});

async function expectText(page: Page, testId: string, re: RegExp) {
  const loc = page.getByTestId(testId);
  await loc.waitFor();
  await page.waitForFunction(
    ([id, src]) => new RegExp(src as string).test(document.querySelector(`[data-testid="${id}"]`)?.textContent ?? ''),
    [testId, re.source],
    { timeout: 10_000 },
  );
  expect(await loc.textContent()).toMatch(re);
}
