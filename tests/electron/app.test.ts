// The packaged shell end to end, when an Electron binary is available:
//   ELECTRON_OVERRIDE_DIST_PATH=/opt/electron  (a folder with an unpacked Electron 45+)
//   or COUNTERDESK_ELECTRON_BINARY=/path/to/electron
// Our build machines cannot download Electron, so this skips there and says why.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { electronBinary } from '../../electron/shell/electronBinary';
import { ROOT } from '../helpers/browserMode';
import { tempDir } from '../helpers/tempDir';

const bin = electronBinary(ROOT);
if (!bin) {
  console.log(
    'Electron e2e skipped: no Electron binary (set ELECTRON_OVERRIDE_DIST_PATH to an unpacked Electron folder, or COUNTERDESK_ELECTRON_BINARY to the executable)',
  );
}
const run = bin ? describe : describe.skip;

run('Electron shell', () => {
  let app: ElectronApplication;
  let page: Page;
  beforeAll(async () => {
    const b = spawnSync('npm', ['run', '-s', 'build'], { cwd: ROOT, stdio: 'inherit' });
    expect(b.status).toBe(0);
    const dataDir = tempDir('cd-electron-');
    app = await _electron.launch({
      executablePath: bin!,
      args: [ROOT, '--no-sandbox'],
      cwd: ROOT,
      env: { ...process.env, COUNTERDESK_DATA_DIR: dataDir },
    });
    page = await app.firstWindow();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('shows the status bar over IPC and exposes only the bridge', async () => {
    await page.getByTestId('status-bar').waitFor();
    expect(await page.evaluate(() => typeof (window as unknown as { require?: unknown }).require)).toBe('undefined');
    const info = await page.evaluate(() =>
      (window as unknown as { counterdesk: { invoke(m: string, i: unknown): Promise<unknown> } }).counterdesk.invoke('app.info', {}),
    );
    expect(info).toMatchObject({ ok: true, result: { transport: 'ipc' } });
    const bad = await page.evaluate(() =>
      (window as unknown as { counterdesk: { invoke(m: string, i: unknown): Promise<unknown> } }).counterdesk.invoke('fs.readFile', {}),
    );
    expect(bad).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
  });

  it('refuses navigation and new windows', async () => {
    await page.evaluate(() => window.open('https://example.com'));
    expect(app.windows()).toHaveLength(1);
    expect(fs.existsSync(path.join(ROOT, 'dist/electron/main.mjs'))).toBe(true);
  });
});
