/**
 * The hall page's one dispatcher, on the counter's pattern (electron/core/rpc/dispatcher.ts):
 * it validates the envelope, the method name, the caller's session and role, the input and the
 * output of every call against the hall page's contract (base/contract/hallPage.ts); every
 * failure becomes the one error shape, in Chinese and English. No exception crosses it.
 */
import type { z } from 'zod';
import { BilingualError } from '../../base/contract/errors';
import { hallMethods, isHallMethodName, type HallMethodName, type HallMethodOutput } from '../../base/contract/hallPage';
import { badRequest, invalidInput, toErrorShape } from '../../base/contract/issues';
import type { Access } from '../../base/contract/roles';
import { rpcRequest, type RpcResponse } from '../../base/contract/rpc';
import type { HallSession } from './sessions';

export interface HallCallContext {
  /** The caller's session (null only for a public method called without one). */
  session: HallSession | null;
  remote: string | null;
  /** Sets (a token) or clears (null) the session cookie of the answer. */
  setSessionToken(token: string | null): void;
}

export type HallHandler<M extends HallMethodName> = (
  input: z.output<(typeof hallMethods)[M]['input']>,
  ctx: HallCallContext,
) => Promise<HallMethodOutput<M>> | HallMethodOutput<M>;

/** A handler for every method of the contract: the compiler refuses a method without one. */
export type HallHandlers = { [M in HallMethodName]: HallHandler<M> };

export interface HallDispatcherOptions {
  handlers: HallHandlers;
  /** Resolves the session and checks access; throws NOT_SIGNED_IN, SESSION_LOCKED or FORBIDDEN_ROLE. */
  authorize(token: string | undefined, access: Access): Promise<HallSession | null>;
  onInternalError?: (method: string, e: unknown) => void;
}

export interface HallRequest {
  body: unknown;
  /** The session token from the cookie. */
  token: string | undefined;
  remote: string | null;
}

export type HallDispatch = (req: HallRequest) => Promise<{ reply: RpcResponse; setToken: string | null | undefined }>;

export function createHallDispatcher(opts: HallDispatcherOptions): HallDispatch {
  return async ({ body, token, remote }) => {
    let methodName = '(unknown)';
    let setToken: string | null | undefined;
    try {
      const env = rpcRequest.safeParse(body);
      if (!env.success) throw badRequest('需要 {method, input}', 'expected {method, input}');
      methodName = env.data.method;
      if (!isHallMethodName(methodName)) {
        throw new BilingualError('UNKNOWN_METHOD', `大厅页面没有这个功能：${methodName.slice(0, 60)}`, `The hall page has no such method: ${methodName.slice(0, 60)}`);
      }
      const name: HallMethodName = methodName;
      const def = hallMethods[name];
      const session = await opts.authorize(token, def.access);
      const input = def.input.safeParse(env.data.input ?? {});
      if (!input.success) throw invalidInput(name, input.error);
      const handler = opts.handlers[name] as unknown as (i: unknown, c: HallCallContext) => unknown;
      const result = await handler(input.data, { session, remote, setSessionToken: (t) => (setToken = t) });
      const out = def.output.safeParse(result);
      if (!out.success) {
        // Our own bug, not the caller's: never send an unvalidated shape to the page.
        opts.onInternalError?.(name, out.error);
        throw new BilingualError(
          'INVALID_OUTPUT',
          '大厅服务器返回了不符合约定的数据，结果未显示 — 请联系管理员',
          'The hall server produced a result that breaks its own contract; it was not shown — contact the administrator',
        );
      }
      return { reply: { ok: true, result: out.data }, setToken };
    } catch (e) {
      if (!(e instanceof BilingualError)) opts.onInternalError?.(methodName, e);
      return { reply: { ok: false, error: toErrorShape(e) }, setToken };
    }
  };
}
