/**
 * The renderer's only way to the core. It picks the transport once at start:
 * Electron's preload bridge (`window.counterdesk`) when present, otherwise browser mode
 * (POST /rpc + SSE /events with the per-run token from the URL fragment).
 * Nothing else in the renderer knows which one it has.
 */
import type { RpcResponse } from '../../../base/contract/rpc';

export interface Transport {
  kind: 'ipc' | 'http';
  request(envelope: { method: string; input: unknown; session?: string }): Promise<RpcResponse>;
  on(event: string, cb: (payload: unknown) => void): () => void;
}

interface Bridge {
  invoke(method: string, input: unknown, session?: string): Promise<RpcResponse>;
  on(event: string, cb: (payload: unknown) => void): () => void;
}

declare global {
  interface Window {
    counterdesk?: Bridge;
  }
}

function ipcTransport(bridge: Bridge): Transport {
  return {
    kind: 'ipc',
    request: (e) => bridge.invoke(e.method, e.input, e.session),
    on: (event, cb) => bridge.on(event, cb),
  };
}

const TOKEN_KEY = 'counterdesk.token';

function takeToken(): string {
  const m = /(?:^#|&)token=([A-Za-z0-9_-]+)/.exec(window.location.hash);
  if (m?.[1]) {
    sessionStorage.setItem(TOKEN_KEY, m[1]);
    // Keep the token out of the address bar (and out of screenshots over the clerk's shoulder).
    history.replaceState(null, '', window.location.pathname);
    return m[1];
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

function httpTransport(): Transport {
  const token = takeToken();
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  let source: EventSource | null = null;
  const ensureSource = (event: string) => {
    source ??= new EventSource(`/events?token=${encodeURIComponent(token)}`);
    if (!listeners.has(event)) {
      listeners.set(event, new Set());
      source.addEventListener(event, (m) => {
        let payload: unknown;
        try {
          payload = JSON.parse((m as MessageEvent<string>).data);
        } catch {
          return;
        }
        for (const l of listeners.get(event) ?? []) l(payload);
      });
    }
  };
  return {
    kind: 'http',
    async request(e) {
      let res: Response;
      try {
        res = await fetch('/rpc', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-CounterDesk-Token': token },
          body: JSON.stringify(e),
        });
      } catch {
        return { ok: false, error: { code: 'TRANSPORT_DOWN', message_zh: '与柜台通后台的连接中断 — 请确认程序仍在运行后刷新页面', message_en: 'Lost the connection to the CounterDesk core — check it is still running, then reload' } };
      }
      if (res.status === 401 || res.status === 403) {
        return { ok: false, error: { code: 'TRANSPORT_REFUSED', message_zh: '访问令牌无效 — 请使用启动时打印的完整地址打开', message_en: 'Access token refused — open the full address printed at start' } };
      }
      if (!res.ok) {
        return { ok: false, error: { code: 'TRANSPORT_HTTP', message_zh: `请求被拒绝（${res.status}）`, message_en: `Request refused (${res.status})`, detail: { status: res.status } } };
      }
      return (await res.json()) as RpcResponse;
    },
    on(event, cb) {
      ensureSource(event);
      listeners.get(event)!.add(cb);
      return () => listeners.get(event)?.delete(cb);
    },
  };
}

export function pickTransport(): Transport {
  return window.counterdesk ? ipcTransport(window.counterdesk) : httpTransport();
}
