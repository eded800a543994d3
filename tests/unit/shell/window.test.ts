// The hardening flags of the window and the IPC sender check, without Electron.
import { describe, expect, it } from 'vitest';
import { mainWindowOptions, APP_ORIGIN } from '../../../electron/shell/windowOptions';
import { senderAllowed } from '../../../electron/shell/senderCheck';
import { RENDERER_CSP } from '../../../base/csp';

describe('main window options', () => {
  const o = mainWindowOptions('/x/preload.cjs', { packaged: true });
  it('isolates and sandboxes the renderer', () => {
    expect(o.webPreferences).toMatchObject({
      preload: '/x/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });

  it('has no developer tools in a packaged build, and keeps them from the source tree', () => {
    expect(o.webPreferences?.devTools).toBe(false);
    expect(mainWindowOptions('/x/preload.cjs', { packaged: false }).webPreferences?.devTools).toBe(true);
  });
});

describe('CSP', () => {
  it('forbids inline scripts and foreign connections', () => {
    const d = Object.fromEntries(RENDERER_CSP.split(';').map((p) => p.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
    expect(d['script-src']).toEqual(["'self'"]);
    expect(d['connect-src']).toEqual(["'self'"]);
    expect(d['object-src']).toEqual(["'none'"]);
    expect(RENDERER_CSP).not.toMatch(/script-src[^;]*unsafe-inline/);
  });
});

describe('IPC sender check', () => {
  const good = { isOurWindow: true, isTopFrame: true, url: `${APP_ORIGIN}/index.html` };
  it('accepts our own top frame', () => expect(senderAllowed(good)).toBe(true));
  it('refuses sub-frames', () => expect(senderAllowed({ ...good, isTopFrame: false })).toBe(false));
  it('refuses other windows', () => expect(senderAllowed({ ...good, isOurWindow: false })).toBe(false));
  it('refuses other origins', () => {
    expect(senderAllowed({ ...good, url: 'https://evil.example/index.html' })).toBe(false);
    expect(senderAllowed({ ...good, url: 'file:///etc/passwd' })).toBe(false);
    expect(senderAllowed({ ...good, url: 'app://counterdesk.evil/x' })).toBe(false);
    expect(senderAllowed({ ...good, url: null })).toBe(false);
    expect(senderAllowed({ ...good, url: 'not a url' })).toBe(false);
  });
});
