/** Typed calls to the core, the same over either transport. */
import type { ErrorShape } from '../../../base/contract/errors';
import type { EventName, EventPayload } from '../../../base/contract/events';
import type { MethodInput, MethodName, MethodOutput } from '../../../base/contract/methods';
import { pickTransport, type Transport } from './transport';

export class CallError extends Error {
  constructor(readonly shape: ErrorShape) {
    super(`${shape.code}: ${shape.message_en}`);
  }
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

export function transportKind(): 'ipc' | 'http' {
  return t().kind;
}

export async function invoke<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  const reply = await t().request({ method, input, ...(session ? { session } : {}) });
  if (!reply.ok) throw new CallError(reply.error);
  return reply.result as MethodOutput<M>;
}

export function on<E extends EventName>(event: E, cb: (p: EventPayload<E>) => void): () => void {
  return t().on(event, cb as (p: unknown) => void);
}
