/**
 * The hall page's files: the built renderer's second entry (renderer/hall.html → dist/renderer)
 * and its assets, under the page's own Content-Security-Policy — scripts and connections from
 * this origin only, no inline scripts, no frames. The counter's entry (index.html) is not served
 * here. When the renderer was not built, the page says how to build it (in both languages).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ServerResponse } from 'node:http';

/** antd injects <style> elements at run time, hence 'unsafe-inline' for styles only. */
export const HALL_PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export const HALL_PAGE_ENTRY = 'hall.html';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon',
};

export function defaultStaticDir(): string {
  return path.resolve(import.meta.dirname, '..', '..', 'dist', 'renderer');
}

/** Security headers of every answer of the hall server that a browser may render. */
export function pageHeaders(type: string): Record<string, string> {
  return {
    'content-type': type,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
  };
}

/** Serves GET / (the page) and /assets/…, /favicon.svg; returns false for any other path. */
export function servePageFile(staticDir: string, pathname: string, res: ServerResponse): boolean {
  let rel: string;
  if (pathname === '/' || pathname === `/${HALL_PAGE_ENTRY}`) rel = HALL_PAGE_ENTRY;
  else if (pathname.startsWith('/assets/') || pathname === '/favicon.svg') rel = decodeURIComponent(pathname.slice(1));
  else return false;
  const root = path.resolve(staticDir);
  const file = path.resolve(root, rel);
  if (!file.startsWith(root + path.sep)) {
    res.writeHead(403, pageHeaders('text/plain; charset=utf-8')).end('forbidden');
    return true;
  }
  let data: Buffer;
  try {
    data = fs.readFileSync(file);
  } catch {
    if (rel === HALL_PAGE_ENTRY) {
      res.writeHead(503, { ...pageHeaders('text/plain; charset=utf-8'), 'cache-control': 'no-store' }).end(
        '大厅页面尚未构建：请在程序目录运行 npm run build:renderer 后刷新\nThe hall page is not built: run npm run build:renderer in the program folder, then reload\n',
      );
    } else {
      res.writeHead(404, pageHeaders('text/plain; charset=utf-8')).end('not found');
    }
    return true;
  }
  const type = MIME[path.extname(file)] ?? 'application/octet-stream';
  const headers = pageHeaders(type);
  if (type.startsWith('text/html')) {
    headers['content-security-policy'] = HALL_PAGE_CSP;
    headers['cache-control'] = 'no-store';
  } else if (rel.startsWith('assets/')) {
    // Vite names assets by their content: a new build is a new name.
    headers['cache-control'] = 'public, max-age=31536000, immutable';
  }
  res.writeHead(200, headers).end(data);
  return true;
}
