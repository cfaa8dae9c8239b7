import 'reflect-metadata';
import type { Server } from 'node:http';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import cookieParser from 'cookie-parser';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import type { SqlDatabase } from '@peps/sql';
import type { DestinationStream } from 'pino';
import { createJsonLogger, NestJsonLogger, type HttpTimeouts, type JsonLogger, type PlatformConfig } from '@peps/runtime';
import { HttpObservation } from '../operations/metrics/http-observation.js';
import { HttpDrain } from '../operations/shutdown/http-drain.js';
import { TEST_ROUTES_PREFIX } from '../operations/test-clock/test-clock.controller.js';
import { ErrorResponseFilter } from './http/error-response.filter.js';
import { jsonDepthGuard } from './http/json-depth.js';
import { platformValidationPipe } from './http/validation.js';
import { PlatformModule } from './platform.module.js';

export interface PlatformOptions {
  db?: SqlDatabase;
  logger?: false | ('error' | 'warn' | 'log')[];
  /** Where the JSON lines go (`PEPS_LOG_FORMAT=json`): standard output unless a test captures them. */
  logDestination?: DestinationStream;
}

/**
 * The configured HTTP application, used by `main.ts` and by the HTTP tests alike. Signals are main.ts's business
 * (the graceful shutdown): a test closes its platform itself.
 */
export async function createPlatform(config: PlatformConfig, options: PlatformOptions = {}): Promise<NestExpressApplication> {
  const levels = options.logger ?? ['error', 'warn', 'log'];
  // JSON mode: Nest's messages and one line per request, through pino; pretty mode: Nest's console, as before.
  const json: JsonLogger | undefined = config.logFormat === 'json' && levels !== false ? createJsonLogger('peps-platform', options.logDestination) : undefined;
  const app = await NestFactory.create<NestExpressApplication>(PlatformModule.forRoot(config, { db: options.db }), {
    logger: json && levels ? new NestJsonLogger(json, levels) : levels,
    bodyParser: false,
  });
  applyHttpTimeouts(app.getHttpServer(), config.http);
  app.set('trust proxy', 'loopback');
  app.disable('x-powered-by');
  // Answers are `no-store` (assets set their own ETag): no hash of every body for a validator nobody uses.
  app.set('etag', false);
  // First: every request gets its id, its timing and its log line, refusals before routing included.
  app.use(app.get(HttpObservation).middleware(json));
  app.use(app.get(HttpDrain).middleware);
  // Room for a 1 MB string so oversized fields get a field error (400) rather than a bare 413.
  app.useBodyParser('json', { limit: '2mb', strict: false });
  app.useBodyParser('urlencoded', { limit: '256kb', extended: false });
  app.use(jsonDepthGuard);
  app.use(cookieParser());
  app.use(securityHeaders(config));
  app.useGlobalFilters(new ErrorResponseFilter());
  app.useGlobalPipes(platformValidationPipe());

  const openApi = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle("PEP's Comptes")
      .setDescription('Gestion des comptes de la Plateforme Employeurs Publics')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  if (!config.testClock) withoutPaths(openApi, TEST_ROUTES_PREFIX);
  SwaggerModule.setup('api/docs', app, openApi, { jsonDocumentUrl: 'api/docs/openapi.json' });
  return app;
}

/**
 * Every answer: helmet's headers with a CSP allowing styles from 'self' only (the pages' CSS is in
 * `/assets/*.css`; the OpenAPI page, which inlines its own, keeps 'unsafe-inline' for styles), a
 * Permissions-Policy switching off the powerful features the platform never uses (passkeys, WebAuthn, stay allowed
 * for this origin), and `Cache-Control: no-store` by default — answers carry personal data; a route that may be
 * cached (the static assets) sets its own.
 */
function securityHeaders(config: PlatformConfig): (req: Request, res: Response, next: NextFunction) => void {
  const strictTransportSecurity = config.publicUrl.startsWith('https:');
  const directives = { 'script-src': ["'self'"], 'frame-ancestors': ["'none'"], 'form-action': ["'self'"] };
  const pages = precomputedHeaders(
    helmet({ contentSecurityPolicy: { useDefaults: true, directives: { ...directives, 'style-src': ["'self'"] } }, strictTransportSecurity }),
  );
  const openApiPage = precomputedHeaders(
    helmet({ contentSecurityPolicy: { useDefaults: true, directives: { ...directives, 'style-src': ["'self'", "'unsafe-inline'"] } }, strictTransportSecurity }),
  );
  return (req, res, next) => {
    const headers = req.path === '/api/docs' || req.path.startsWith('/api/docs/') ? openApiPage : pages;
    for (const [name, value] of headers) res.setHeader(name, value);
    next();
  };
}

/**
 * The headers a helmet configuration sets, taken once at start: they depend on the configuration only (no nonce),
 * so each answer copies a list instead of running helmet's dozen middlewares.
 */
function precomputedHeaders(middleware: (req: Request, res: Response, next: (error?: unknown) => void) => void): [string, string][] {
  const headers: [string, string][] = [
    ['Permissions-Policy', PERMISSIONS_POLICY],
    ['Cache-Control', 'no-store'],
  ];
  const recorder = {
    setHeader: (name: string, value: string | number | readonly string[]) => headers.push([name, String(value)]),
    removeHeader: () => undefined,
  };
  let done = false;
  middleware({} as Request, recorder as unknown as Response, (error) => {
    if (error) throw error;
    done = true;
  });
  if (!done) throw new Error('helmet did not finish synchronously: its headers cannot be precomputed');
  return headers;
}

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
 * Slow clients (one byte every few seconds) must not hold a connection for minutes: Node's defaults are 60 s for
 * headers and 300 s for a whole request, checked every 30 s. The check runs often enough to cut a request
 * within a fraction of its bound. Set before `listen` (Node reads the checking interval when listening).
 */
export function applyHttpTimeouts(server: Server, timeouts: HttpTimeouts): void {
  server.headersTimeout = timeouts.headersTimeoutMs;
  server.requestTimeout = timeouts.requestTimeoutMs;
  server.keepAliveTimeout = timeouts.keepAliveTimeoutMs;
  const shortest = Math.min(timeouts.headersTimeoutMs, timeouts.requestTimeoutMs);
  (server as Server & { connectionsCheckingInterval: number }).connectionsCheckingInterval = Math.max(50, Math.min(1_000, Math.floor(shortest / 4)));
}

/** Leaves the routes of a switch that is off out of `/api/docs` (the test clock without PEPS_TEST_CLOCK=1). */
function withoutPaths(document: OpenAPIObject, prefix: string): void {
  for (const path of Object.keys(document.paths)) {
    if (path.startsWith(prefix)) delete document.paths[path];
  }
  const used = new Set(Object.values(document.paths).flatMap((item) => Object.values(item).flatMap((op) => (op as { tags?: string[] }).tags ?? [])));
  document.tags = document.tags?.filter((tag) => used.has(tag.name));
}
