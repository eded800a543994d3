/**
 * Browser mode shown like an app: the system Chromium with `--app` (no tabs, no address bar) and
 * a throw-away profile. The address carries the run's token, so it is not put on Chromium's
 * command line (every user can read that in `ps`): Chromium opens a one-line page in the
 * owner-only profile folder that moves on to the address; the folder goes when the window closes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export interface AppWindow {
  child: ChildProcess;
  profileDir: string;
  /** Removes the throw-away profile (call once Chromium has exited). */
  cleanup(): void;
}

/** Chromium preferences of the throw-away profile. */
export const APP_WINDOW_PREFERENCES = { translate: { enabled: false }, browser: { check_default_browser: false } };

/** Chromium's arguments for the app window (pure, tested). */
export function appWindowArgs(openPage: string, profileDir: string, opts: { asRoot: boolean }): string[] {
  return [
    `--app=${pathToFileURL(openPage).href}`,
    `--user-data-dir=${profileDir}`,
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-sync',
    '--disable-background-networking',
    '--disable-component-update',
    '--lang=zh-CN',
    '--window-size=1366,768',
    // Chromium refuses to run as root without it; a counter's normal user never needs it.
    ...(opts.asRoot ? ['--no-sandbox'] : []),
  ];
}

/** The page Chromium opens first: it replaces itself with the app's address (token in the fragment). */
export function openPageHtml(url: string): string {
  // `<` escaped: nothing in the address can end the script element.
  const literal = JSON.stringify(url).replace(/</g, '\\u003c');
  return `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>柜台通 CounterDesk</title><script>location.replace(${literal})</script></html>\n`;
}

export function openAppWindow(chromium: string, url: string): AppWindow {
  const profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'counterdesk-window-'));
  fs.chmodSync(profileDir, 0o700);
  const openPage = path.join(profileDir, 'open.html');
  fs.writeFileSync(openPage, openPageHtml(url), { mode: 0o600 });
  // A counter's screen, not a browser: no offer to translate the Chinese UI.
  fs.mkdirSync(path.join(profileDir, 'Default'), { mode: 0o700 });
  fs.writeFileSync(path.join(profileDir, 'Default', 'Preferences'), JSON.stringify(APP_WINDOW_PREFERENCES), { mode: 0o600 });
  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const child = spawn(chromium, appWindowArgs(openPage, profileDir, { asRoot }), { stdio: 'ignore' });
  return {
    child,
    profileDir,
    cleanup: () => fs.rmSync(profileDir, { recursive: true, force: true }),
  };
}
