import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthenticatedActor } from '../../access/authentication/access.decorators.js';
import { sessionCsrfMatches } from '../../access/authentication/authentication.guard.js';
import { CSRF_COOKIE } from './api-client.js';
import { renderPage } from './render.js';

export const FLASH_COOKIE = 'peps_flash';
/**
 * A pre-session CSRF token for anonymous forms (sign-in, forgotten identifier…): double-submit cookie. Over HTTPS it is
 * `__Host-peps_form` (Secure, Path=/, no Domain), which a sibling subdomain cannot plant; over plain HTTP browsers
 * refuse the prefix, so it is `peps_form`.
 */
export const ANON_CSRF_COOKIE = 'peps_form';
export const HOST_ANON_CSRF_COOKIE = '__Host-peps_form';
export const PROFILE_COOKIE = 'peps_home';

export interface Flash {
  kind: 'success' | 'info' | 'error';
  message: string;
}

export type PageRequest = FastifyRequest & { actor?: AuthenticatedActor };

const profileLabels: Record<string, string> = {
  administrator: 'Administrateur',
  user: 'Utilisateur',
  drs: 'Opérateur DRS',
  auditor: 'Auditeur',
};

export function secureCookies(req: FastifyRequest): boolean {
  return req.protocol === 'https';
}

/** `maxAgeSeconds`: Max-Age is in seconds (as @fastify/cookie writes it), none for a cookie of the browser's session. */
export function cookieOptions(req: FastifyRequest, maxAgeSeconds?: number) {
  return { httpOnly: true, sameSite: 'lax' as const, path: '/', secure: secureCookies(req), ...(maxAgeSeconds ? { maxAge: maxAgeSeconds } : {}) };
}

export function formCookieName(secure: boolean): string {
  return secure ? HOST_ANON_CSRF_COOKIE : ANON_CSRF_COOKIE;
}

/** `__Host-` demands Secure, Path=/ and no Domain: exactly these options (no Domain is ever set). */
export function formCookieOptions(secure: boolean) {
  return { httpOnly: true, sameSite: 'lax' as const, path: '/', secure };
}

export function setFlash(req: FastifyRequest, res: FastifyReply, flash: Flash): void {
  res.cookie(FLASH_COOKIE, Buffer.from(JSON.stringify(flash)).toString('base64url'), cookieOptions(req, 60));
}

function takeFlash(req: FastifyRequest, res: FastifyReply): Flash | undefined {
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

/**
 * The CSRF token the page forms carry. Signed in: the session's own token (the `peps_csrf` cookie, and only when it is
 * the one whose digest the session stores). Signed out — or signed in without it, e.g. after a browser restart —
 * a per-browser form token, which signed-in forms do not accept (see `checkFormToken`).
 */
export function formToken(req: FastifyRequest, res: FastifyReply): string {
  const cookies = (req.cookies ?? {}) as Record<string, string>;
  if (actorOf(req) && sessionCsrfMatches(req, cookies[CSRF_COOKIE])) return cookies[CSRF_COOKIE]!;
  const name = formCookieName(secureCookies(req));
  if (cookies[name]) return cookies[name];
  const token = randomBytes(24).toString('base64url');
  res.cookie(name, token, formCookieOptions(secureCookies(req)));
  req.cookies = { ...cookies, [name]: token };
  return token;
}

function presentedToken(req: FastifyRequest): string | undefined {
  const presented = (req.body as Record<string, unknown> | undefined)?._csrf;
  return typeof presented === 'string' && presented.length > 0 ? presented : undefined;
}

/**
 * A page POST is accepted only with the hidden `_csrf` field holding the right token. Signed in (an actor on the
 * request), only the session-bound token counts: it must match the CSRF digest stored with the session, so neither a
 * planted form cookie nor a planted `peps_csrf` cookie passes. Signed out, the per-browser form token (double submit).
 */
export function checkFormToken(req: FastifyRequest): boolean {
  const presented = presentedToken(req);
  if (!presented) return false;
  if (actorOf(req)) return sessionCsrfMatches(req, presented);
  return checkBrowserFormToken(req);
}

/**
 * The signed-out check (double submit of the per-browser form cookie), whoever is signed in. Only the page logout
 * uses it directly, to end a session whose token the browser lost (see SignInPage.signOut).
 */
export function checkBrowserFormToken(req: FastifyRequest): boolean {
  const presented = presentedToken(req);
  if (!presented) return false;
  const candidate = ((req.cookies ?? {}) as Record<string, string>)[formCookieName(secureCookies(req))];
  if (typeof candidate !== 'string' || candidate.length === 0) return false;
  const a = Buffer.from(candidate);
  const b = Buffer.from(presented);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function actorOf(req: FastifyRequest): AuthenticatedActor | undefined {
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
  /** The establishment's name, for employer accounts (see employer-name.ts). */
  employerName?: string;
}

export function viewerOf(req: FastifyRequest): Viewer | undefined {
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
    employerName: (req as FastifyRequest & { employerName?: string }).employerName,
  };
}

export function page(req: FastifyRequest, res: FastifyReply, view: string, context: Record<string, unknown>, status = 200): void {
  const csrf = formToken(req, res);
  const html = renderPage(view, { ...context, csrf, viewer: viewerOf(req), flash: context.flash ?? takeFlash(req, res) });
  res.code(status).header('Cache-Control', 'no-store').type('text/html; charset=utf-8').send(html);
}
