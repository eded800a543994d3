/** The envelope both transports carry. */
import { z } from 'zod';
import type { ErrorShape } from './errors';

export const rpcRequest = z.object({
  method: z.string().min(1).max(100),
  input: z.unknown().optional(),
  /** The staff session (from staff.signIn); absent before sign-in. */
  session: z.string().max(200).optional(),
});
export type RpcRequest = z.infer<typeof rpcRequest>;

export type RpcResponse<T = unknown> = { ok: true; result: T } | { ok: false; error: ErrorShape };

/** The one channel the Electron shell handles. */
export const IPC_CHANNEL = 'counterdesk:rpc';
export const IPC_EVENT_CHANNEL = 'counterdesk:event';
/** Largest request body either transport accepts (a sane limit: no method needs more). */
export const MAX_REQUEST_BYTES = 256 * 1024;
