/**
 * The renderer's only door: `window.counterdesk.invoke(method, input)` for contract methods
 * and `on(event, cb)` returning an unsubscribe. Sandboxed preload: bundled to one CommonJS
 * file that requires nothing but electron.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { isMethodName } from '../../base/contract/methods';
import { isEventName } from '../../base/contract/events';
import { IPC_CHANNEL, IPC_EVENT_CHANNEL } from '../../base/contract/rpc';

type Listener = (payload: unknown) => void;
const listeners = new Map<string, Set<Listener>>();

ipcRenderer.on(IPC_EVENT_CHANNEL, (_e: IpcRendererEvent, msg: { name: string; payload: unknown }) => {
  for (const l of listeners.get(msg.name) ?? []) l(msg.payload);
});

contextBridge.exposeInMainWorld('counterdesk', {
  invoke(method: unknown, input: unknown, session?: unknown) {
    if (!isMethodName(method)) {
      return Promise.resolve({
        ok: false,
        error: { code: 'UNKNOWN_METHOD', message_zh: '没有这个功能', message_en: 'No such method' },
      });
    }
    return ipcRenderer.invoke(IPC_CHANNEL, { method, input, session: typeof session === 'string' ? session : undefined });
  },
  on(event: unknown, cb: unknown) {
    if (!isEventName(event) || typeof cb !== 'function') return () => undefined;
    const set = listeners.get(event) ?? new Set<Listener>();
    listeners.set(event, set);
    const l = cb as Listener;
    set.add(l);
    return () => set.delete(l);
  },
});
