// `npm start`: Electron when its binary is here, else browser mode in a Chromium app window (or
// the address printed). The decision is a pure function of what the machine has; the launcher
// process is then checked end to end with a stand-in for Chromium that records how it was opened.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { appWindowArgs, openPageHtml } from '../../../electron/shell/appWindow';
import { CHROMIUM_NAMES, decideStart, findChromium, hasDisplay, type StartFacts } from '../../../electron/shell/startDecision';
import { ensureAppBuilt, LAUNCH_ENTRY, ROOT } from '../../helpers/appBuild';
import { ensureRendererBuilt } from '../../helpers/browserMode';
import { tempDir } from '../../helpers/tempDir';

const none: StartFacts = { electron: null, forceBrowser: false, noOpen: false, chromium: null, display: false };

describe('what npm start runs', () => {
  it('Electron when its binary is here', () => {
    expect(decideStart({ ...none, electron: '/e/electron', chromium: '/usr/bin/chromium', display: true })).toEqual({ mode: 'electron', binary: '/e/electron' });
  });

  it('otherwise browser mode in a Chromium app window, when there is a Chromium and a screen', () => {
    const p = decideStart({ ...none, chromium: '/usr/bin/chromium', display: true });
    expect(p).toMatchObject({ mode: 'browser', chromium: '/usr/bin/chromium' });
    expect(p.mode === 'browser' && p.note).toMatch(/no Electron binary.*Chromium app window/);
  });

  it('prints the address instead when there is no Chromium, no screen, or --no-open', () => {
    for (const f of [{ ...none, display: true }, { ...none, chromium: '/usr/bin/chromium' }, { ...none, chromium: '/usr/bin/chromium', display: true, noOpen: true }]) {
      const p = decideStart(f);
      expect(p).toMatchObject({ mode: 'browser', chromium: null });
      expect(p.mode === 'browser' && p.note).toMatch(/open the address below/);
    }
  });

  it('browser mode even with Electron when asked (npm run start:browser)', () => {
    expect(decideStart({ ...none, electron: '/e/electron', forceBrowser: true, noOpen: true })).toMatchObject({ mode: 'browser', chromium: null });
  });

  it('finds Chromium by its usual names on PATH, or COUNTERDESK_CHROMIUM', () => {
    const have = new Set(['/opt/bin/google-chrome', '/usr/bin/chromium-browser']);
    const exe = (f: string) => have.has(f);
    expect(findChromium({ PATH: '/opt/bin:/usr/bin' }, exe)).toBe('/usr/bin/chromium-browser');
    expect(findChromium({ PATH: '/opt/bin' }, exe)).toBe('/opt/bin/google-chrome');
    expect(findChromium({ PATH: '/nowhere' }, exe)).toBeNull();
    expect(findChromium({ PATH: '/usr/bin', COUNTERDESK_CHROMIUM: '/opt/bin/google-chrome' }, exe)).toBe('/opt/bin/google-chrome');
    expect(CHROMIUM_NAMES[0]).toBe('chromium');
  });

  it('needs DISPLAY or WAYLAND_DISPLAY on Linux', () => {
    expect(hasDisplay({}, 'linux')).toBe(false);
    expect(hasDisplay({ DISPLAY: ':0' }, 'linux')).toBe(true);
    expect(hasDisplay({ WAYLAND_DISPLAY: 'wayland-0' }, 'linux')).toBe(true);
    expect(hasDisplay({}, 'win32')).toBe(true);
  });
});

describe('the app window', () => {
  const url = 'http://127.0.0.1:40000/#token=abcdefghijklmnopqrstuvwx';
  it('opens a page from the owner-only profile, so the token is not on Chromium’s command line', () => {
    const args = appWindowArgs('/tmp/p/open.html', '/tmp/p', { asRoot: false });
    expect(args).toContain('--app=file:///tmp/p/open.html');
    expect(args).toContain('--user-data-dir=/tmp/p');
    expect(args).not.toContain('--no-sandbox');
    expect(args.join(' ')).not.toContain('token');
    expect(appWindowArgs('/tmp/p/open.html', '/tmp/p', { asRoot: true })).toContain('--no-sandbox');
  });

  it('the page moves on to the address, escaped for a script', () => {
    expect(openPageHtml(url)).toContain(`location.replace("${url}")`);
    expect(openPageHtml('http://x/</script><b>')).not.toContain('</script><b>');
  });
});

describe('the launcher without Electron', () => {
  const running: { kill(): void }[] = [];
  afterEach(() => {
    for (const c of running.splice(0)) c.kill();
  });

  /** A Chromium stand-in: records its arguments and the page it was given, then waits to be closed. */
  function fakeChromium(dir: string): { bin: string; record: string } {
    const record = path.join(dir, 'record.json');
    const bin = path.join(dir, 'chromium');
    fs.writeFileSync(
      bin,
      `#!${process.execPath}\nconst fs = require('node:fs');\nconst args = process.argv.slice(2);\nconst page = args.find((a) => a.startsWith('--app=file://')).slice('--app=file://'.length);\nfs.writeFileSync(${JSON.stringify(record)}, JSON.stringify({ args, page, html: fs.readFileSync(page, 'utf8'), mode: fs.statSync(require('node:path').dirname(page)).mode & 0o777 }));\nprocess.on('SIGTERM', () => process.exit(0));\nsetInterval(() => {}, 1000);\n`,
      { mode: 0o755 },
    );
    return { bin, record };
  }

  it('starts browser mode itself and opens it in a Chromium app window; closing the window stops the app', { timeout: 60_000 }, async () => {
    ensureRendererBuilt();
    await ensureAppBuilt();
    const dir = tempDir();
    const { bin, record } = fakeChromium(dir);
    const child = spawn(process.execPath, [LAUNCH_ENTRY, '--data-dir', path.join(dir, 'data')], {
      cwd: ROOT,
      env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1', ELECTRON_OVERRIDE_DIST_PATH: '', COUNTERDESK_ELECTRON_BINARY: '', COUNTERDESK_CHROMIUM: bin, DISPLAY: ':99' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    running.push(child);
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', () => {
        const m = /COUNTERDESK_URL=(\S+)/.exec(out);
        if (m?.[1]) resolve(m[1]);
      });
      child.once('exit', (c) => reject(new Error(`launcher exited ${c}: ${out}`)));
    });
    expect(out).toContain('no Electron binary: starting in browser mode');
    // The app answers at that address.
    const origin = url.slice(0, url.indexOf('/#'));
    const token = url.slice(url.indexOf('token=') + 6);
    const res = await fetch(`${origin}/rpc`, { method: 'POST', headers: { 'X-CounterDesk-Token': token }, body: JSON.stringify({ method: 'app.info', input: {} }) });
    expect(res.status).toBe(200);
    // Chromium was opened on the page that leads there, from an owner-only folder.
    const until = Date.now() + 30_000;
    while (!fs.existsSync(record) && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    const rec = JSON.parse(fs.readFileSync(record, 'utf8')) as { args: string[]; page: string; html: string; mode: number };
    expect(rec.html).toContain(url);
    expect(rec.args.join(' ')).not.toContain(token);
    expect(rec.mode).toBe(0o700);
    // Closing the window stops the app and the launcher, and takes the profile with it.
    const exited = new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
    const chromiumPid = Number(fs.readdirSync('/proc').find((p) => /^\d+$/.test(p) && safeRead(`/proc/${p}/cmdline`).includes(rec.page)));
    process.kill(chromiumPid, 'SIGTERM');
    expect(await exited).toBe(0);
    expect(fs.existsSync(path.dirname(rec.page))).toBe(false);
    await expect(fetch(`${origin}/rpc`, { method: 'POST' })).rejects.toThrow();
  });

  it('prints the address when there is no screen', { timeout: 60_000 }, async () => {
    ensureRendererBuilt();
    await ensureAppBuilt();
    const dir = tempDir();
    const child = spawn(process.execPath, [LAUNCH_ENTRY, '--data-dir', path.join(dir, 'data')], {
      cwd: ROOT,
      env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1', ELECTRON_OVERRIDE_DIST_PATH: '', COUNTERDESK_ELECTRON_BINARY: '', DISPLAY: '', WAYLAND_DISPLAY: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    running.push(child);
    let out = '';
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('COUNTERDESK_URL=')) resolve();
      });
      child.once('exit', (c) => reject(new Error(`launcher exited ${c}: ${out}`)));
    });
    expect(out).toMatch(/no display: open the address below/);
    const exited = new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});

function safeRead(f: string): string {
  try {
    return fs.readFileSync(f, 'utf8');
  } catch {
    return '';
  }
}
