import { describe, expect, it } from '@jest/globals';
import { sessionCookieName, sessionCookieOptions } from './session-cookie.js';

describe('session cookie (ASVS 7.x / 3.3)', () => {
  it('is __Host- prefixed, Secure, HttpOnly, SameSite=Lax, path / over HTTPS', () => {
    expect(sessionCookieName('https://peps.example.fr')).toBe('__Host-peps_session');
    expect(sessionCookieOptions('https://peps.example.fr')).toEqual({ httpOnly: true, sameSite: 'lax', path: '/', secure: true });
  });

  it('drops the prefix and Secure over plain HTTP (browsers refuse __Host- without Secure)', () => {
    expect(sessionCookieName('http://localhost:3000')).toBe('peps_session');
    expect(sessionCookieOptions('http://localhost:3000')).toMatchObject({ httpOnly: true, sameSite: 'lax', secure: false });
  });
});
