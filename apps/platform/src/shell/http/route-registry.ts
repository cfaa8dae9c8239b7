import type { FastifyInstance } from 'fastify';

/**
 * Every route the application registers, as `METHOD /path`, recorded by Fastify's `onRoute` hook (its router keeps
 * no list to read back). HEAD routes Fastify adds beside each GET are left out: they are the GET's.
 */
export class RouteRegistry {
  private static readonly registries = new WeakMap<FastifyInstance, RouteRegistry>();
  private readonly routes = new Set<string>();

  /** The routes of an instance `install` watched (an empty list for any other). */
  static of(instance: FastifyInstance): RouteRegistry {
    return RouteRegistry.registries.get(instance) ?? new RouteRegistry();
  }

  static install(instance: FastifyInstance): RouteRegistry {
    const registry = new RouteRegistry();
    RouteRegistry.registries.set(instance, registry);
    instance.addHook('onRoute', (route) => {
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      for (const method of methods) if (method !== 'HEAD') registry.routes.add(`${method} ${route.url}`);
    });
    return registry;
  }

  list(): string[] {
    return [...this.routes].sort();
  }
}
