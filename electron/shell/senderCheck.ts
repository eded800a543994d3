/**
 * Who may talk to the core over IPC: only the top frame of our own window, showing a page
 * from the app's own origin (in the spirit of VS Code's ipcMain wrapper). Pure, so a unit
 * test can check it without Electron.
 */
import { APP_ORIGIN } from './windowOptions';

export interface SenderFacts {
  /** event.senderFrame is the main frame of the window's webContents. */
  isTopFrame: boolean;
  /** event.senderFrame.url */
  url: string | null | undefined;
  /** The webContents id belongs to the window we created. */
  isOurWindow: boolean;
}

export function senderAllowed(s: SenderFacts, origin = APP_ORIGIN): boolean {
  if (!s.isOurWindow || !s.isTopFrame || !s.url) return false;
  try {
    const u = new URL(s.url);
    return `${u.protocol}//${u.host}` === origin;
  } catch {
    return false;
  }
}
