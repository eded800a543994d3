/**
 * The main window's options, as a pure function a unit test checks: every hardening flag
 * in one place so none can be dropped by accident.
 */
import type { BrowserWindowConstructorOptions } from 'electron';

export const APP_SCHEME = 'app';
export const APP_HOST = 'counterdesk';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

export interface WindowContext {
  /** app.isPackaged: an installed build, as opposed to `npm start` from the source tree. */
  packaged: boolean;
}

export function mainWindowOptions(preloadPath: string, ctx: WindowContext): BrowserWindowConstructorOptions {
  return {
    width: 1366,
    height: 768,
    minWidth: 1024,
    minHeight: 640,
    show: false,
    title: '柜台通 CounterDesk',
    backgroundColor: '#fafafa',
    autoHideMenuBar: true,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      experimentalFeatures: false,
      safeDialogs: true,
      // An installed counter has no developer tools: they would show (and let anyone change)
      // whatever the page holds. `npm start` from the source tree keeps them.
      devTools: !ctx.packaged,
    },
  };
}
