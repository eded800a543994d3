/**
 * The renderer's Content-Security-Policy, the same in both transports. No inline scripts;
 * connections only to our own origin. antd injects <style> elements at run time, hence
 * 'unsafe-inline' for styles only.
 */
export const RENDERER_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
