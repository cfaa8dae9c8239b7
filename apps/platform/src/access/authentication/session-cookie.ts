import type { CookieSerializeOptions } from '@fastify/cookie';

/** `__Host-` binds the cookie to this exact origin, but browsers only accept it with `Secure`, i.e. over HTTPS. */
export function sessionCookieName(publicUrl: string): string {
  return publicUrl.startsWith('https:') ? '__Host-peps_session' : 'peps_session';
}

export function sessionCookieOptions(publicUrl: string): CookieSerializeOptions {
  return { httpOnly: true, sameSite: 'lax', path: '/', secure: publicUrl.startsWith('https:') };
}

export const CSRF_HEADER = 'x-csrf-token';
