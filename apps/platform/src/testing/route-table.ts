import type { FastifyInstance } from 'fastify';
import { RouteRegistry } from '../shell/http/route-registry.js';
import type { PlatformApplication } from '../shell/create-platform.js';

/** `METHOD /path` of every route registered on the platform (Nest controllers and anything else). */
export function routeTable(app: PlatformApplication): string[] {
  return RouteRegistry.of(app.getHttpAdapter().getInstance() as unknown as FastifyInstance).list();
}
