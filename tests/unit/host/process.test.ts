// The two requests of issue 13 against the real browser-mode process (what `npm run start:browser`
// runs): each used to end it with an uncaught exception; now each gets 400 and the app lives on.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confSettingsPort } from '../../../electron/core/settings/confPort';
import { SettingsService } from '../../../electron/core/settings/service';
import { startBrowserMode, type BrowserModeApp } from '../../helpers/browserMode';
import { tempDir } from '../../helpers/tempDir';
import { goodRpc, rawRequest } from './rawHttp';

let app: BrowserModeApp;
let port: number;

beforeAll(async () => {
  app = await startBrowserMode();
  port = Number(new URL(app.origin).port);
});
afterAll(async () => {
  await app?.stop();
});

describe('browser-mode process under bad requests', () => {
  it.each(['/%E0%A4%A', '//['])('GET %s: 400, and the process still runs and answers', async (target) => {
    const r = await rawRequest(port, `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`);
    expect(r.status).toBe(400);
    const good = await rawRequest(port, goodRpc(port, app.token));
    expect(good.status).toBe(200);
    expect(app.child.exitCode).toBeNull();
    expect(app.output()).not.toMatch(/URIError|Invalid URL/);
  });
});

describe('the bundled app', () => {
  it('reads the settings its data folder holds (devices configured: not training mode)', async () => {
    const dataDir = tempDir();
    new SettingsService(confSettingsPort(dataDir)).update({ devices: { idcard: { mode: 'serial', port: path.join(dataDir, 'no-reader') }, printer: { mode: 'serial', port: path.join(dataDir, 'no-printer') } } });
    const bundled = await startBrowserMode({ dataDir });
    try {
      const res = await fetch(`${bundled.origin}/rpc`, { method: 'POST', headers: { 'X-CounterDesk-Token': bundled.token }, body: JSON.stringify({ method: 'app.info', input: {} }) });
      const body = (await res.json()) as { ok: boolean; result: { trainingMode: boolean; storageError: unknown } };
      expect(body.result).toMatchObject({ trainingMode: false, storageError: null });
      expect(fs.readFileSync(path.join(dataDir, 'logs', 'counterdesk.log'), 'utf8')).not.toContain('settings file cannot be read');
    } finally {
      await bundled.stop();
    }
  });
});
