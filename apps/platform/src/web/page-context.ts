import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';
import type { AuthenticatedActor } from '../auth/access.decorators.js';
import { CSRF_COOKIE } from './api-client.js';
import { renderPage } from './render.js';

export const FLASH_COOKIE = 'peps_flash';
/** A pre-session CSRF token for anonymous forms (sign-in, forgotten identifier…): double-submit cookie. */
export const ANON_CSRF_COOKIE = 'peps_form';
export const PROFILE_COOKIE = 'peps_home';

export interface Flash {
  kind: 'success' | 'info' | 'error';
  message: string;
}

export type PageRequest = Request & { actor?: AuthenticatedActor };

const profileLabels: Record<string, string> = {
  administrator: 'Administrateur',
  user: 'Utilisateur',
  drs: 'Opérateur DRS',
  auditor: 'Auditeur',
};

export function secureCookies(req: Request): boolean {
  return req.secure;
}

export function cookieOptions(req: Request, maxAgeMs?: number) {
  return { httpOnly: true, sameSite: 'lax' as const, path: '/', secure: secureCookies(req), ...(maxAgeMs ? { maxAge: maxAgeMs } : {}) };
}

export function setFlash(req: Request, res: Response, flash: Flash): void {
  res.cookie(FLASH_COOKIE, Buffer.from(JSON.stringify(flash)).toString('base64url'), cookieOptions(req, 60_000));
}

function takeFlash(req: Request, res: Response): Flash | undefined {
  const raw = (req.cookies as Record<string, string> | undefined)?.[FLASH_COOKIE];
  if (!raw) return undefined;
  res.clearCookie(FLASH_COOKIE, { path: '/' });
  try {
    const flash = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Flash;
    if (typeof flash.message === 'string' && ['success', 'info', 'error'].includes(flash.kind)) return flash;
  } catch {
    /* ignored */
  }
  return undefined;
}

/** The CSRF token the page forms carry: the session's (from sign-in) or, signed out, a per-browser form token. */
export function formToken(req: Request, res: Response): string {
  const cookies = (req.cookies ?? {}) as Record<string, string>;
  if (actorOf(req) && cookies[CSRF_COOKIE]) return cookies[CSRF_COOKIE];
  if (cookies[ANON_CSRF_COOKIE]) return cookies[ANON_CSRF_COOKIE];
  const token = randomBytes(24).toString('base64url');
  res.cookie(ANON_CSRF_COOKIE, token, cookieOptions(req));
  (req.cookies as Record<string, string>)[ANON_CSRF_COOKIE] = token;
  return token;
}

/** A page POST is accepted only with the hidden `_csrf` field matching the browser's token cookie. */
export function checkFormToken(req: Request): boolean {
  const presented = (req.body as Record<string, unknown> | undefined)?._csrf;
  if (typeof presented !== 'string' || !presented) return false;
  const cookies = (req.cookies ?? {}) as Record<string, string>;
  const candidates = [cookies[CSRF_COOKIE], cookies[ANON_CSRF_COOKIE]].filter((c): c is string => typeof c === 'string' && c.length > 0);
  return candidates.some((candidate) => {
    const a = Buffer.from(candidate);
    const b = Buffer.from(presented);
    return a.length === b.length && timingSafeEqual(a, b);
  });
}

export function actorOf(req: Request): AuthenticatedActor | undefined {
  return (req as PageRequest).actor;
}

export interface Viewer {
  name: string;
  identifier: string;
  profileLabel: string;
  isAdministrator: boolean;
  isDrs: boolean;
  isAuditor: boolean;
  employerId?: string;
}

export function viewerOf(req: Request): Viewer | undefined {
  const actor = actorOf(req);
  if (!actor) return undefined;
  const main = actor.roles.find((r) => r === 'administrator') ?? actor.roles[0] ?? 'user';
  return {
    name: actor.displayName,
    identifier: actor.identifier,
    profileLabel: actor.roles.map((r) => profileLabels[r] ?? r).join(', ') || profileLabels[main]!,
    isAdministrator: actor.roles.includes('administrator'),
    isDrs: actor.roles.includes('drs'),
    isAuditor: actor.roles.includes('auditor'),
    employerId: actor.employerId,
  };
}

export function page(req: Request, res: Response, view: string, context: Record<string, unknown>, status = 200): void {
  const csrf = formToken(req, res);
  const html = renderPage(view, { ...context, csrf, viewer: viewerOf(req), flash: context.flash ?? takeFlash(req, res) });
  res.status(status).setHeader('Cache-Control', 'no-store');
  res.type('html').send(html);
}
