/**
 * Browser mode's gate, checked before any method runs: the per-run token, the Host
 * header (against DNS rebinding), the Origin (against other pages on this machine),
 * and a body size limit.
 */
import type { IncomingMessage } from 'node:http';
import { timingSafeEqual } from 'node:crypto';

export interface GateResult {
  status: 200 | 401 | 403 | 413;
  reason: string;
}

export function tokenMatches(expected: string, given: string | null | undefined): boolean {
  if (!given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function checkRequest(
  req: IncomingMessage,
  opts: { origin: string; token: string; tokenFrom: 'header' | URLSearchParams; maxBytes: number },
): GateResult {
  const host = req.headers.host;
  if (!host || `http://${host}` !== opts.origin) return { status: 403, reason: 'host' };
  const origin = req.headers.origin;
  // Browsers send Origin on every POST and on cross-origin GETs; a foreign one is refused.
  // Non-browser clients (the device CLI, tests) send none and still need the token.
  if (origin !== undefined && origin !== opts.origin) return { status: 403, reason: 'origin' };
  const fetchSite = req.headers['sec-fetch-site'];
  if (fetchSite !== undefined && fetchSite !== 'same-origin' && fetchSite !== 'none') return { status: 403, reason: 'fetch-site' };
  let given: string | null | undefined;
  if (opts.tokenFrom === 'header') {
    const h = req.headers['x-counterdesk-token'];
    given = Array.isArray(h) ? h[0] : h;
  } else {
    // The event stream cannot send headers from EventSource: its token comes in the query,
    // already parsed (without throwing) by parseRequestTarget.
    given = opts.tokenFrom.get('token');
  }
  if (!tokenMatches(opts.token, given)) return { status: 401, reason: 'token' };
  const len = Number(req.headers['content-length'] ?? '0');
  if (Number.isFinite(len) && len > opts.maxBytes) return { status: 413, reason: 'size' };
  return { status: 200, reason: 'ok' };
}
