import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { PlatformConfig } from '@peps/runtime';
import { PLATFORM_CONFIG } from '@peps/runtime';
import { actorOf, page, setFlash } from './page-context.js';
import type { ApiAnswer } from './api-client.js';
import { rememberReturnPath } from './return-to.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Whether a state-changing page request comes from the platform's own pages, judged by what the browser says where
 * it says it: `Sec-Fetch-Site` must be `same-origin` (or `none`, a user's own navigation), and `Origin` must be the
 * PEPS_PUBLIC_URL origin or the request's own host. A sibling subdomain is `same-site` and a foreign origin: refused.
 * `Origin: null` tells nothing: browsers send it for the pages' own forms under `Referrer-Policy: no-referrer` (the
 * pages' policy), and an attacker's page can ask for it too; `Sec-Fetch-Site` then decides. Without either header
 * (older browsers, scripts) the form token alone decides.
 */
export function sameOriginWrite(headers: FastifyRequest['headers'], publicUrl: string): boolean {
  const site = headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return false;
  const origin = headers.origin;
  if (origin === undefined || origin === 'null') return true;
  if (typeof origin !== 'string') return false;
  let presented: URL;
  try {
    presented = new URL(origin);
  } catch {
    return false;
  }
  if (presented.origin === new URL(publicUrl).origin) return true;
  const host = headers.host;
  return typeof host === 'string' && (presented.protocol === 'http:' || presented.protocol === 'https:') && presented.host === host.toLowerCase();
}

/**
 * The one check every page POST goes through (class-level on each page controller), before the handler and its form
 * token check: a cross-origin write gets the French refusal page (403) and changes nothing.
 */
@Injectable()
export class PageWriteGuard implements CanActivate {
  constructor(@Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const req = context.switchToHttp().getRequest<FastifyRequest>();
    if (SAFE_METHODS.has(req.method.toUpperCase()) || sameOriginWrite(req.headers, this.config.publicUrl)) return true;
    const res = context.switchToHttp().getResponse<FastifyReply>();
    page(
      req,
      res,
      'error',
      { title: 'Accès refusé', heading: 'Accès refusé', message: "Cette demande ne vient pas d'une page de la plateforme : elle est refusée. Revenez à la page et recommencez." },
      403,
    );
    // The page is sent: Nest's ForbiddenException then finds the answer written (ErrorResponseFilter leaves it).
    return false;
  }
}

/** Page access: signed out → back to "Se connecter"; wrong role → a French refusal page. True when allowed. */
export function allow(req: FastifyRequest, res: FastifyReply, role: 'administrator' | 'drs' | 'auditor' | Array<'administrator' | 'drs' | 'auditor'>): boolean {
  const actor = actorOf(req);
  if (!actor) {
    setFlash(req, res, { kind: 'info', message: 'Connectez-vous pour accéder à cette page.' });
    rememberReturnPath(req, res);
    res.redirect('/', 303);
    return false;
  }
  const roles = Array.isArray(role) ? role : [role];
  if (!roles.some((r) => actor.roles.includes(r))) {
    page(req, res, 'error', { title: 'Accès refusé', heading: 'Accès refusé', message: "Votre profil ne permet pas d'accéder à cette page." }, 403);
    return false;
  }
  return true;
}

/** An API answer the page cannot go on with: signed out, refused, missing. True when handled. */
export function handledFailure(req: FastifyRequest, res: FastifyReply, answer: ApiAnswer, what: string): boolean {
  if (answer.status === 401) {
    setFlash(req, res, { kind: 'info', message: 'Votre session a expiré. Connectez-vous de nouveau.' });
    res.redirect('/', 303);
    return true;
  }
  if (answer.status === 403) {
    const message = (answer.body as { message?: string } | undefined)?.message ?? "Vous n'êtes pas autorisé à effectuer cette action.";
    page(req, res, 'error', { title: 'Accès refusé', heading: 'Accès refusé', message }, 403);
    return true;
  }
  if (answer.status === 404) {
    page(req, res, 'error', { title: `${what} introuvable`, heading: `${what} introuvable`, message: `${what} n'existe pas ou n'est pas visible depuis votre compte.` }, 404);
    return true;
  }
  if (answer.status >= 500) {
    page(req, res, 'error', { title: 'Erreur', heading: 'Service momentanément indisponible', message: 'Une erreur inattendue est survenue. Réessayez dans quelques instants.' }, 502);
    return true;
  }
  return false;
}
