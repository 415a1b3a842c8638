import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet from 'helmet';

/**
 * Response headers for every route, from `helmet`: nosniff, no framing, no referrer, and a
 * Content-Security-Policy the dashboard works under — scripts, styles, fonts and connections only
 * from this origin. Inline style attributes stay allowed (the chart tooltips set them); inline
 * scripts do not. No upgrade-insecure-requests: the server may be reached over plain HTTP on a
 * private network, where upgrading the page's own requests would break it.
 */
export const SECURITY_HEADER_OPTIONS = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      'default-src': ["'self'"],
      'script-src': ["'self'"],
      'script-src-attr': ["'none'"],
      'style-src': ["'self'", "'unsafe-inline'"],
      'img-src': ["'self'", 'data:', 'blob:'],
      'font-src': ["'self'", 'data:'],
      'connect-src': ["'self'"],
      'worker-src': ["'self'", 'blob:'],
      'object-src': ["'none'"],
      'base-uri': ["'self'"],
      'form-action': ["'self'"],
      'frame-ancestors': ["'none'"],
    },
  },
  frameguard: { action: 'deny' as const },
  referrerPolicy: { policy: 'no-referrer' as const },
};

/**
 * The headers helmet sets, computed once: they depend on nothing in the request (no nonces), so
 * every response gets the same object instead of helmet rebuilding the policy per request.
 */
export function securityHeaders(): Readonly<Record<string, string>> {
  const headers: Record<string, string> = {};
  const res = {
    setHeader: (name: string, value: string | number | readonly string[]) => void (headers[name.toLowerCase()] = String(value)),
    removeHeader: (name: string) => void delete headers[name.toLowerCase()],
    getHeader: (name: string) => headers[name.toLowerCase()],
  } as unknown as ServerResponse;
  let failed: unknown;
  helmet(SECURITY_HEADER_OPTIONS)({ headers: {}, method: 'GET', url: '/' } as IncomingMessage, res, (err?: unknown) => void (failed = err));
  if (failed) throw failed instanceof Error ? failed : new Error(String(failed));
  return Object.freeze(headers);
}
