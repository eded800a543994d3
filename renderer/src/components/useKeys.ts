/**
 * Window-level keys for a screen (Enter for the step's primary action, Y/N, digits …), kept out
 * of the way of an open dialog: while a dialog is up, its own Enter and Esc are the only ones.
 */
import { useEffect, useRef } from 'react';

/** Whether an antd dialog (Modal) is showing right now. */
export function dialogOpen(): boolean {
  return [...document.querySelectorAll<HTMLElement>('.ant-modal-wrap')].some((w) => w.style.display !== 'none' && w.offsetParent !== null);
}

/** Whether the key lands in a field the clerk is typing in (text, number, password, a search box). */
export function typingIn(e: KeyboardEvent): boolean {
  const t = e.target;
  if (t instanceof HTMLTextAreaElement) return true;
  if (!(t instanceof HTMLInputElement)) return false;
  return !['checkbox', 'radio', 'button', 'submit'].includes(t.type);
}

/** Calls `handler` for keys on the window unless a dialog is open or the key was handled already. */
export function useKeys(handler: (e: KeyboardEvent) => void): void {
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => {
    const on = (e: KeyboardEvent) => {
      // The app frame prevents the browser's own F-keys (F5 reload) before a screen sees them.
      const handled = e.defaultPrevented && !/^F\d+$/.test(e.key);
      if (handled || e.isComposing || dialogOpen()) return;
      latest.current(e);
    };
    window.addEventListener('keydown', on);
    return () => window.removeEventListener('keydown', on);
  }, []);
}
