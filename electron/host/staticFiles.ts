/**
 * The built renderer as static files: HTML with the renderer's CSP and no caching, a file
 * outside the folder refused, and any other path without an extension answered with index.html
 * (the renderer routes by itself).
 */
import fs from 'node:fs';
import path from 'node:path';
import type http from 'node:http';
import { RENDERER_CSP } from '../../base/csp';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.ico': 'image/x-icon',
};

export type PlainReply = (res: http.ServerResponse, status: number, body: string) => void;

/** Serves one decoded path (see parseRequestTarget) from `staticDir`. */
export function serveStatic(staticDir: string, decodedPath: string, res: http.ServerResponse, reply: PlainReply): void {
  const root = path.resolve(staticDir);
  const rel = decodedPath === '/' || decodedPath === '' ? '/index.html' : decodedPath;
  const file = path.resolve(root, '.' + rel);
  if (!file.startsWith(root + path.sep)) return reply(res, 403, 'forbidden');
  fs.readFile(file, (err, data) => {
    if (res.destroyed) return;
    if (err) {
      if (!path.extname(rel) && rel !== '/index.html') return serveStatic(staticDir, '/index.html', res, reply);
      return reply(res, 404, 'not found');
    }
    const type = MIME[path.extname(file)] ?? 'application/octet-stream';
    const headers: Record<string, string> = { 'Content-Type': type };
    if (type.startsWith('text/html')) {
      headers['Content-Security-Policy'] = RENDERER_CSP;
      headers['Cache-Control'] = 'no-store';
    }
    res.writeHead(200, headers);
    res.end(data);
  });
}
