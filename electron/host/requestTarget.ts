/**
 * The request target of an incoming request, parsed once and without throwing: a bad path, URL
 * or percent-encoding is an answer (400), never an exception that ends the process. Only the
 * origin form (`/path?query`) is accepted: browsers send nothing else to an origin server, and
 * `//host/x`, `*` or `http://other/` would make the URL parser pick another host.
 */
const BASE = 'http://127.0.0.1';

export type RequestTarget =
  | {
      ok: true;
      /** As sent (still percent-encoded): what routing compares, so `/%72pc` is not `/rpc`. */
      pathname: string;
      /** Percent-decoded, for the static files. */
      path: string;
      query: URLSearchParams;
    }
  | { ok: false; reason: 'target' | 'url' | 'encoding' | 'path' };

export function parseRequestTarget(raw: string | undefined): RequestTarget {
  if (typeof raw !== 'string' || !raw.startsWith('/') || raw.startsWith('//')) return { ok: false, reason: 'target' };
  let url: URL;
  try {
    url = new URL(raw, BASE);
  } catch {
    return { ok: false, reason: 'url' };
  }
  // A backslash or an encoded slash run can still make the parser move the origin.
  if (url.origin !== BASE) return { ok: false, reason: 'url' };
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    return { ok: false, reason: 'encoding' };
  }
  // NUL ends a C path early; a backslash is a separator on Windows: neither belongs in a file name here.
  if (path.includes('\0') || path.includes('\\')) return { ok: false, reason: 'path' };
  return { ok: true, pathname: url.pathname, path, query: url.searchParams };
}

/** The plain-text body of a 400, in both languages. */
export function badRequestText(reason: string): string {
  return `请求地址无效（${reason}）/ Bad request (${reason})\n`;
}
