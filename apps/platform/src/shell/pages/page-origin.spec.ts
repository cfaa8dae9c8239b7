import { describe, expect, it } from '@jest/globals';
import { sameOriginWrite } from './guards.js';

const PUBLIC_URL = 'https://comptes.peps.example.fr';
const host = { host: 'comptes.peps.example.fr' };

describe('page writes: Origin / Sec-Fetch-Site (issue 15, finding 3; ASVS v5 3.5.1)', () => {
  it('accepts the platform’s own pages: public origin, own host, Origin null from a no-referrer page when same-origin', () => {
    expect(sameOriginWrite({ ...host, origin: PUBLIC_URL, 'sec-fetch-site': 'same-origin' }, PUBLIC_URL)).toBe(true);
    expect(sameOriginWrite({ host: '127.0.0.1:3000', origin: 'http://127.0.0.1:3000' }, PUBLIC_URL)).toBe(true);
    expect(sameOriginWrite({ ...host, origin: 'null', 'sec-fetch-site': 'same-origin' }, PUBLIC_URL)).toBe(true);
    expect(sameOriginWrite({ ...host, 'sec-fetch-site': 'none' }, PUBLIC_URL)).toBe(true);
    // Behind a proxy that does not say it terminates TLS: the request's own host, whatever the scheme.
    expect(sameOriginWrite({ ...host, origin: 'http://comptes.peps.example.fr' }, PUBLIC_URL)).toBe(true);
  });

  it('leaves the decision to the form token when the browser says nothing', () => {
    expect(sameOriginWrite({ ...host }, PUBLIC_URL)).toBe(true);
    expect(sameOriginWrite({ ...host, origin: 'null' }, PUBLIC_URL)).toBe(true);
  });

  it('refuses a foreign origin, a sibling subdomain and any cross-site or same-site fetch', () => {
    expect(sameOriginWrite({ ...host, origin: 'https://evil.example' }, PUBLIC_URL)).toBe(false);
    expect(sameOriginWrite({ ...host, origin: 'https://autre.peps.example.fr', 'sec-fetch-site': 'same-site' }, PUBLIC_URL)).toBe(false);
    expect(sameOriginWrite({ ...host, origin: 'https://autre.peps.example.fr' }, PUBLIC_URL)).toBe(false);
    expect(sameOriginWrite({ ...host, 'sec-fetch-site': 'cross-site' }, PUBLIC_URL)).toBe(false);
    expect(sameOriginWrite({ ...host, origin: 'null', 'sec-fetch-site': 'cross-site' }, PUBLIC_URL)).toBe(false);
    expect(sameOriginWrite({ ...host, origin: PUBLIC_URL, 'sec-fetch-site': 'cross-site' }, PUBLIC_URL)).toBe(false);
    expect(sameOriginWrite({ ...host, origin: 'pas une origine' }, PUBLIC_URL)).toBe(false);
    expect(sameOriginWrite({ ...host, origin: 'ftp://comptes.peps.example.fr' }, PUBLIC_URL)).toBe(false);
  });
});
