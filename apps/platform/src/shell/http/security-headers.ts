import type { FastifyInstance } from 'fastify';
import helmet from 'helmet';
import type { PlatformConfig } from '@peps/runtime';
import { requestPath } from './request-path.js';

export const PERMISSIONS_POLICY = [
  'accelerometer=()',
  'autoplay=()',
  'bluetooth=()',
  'camera=()',
  'display-capture=()',
  'geolocation=()',
  'gyroscope=()',
  'hid=()',
  'magnetometer=()',
  'microphone=()',
  'midi=()',
  'payment=()',
  'serial=()',
  'usb=()',
  'xr-spatial-tracking=()',
  'publickey-credentials-create=(self)',
  'publickey-credentials-get=(self)',
].join(', ');

/**
 * Every answer: helmet's headers with a CSP allowing styles from 'self' only (the pages' CSS is in
 * `/assets/*.css`; the OpenAPI page, which inlines its own, keeps 'unsafe-inline' for styles), a
 * Permissions-Policy switching off the powerful features the platform never uses (passkeys, WebAuthn, stay allowed
 * for this origin), and `Cache-Control: no-store` by default — answers carry personal data; a route that may be
 * cached (the static assets) sets its own.
 */
export function installSecurityHeaders(instance: FastifyInstance, config: PlatformConfig): void {
  const strictTransportSecurity = config.publicUrl.startsWith('https:');
  const directives = { 'script-src': ["'self'"], 'frame-ancestors': ["'none'"], 'form-action': ["'self'"] };
  const pages = precomputedHeaders(
    helmet({ contentSecurityPolicy: { useDefaults: true, directives: { ...directives, 'style-src': ["'self'"] } }, strictTransportSecurity }),
  );
  const openApiPage = precomputedHeaders(
    helmet({ contentSecurityPolicy: { useDefaults: true, directives: { ...directives, 'style-src': ["'self'", "'unsafe-inline'"] } }, strictTransportSecurity }),
  );
  instance.addHook('onRequest', (request, reply, done) => {
    const path = requestPath(request);
    reply.headers(path === '/api/docs' || path.startsWith('/api/docs/') ? openApiPage : pages);
    done();
  });
}

type HelmetMiddleware = (request: never, response: never, next: (error?: unknown) => void) => void;

/**
 * The headers a helmet configuration sets, taken once at start: they depend on the configuration only (no nonce),
 * so each answer copies one object instead of running helmet's dozen middlewares.
 */
function precomputedHeaders(middleware: HelmetMiddleware): Record<string, string> {
  const headers: Record<string, string> = { 'permissions-policy': PERMISSIONS_POLICY, 'cache-control': 'no-store' };
  const recorder = {
    setHeader: (name: string, value: string | number | readonly string[]) => {
      headers[name.toLowerCase()] = String(value);
    },
    removeHeader: (name: string) => {
      delete headers[name.toLowerCase()];
    },
  };
  let done = false;
  middleware({} as never, recorder as never, (error) => {
    if (error) throw error;
    done = true;
  });
  if (!done) throw new Error('helmet did not finish synchronously: its headers cannot be precomputed');
  return headers;
}
