// A damaged database gives a clear error screen in the browser — not a crash, not a new empty database.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { chromiumAvailable, launchChromium } from '../helpers/chromium';
import { startBrowserMode, type BrowserModeApp } from '../helpers/browserMode';
import { tempDir } from '../helpers/tempDir';
import { DB_FILE } from '../../electron/core/storage/db';

const run = chromiumAvailable() ? describe : describe.skip;

run('storage error screen', () => {
  let app: BrowserModeApp;
  let browser: Browser;
  const junk = Buffer.from('这不是数据库 — not a database. '.repeat(200));
  let dataDir: string;

  beforeAll(async () => {
    dataDir = tempDir('cd-e2e-corrupt-');
    fs.writeFileSync(path.join(dataDir, DB_FILE), junk);
    app = await startBrowserMode({ dataDir });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('says the database is damaged, in Chinese, and leaves the file untouched', async () => {
    const page = await browser.newPage();
    await page.goto(app.url);
    await page.getByTestId('storage-error').waitFor();
    expect(await page.getByTestId('storage-error-message').textContent()).toContain('数据库文件无法打开或已损坏');
    expect(await page.getByTestId('device-database').getAttribute('data-state')).toBe('error');
    expect(await page.getByTestId('signin-page').count()).toBe(0);
    expect(fs.readFileSync(path.join(dataDir, DB_FILE)).equals(junk)).toBe(true);
  });
});
