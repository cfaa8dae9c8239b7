import type { FastifyRequest } from 'fastify';

/** The request's path without its query string (`/comptes/12?page=2` → `/comptes/12`): what Express called `req.path`. */
export function requestPath(request: Pick<FastifyRequest, 'url'>): string {
  const url = request.url ?? '';
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

/**
 * The route pattern the router matched (`/api/accounts/:id`), never the path itself, so that ids stay out of metric
 * labels and log lines; undefined when no route matched (a 404, a refusal before routing).
 */
export function routeOf(request: FastifyRequest): string | undefined {
  return request.is404 ? undefined : request.routeOptions?.url;
}
