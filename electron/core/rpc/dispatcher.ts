/**
 * The one dispatcher both transports hand requests to. It validates the envelope, the
 * method name, the input, the caller's role and the output; every failure becomes
 * `{code, message_zh, message_en}`. No exception ever crosses it.
 */
import { z } from 'zod';
import { BilingualError } from '../../../base/contract/errors';
import { isMethodName, methods, type MethodName, type MethodInput, type MethodOutput } from '../../../base/contract/methods';
import type { Access, Role } from '../../../base/contract/roles';
import { rpcRequest, type RpcResponse } from '../../../base/contract/rpc';
import { badRequest, invalidInput, toErrorShape } from '../../../base/contract/issues';

/** Who is calling: resolved from the request's session token by the staff module. */
export interface CallerSession {
  sessionId: string;
  staffNo: string;
  name: string;
  role: Role;
  counterId: string;
}

export interface CallContext {
  session: CallerSession | null;
  transport: 'ipc' | 'http';
}

export type Handler<M extends MethodName> = (
  input: z.output<(typeof methods)[M]['input']>,
  ctx: CallContext,
) => Promise<MethodOutput<M>> | MethodOutput<M>;

export type Handlers = { [M in MethodName]: Handler<M> };

/** Resolves a session token and checks access; throws BilingualError (not signed in, wrong role, locked). */
export type Authorizer = (token: string | undefined, access: Access, method: MethodName) => CallerSession | null;

/** A call refused with a known error: who tried what, and why. */
export interface Refusal {
  method: MethodName;
  access: Access;
  code: BilingualError['code'];
  /** Who held the token, even when the refusal was about their role or a locked screen; null without one. */
  who: Pick<CallerSession, 'staffNo' | 'counterId'> | null;
}

export interface DispatcherOptions {
  handlers: Handlers;
  authorize: Authorizer;
  /** Who a token belongs to, without any check (for recording a refusal against the person). */
  identify?: (token: string | undefined) => Pick<CallerSession, 'staffNo' | 'counterId'> | null;
  /**
   * Every refusal of a known method, in one place: the app records them in the audit log
   * (a forbidden role, an early settlement, a self-approval, bad credentials, a clock refusal …).
   */
  onRefused?: (r: Refusal) => void;
  /** Called with unexpected exceptions (never with personal data: the logger scrubs). */
  onInternalError?: (method: string, e: unknown) => void;
}

export type Dispatch = (raw: unknown, transport: 'ipc' | 'http') => Promise<RpcResponse>;

export function createDispatcher(opts: DispatcherOptions): Dispatch {
  return async (raw, transport) => {
    let methodName = '(unknown)';
    let token: string | undefined;
    let known: MethodName | null = null;
    try {
      const env = rpcRequest.safeParse(raw);
      if (!env.success) throw badRequest('需要 {method, input}', 'expected {method, input}');
      methodName = env.data.method;
      if (!isMethodName(methodName)) {
        throw new BilingualError(
          'UNKNOWN_METHOD',
          `没有这个功能：${methodName.slice(0, 60)}`,
          `No such method: ${methodName.slice(0, 60)}`,
        );
      }
      const name: MethodName = methodName;
      known = name;
      token = env.data.session;
      const def = methods[name];
      const session = opts.authorize(env.data.session, def.access, name);
      const input = def.input.safeParse(env.data.input ?? {});
      if (!input.success) throw invalidInput(name, input.error);
      const handler = opts.handlers[name] as unknown as (i: unknown, c: CallContext) => unknown;
      const result = await handler(input.data, { session, transport });
      const out = def.output.safeParse(result);
      if (!out.success) {
        // Our own bug, not the caller's: never send an unvalidated shape to the UI.
        opts.onInternalError?.(name, out.error);
        throw new BilingualError(
          'INVALID_OUTPUT',
          '程序返回了不符合约定的数据，操作结果未显示 — 请联系管理员',
          'The app produced a result that breaks its own contract; it was not shown — contact the administrator',
        );
      }
      return { ok: true, result: out.data };
    } catch (e) {
      if (!(e instanceof BilingualError)) opts.onInternalError?.(methodName, e);
      else if (known && opts.onRefused) {
        try {
          opts.onRefused({ method: known, access: methods[known].access, code: e.code, who: opts.identify?.(token) ?? null });
        } catch (recordError) {
          opts.onInternalError?.(methodName, recordError);
        }
      }
      return { ok: false, error: toErrorShape(e) };
    }
  };
}

/** Typed helper for core-internal callers and tests. */
export async function call<M extends MethodName>(
  dispatch: Dispatch,
  method: M,
  input: MethodInput<M>,
  session?: string,
): Promise<RpcResponse<MethodOutput<M>>> {
  return (await dispatch({ method, input, session }, 'http')) as RpcResponse<MethodOutput<M>>;
}
