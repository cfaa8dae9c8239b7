import 'reflect-metadata';
import type { Server } from 'node:http';
import fastifyCookie from '@fastify/cookie';
import fastifyMultipart from '@fastify/multipart';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import type { FastifyInstance } from 'fastify';
import type { SqlDatabase } from '@peps/sql';
import type { DestinationStream } from 'pino';
import { createJsonLogger, NestJsonLogger, type HttpTimeouts, type JsonLogger, type PlatformConfig } from '@peps/runtime';
import { HttpObservation } from '../operations/metrics/http-observation.js';
import { HttpDrain } from '../operations/shutdown/http-drain.js';
import { TEST_ROUTES_PREFIX } from '../operations/test-clock/test-clock.controller.js';
import { installBodyParsers, JSON_BODY_LIMIT } from './http/body-parsers.js';
import { ErrorResponseFilter } from './http/error-response.filter.js';
import { RouteRegistry } from './http/route-registry.js';
import { installSecurityHeaders } from './http/security-headers.js';
import { platformValidationPipe } from './http/validation.js';
import { PlatformModule } from './platform.module.js';

export interface PlatformOptions {
  db?: SqlDatabase;
  logger?: false | ('error' | 'warn' | 'log')[];
  /** Where the JSON lines go (`PEPS_LOG_FORMAT=json`): standard output unless a test captures them. */
  logDestination?: DestinationStream;
}

/** The platform's application: Nest on Fastify (ADR 0004). */
export type PlatformApplication = NestFastifyApplication;

/**
 * The configured HTTP application, used by `main.ts` and by the HTTP tests alike. Signals are main.ts's business
 * (the graceful shutdown): a test closes its platform itself.
 */
export async function createPlatform(config: PlatformConfig, options: PlatformOptions = {}): Promise<PlatformApplication> {
  const levels = options.logger ?? ['error', 'warn', 'log'];
  // JSON mode: Nest's messages and one line per request, through pino; pretty mode: Nest's console, as before.
  const json: JsonLogger | undefined = config.logFormat === 'json' && levels !== false ? createJsonLogger('peps-platform', options.logDestination) : undefined;
  const adapter = new FastifyAdapter({
    trustProxy: 'loopback',
    bodyLimit: JSON_BODY_LIMIT,
    // Express's habits the pages and scripts rely on: `/comptes/` is `/comptes`; ids and tokens in paths may be long.
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 1000 },
  });
  const app = await NestFactory.create<NestFastifyApplication>(PlatformModule.forRoot(config, { db: options.db }), adapter, {
    logger: json && levels ? new NestJsonLogger(json, levels) : levels,
  });
  const instance = app.getHttpAdapter().getInstance() as unknown as FastifyInstance;
  applyHttpTimeouts(app.getHttpServer(), config.http);
  // Before any route is registered (Nest registers them at init).
  RouteRegistry.install(instance);
  instance.decorateRequest('actor', undefined);
  instance.decorateRequest('employerName', undefined);
  // First: every request gets its id, its timing and its log line, refusals before routing included.
  app.get(HttpObservation).install(instance, json);
  app.get(HttpDrain).install(instance);
  installSecurityHeaders(instance, config);
  installBodyParsers(app, instance);
  await app.register(fastifyCookie as never);
  await app.register(fastifyMultipart as never);
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
