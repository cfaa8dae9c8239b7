import type { FastifyReply, FastifyRequest } from 'fastify';
import { cookieOptions } from './page-context.js';

/** The page an anonymous visitor first asked for, kept until the sign-in (and its second factor) succeeds. */
export const RETURN_COOKIE = 'peps_return';

/**
 * Only a same-site path: one leading `/`, no `//` or `/\` (browsers read both as another host), no control
 * characters, no backslash anywhere (some browsers turn it into `/`); anything else is refused (open redirect).
 */
export function safeReturnPath(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length === 0 || value.length > 500) return undefined;
  if (!value.startsWith('/') || value.startsWith('//') || value.includes('\\')) return undefined;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(value)) return undefined;
  return value;
}

/** Remembers the asked-for page of a GET (a POST's target is no page to come back to). */
export function rememberReturnPath(req: FastifyRequest, res: FastifyReply): void {
  if (req.method.toUpperCase() !== 'GET') return;
  const path = safeReturnPath(req.originalUrl);
  if (path && path !== '/') res.cookie(RETURN_COOKIE, path, cookieOptions(req, 15 * 60));
}

/** The remembered page, once: the cookie is cleared whatever it held. */
export function takeReturnPath(req: FastifyRequest, res: FastifyReply): string | undefined {
  const raw = (req.cookies as Record<string, string> | undefined)?.[RETURN_COOKIE];
  if (raw === undefined) return undefined;
  res.clearCookie(RETURN_COOKIE, { path: '/' });
  return safeReturnPath(raw);
}
