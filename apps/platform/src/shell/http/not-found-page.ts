import type { FastifyReply, FastifyRequest } from 'fastify';
import { page } from '../pages/page-context.js';
import { requestPath } from './request-path.js';

/**
 * A browser asking for a page that does not exist gets a French HTML page (title, `lang="fr"`); API clients — any
 * path under `/api`, or a client not asking for HTML — keep the JSON error body.
 */
export function wantsNotFoundPage(req: FastifyRequest | undefined, status: number): boolean {
  if (!req || status !== 404) return false;
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  const path = requestPath(req);
  if (path === '/api' || path.startsWith('/api/')) return false;
  return typeof req.headers?.accept === 'string' && req.headers.accept.includes('text/html');
}

/** Renders the « Page introuvable » page; false when it could not be rendered (the caller then answers JSON). */
export function sendNotFoundPage(req: FastifyRequest, res: FastifyReply): boolean {
  try {
    page(req, res, 'error', { title: 'Page introuvable', heading: 'Page introuvable', message: "Cette page n'existe pas ou a été déplacée. Vérifiez l'adresse, ou revenez à l'accueil.", back: '/' }, 404);
    return true;
  } catch {
    return false;
  }
}
