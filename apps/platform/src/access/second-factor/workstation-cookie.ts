import type { CookieSerializeOptions } from '@fastify/cookie';
import { WORKSTATION_TRUST_DAYS } from '@peps/domain';

/** Like the session cookie: `__Host-` over HTTPS binds it to this exact origin. */
export function workstationCookieName(publicUrl: string): string {
  return publicUrl.startsWith('https:') ? '__Host-peps_workstation' : 'peps_workstation';
}

/** Lives as long as the trust it carries (7 days); HttpOnly, so a script in the page never reads it. */
export function workstationCookieOptions(publicUrl: string): CookieSerializeOptions {
  return { httpOnly: true, sameSite: 'lax', path: '/', secure: publicUrl.startsWith('https:'), maxAge: WORKSTATION_TRUST_DAYS * 86_400 };
}

/** A short name the holder recognises in « Mes postes de confiance »: browser and system, from the User-Agent. */
export function workstationLabel(userAgent: string | undefined): string {
  const ua = userAgent ?? '';
  const browser = /Edg\//.test(ua)
    ? 'Edge'
    : /Firefox\//.test(ua)
      ? 'Firefox'
      : /Chrom(e|ium)\//.test(ua)
        ? 'Chrome'
        : /Safari\//.test(ua)
          ? 'Safari'
          : 'Navigateur';
  const system = /Windows/.test(ua) ? 'Windows' : /Android/.test(ua) ? 'Android' : /iPhone|iPad/.test(ua) ? 'iOS' : /Mac OS X/.test(ua) ? 'macOS' : /Linux/.test(ua) ? 'Linux' : '';
  return system ? `${browser} sur ${system}` : browser;
}
