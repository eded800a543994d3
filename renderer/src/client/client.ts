/** Typed calls to the core, the same over either transport. */
import { hasCode, isErrorShape, type ErrorCode, type ErrorShape } from '../../../base/contract/errors';
import type { EventName, EventPayload } from '../../../base/contract/events';
import type { MethodInput, MethodName, MethodOutput } from '../../../base/contract/methods';
import { pickTransport, type Transport } from './transport';

export class CallError extends Error {
  constructor(readonly shape: ErrorShape) {
    super(`${shape.code}: ${shape.message_en}`);
  }
}

/** Whatever a call threw, as the one error shape (a bug in the page becomes INTERNAL). */
export function errorOf(e: unknown): ErrorShape {
  if (e instanceof CallError) return e.shape;
  if (isErrorShape(e)) return e;
  const text = e instanceof Error ? e.message : String(e);
  return { code: 'INTERNAL', message_zh: text, message_en: text };
}

/** Whether a call was refused with one of these codes (the compiler knows every code). */
export function isRefusal(e: unknown, ...codes: ErrorCode[]): boolean {
  return e instanceof CallError && hasCode(e.shape, ...codes);
}

let transport: Transport | null = null;
let session: string | undefined;

function t(): Transport {
  transport ??= pickTransport();
  return transport;
}

export function setSession(token: string | undefined): void {
  session = token;
}

export async function invoke<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  const reply = await t().request({ method, input, ...(session ? { session } : {}) });
  if (!reply.ok) throw new CallError(reply.error);
  return reply.result as MethodOutput<M>;
}

export function on<E extends EventName>(event: E, cb: (p: EventPayload<E>) => void): () => void {
  return t().on(event, cb as (p: unknown) => void);
}
