import { describe, expect, it } from '@jest/globals';
import { formCookieName, formCookieOptions } from './page-context.js';

describe('signed-out form token cookie (issue 15, finding 3; ASVS 3.3.x / v5 3.3.1)', () => {
  it('is __Host-peps_form over HTTPS: Secure, HttpOnly, SameSite=Lax, Path=/ and never a Domain', () => {
    expect(formCookieName(true)).toBe('__Host-peps_form');
    const options = formCookieOptions(true);
    expect(options).toEqual({ httpOnly: true, sameSite: 'lax', path: '/', secure: true });
    expect(options).not.toHaveProperty('domain');
  });

  it('is peps_form over plain HTTP, where browsers refuse the prefix (no Secure)', () => {
    expect(formCookieName(false)).toBe('peps_form');
    expect(formCookieOptions(false)).toEqual({ httpOnly: true, sameSite: 'lax', path: '/', secure: false });
  });
});
