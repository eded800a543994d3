/**
 * The hall page's only way to the hall server: typed calls over POST /v1/page/rpc (the session
 * travels in its HttpOnly cookie; the page's header marks the request as the page's own) and the
 * server-sent events of /v1/page/events. The contract is base/contract/hallPage.ts.
 */
import { hasCode, isErrorShape, type ErrorCode, type ErrorShape } from '../../../base/contract/errors';
import {
  HALL_PAGE_EVENTS_PATH, HALL_PAGE_HEADER, HALL_PAGE_RPC_PATH,
  type HallEventName, type HallEventPayload, type HallMethodInput, type HallMethodName, type HallMethodOutput,
} from '../../../base/contract/hallPage';
import type { RpcResponse } from '../../../base/contract/rpc';

export class HallCallError extends Error {
  constructor(readonly shape: ErrorShape) {
    super(`${shape.code}: ${shape.message_en}`);
  }
}

export function errorOf(e: unknown): ErrorShape {
  if (e instanceof HallCallError) return e.shape;
  if (isErrorShape(e)) return e;
  const text = e instanceof Error ? e.message : String(e);
  return { code: 'INTERNAL', message_zh: text, message_en: text };
}

export function isRefusal(e: unknown, ...codes: ErrorCode[]): boolean {
  return e instanceof HallCallError && hasCode(e.shape, ...codes);
}

const DOWN: ErrorShape = {
  code: 'TRANSPORT_DOWN',
  message_zh: '与大厅服务器的连接中断 — 请检查网络后重试',
  message_en: 'Lost the connection to the hall server — check the network and try again',
};

export async function call<M extends HallMethodName>(method: M, input: HallMethodInput<M>): Promise<HallMethodOutput<M>> {
  let res: Response;
  try {
    res = await fetch(HALL_PAGE_RPC_PATH, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', [HALL_PAGE_HEADER]: '1' },
      body: JSON.stringify({ method, input }),
    });
  } catch {
    throw new HallCallError(DOWN);
  }
  let reply: RpcResponse;
  try {
    reply = (await res.json()) as RpcResponse;
  } catch {
    throw new HallCallError({ code: 'TRANSPORT_HTTP', message_zh: `大厅服务器返回 ${res.status}`, message_en: `The hall server answered ${res.status}` });
  }
  if (!reply.ok) throw new HallCallError(reply.error);
  return reply.result as HallMethodOutput<M>;
}

type Listener = (payload: unknown) => void;

/**
 * One event stream for the page, opened while something listens and the page is signed in.
 * The browser reconnects by itself after a network break; a refusal (401/403: signed out or
 * locked) closes it for good, and `onClosed` tells the page to ask who it is.
 */
export class HallEvents {
  private source: EventSource | null = null;
  private readonly listeners = new Map<string, Set<Listener>>();

  constructor(private readonly onClosed: () => void, private readonly onOpen: () => void = () => undefined) {}

  open(): void {
    if (this.source) return;
    const s = new EventSource(HALL_PAGE_EVENTS_PATH, { withCredentials: true });
    this.source = s;
    s.onopen = () => this.onOpen();
    s.onerror = () => {
      if (s.readyState === EventSource.CLOSED) {
        this.source = null;
        this.onClosed();
      }
    };
    for (const name of this.listeners.keys()) this.bind(s, name);
  }

  close(): void {
    this.source?.close();
    this.source = null;
  }

  on<E extends HallEventName>(event: E, cb: (p: HallEventPayload<E>) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
      if (this.source) this.bind(this.source, event);
    }
    set.add(cb as Listener);
    return () => set.delete(cb as Listener);
  }

  private bind(s: EventSource, name: string): void {
    s.addEventListener(name, (m) => {
      let payload: unknown;
      try {
        payload = JSON.parse((m as MessageEvent<string>).data);
      } catch {
        return;
      }
      for (const l of this.listeners.get(name) ?? []) l(payload);
    });
  }
}
