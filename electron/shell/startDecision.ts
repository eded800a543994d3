/**
 * What `npm start` runs, as a pure function of what this machine has: the Electron app when its
 * binary is there; otherwise browser mode, in a Chromium app window when there is a Chromium and
 * a screen to show it on, else printing the address to open.
 */
import path from 'node:path';

export type StartPlan =
  | { mode: 'electron'; binary: string }
  | { mode: 'browser'; chromium: string | null; /** One line for the console saying why browser mode, and how it shows. */ note: string };

export interface StartFacts {
  /** The Electron executable, or null (electronBinary()). */
  electron: string | null;
  /** `--browser`: browser mode even where Electron exists (`npm run start:browser`). */
  forceBrowser: boolean;
  /** `--no-open`: do not open a window, only print the address. */
  noOpen: boolean;
  /** A Chromium executable, or null (findChromium()). */
  chromium: string | null;
  /** A screen to open a window on (DISPLAY or WAYLAND_DISPLAY on Linux). */
  display: boolean;
}

export function decideStart(f: StartFacts): StartPlan {
  if (f.electron && !f.forceBrowser) return { mode: 'electron', binary: f.electron };
  const why = f.forceBrowser ? '浏览器模式 / browser mode' : '没有 Electron 程序，以浏览器模式启动 / no Electron binary: starting in browser mode';
  if (f.noOpen) return { mode: 'browser', chromium: null, note: `${why} — 请在 Chromium 中打开下面的地址 / open the address below in Chromium` };
  if (!f.chromium) return { mode: 'browser', chromium: null, note: `${why} — 未找到 Chromium，请在浏览器中打开下面的地址 / no Chromium found: open the address below in a browser` };
  if (!f.display) return { mode: 'browser', chromium: null, note: `${why} — 没有图形界面，请在浏览器中打开下面的地址 / no display: open the address below in a browser` };
  return { mode: 'browser', chromium: f.chromium, note: `${why} — 在 Chromium 应用窗口中打开 / opening it in a Chromium app window` };
}

/** Chromium's names on Debian, Ubuntu and elsewhere, in the order they are tried after COUNTERDESK_CHROMIUM. */
export const CHROMIUM_NAMES = ['chromium', 'chromium-browser', 'google-chrome-stable', 'google-chrome'];

/** The first Chromium on PATH (or COUNTERDESK_CHROMIUM), given a test for "is an executable file". */
export function findChromium(env: NodeJS.ProcessEnv, isExecutable: (file: string) => boolean): string | null {
  if (env.COUNTERDESK_CHROMIUM) return isExecutable(env.COUNTERDESK_CHROMIUM) ? env.COUNTERDESK_CHROMIUM : null;
  const dirs = (env.PATH ?? '').split(path.delimiter).filter(Boolean);
  for (const name of CHROMIUM_NAMES) {
    for (const d of dirs) {
      const file = path.join(d, name);
      if (isExecutable(file)) return file;
    }
  }
  return null;
}

export function hasDisplay(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): boolean {
  if (platform !== 'linux' && platform !== 'freebsd' && platform !== 'openbsd') return true;
  return Boolean(env.DISPLAY || env.WAYLAND_DISPLAY);
}
