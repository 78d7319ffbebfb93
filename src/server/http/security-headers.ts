import type { FastifyInstance } from 'fastify';

/**
 * The web app's Content-Security-Policy: only this origin's scripts (Vite emits no inline script), inline styles
 * allowed because antd (CSS-in-JS) and echarts write style attributes and <style> elements, images and fonts also
 * as data:/blob: URLs (icons, chart exports), no plugins, no framing. The same header goes on API answers, where it
 * costs nothing and stops a JSON or file answer from ever running as a page.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export const HSTS = 'max-age=31536000; includeSubDomains';

/** Security headers on every answer (API, files, web app, errors). HSTS only when the site is served over HTTPS. */
export function registerSecurityHeaders(app: FastifyInstance, opts: { https: boolean }): void {
  app.addHook('onSend', async (_req, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'same-origin');
    reply.header('x-frame-options', 'DENY');
    reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
    reply.header('cross-origin-opener-policy', 'same-origin');
    if (opts.https) reply.header('strict-transport-security', HSTS);
    return payload;
  });
}
