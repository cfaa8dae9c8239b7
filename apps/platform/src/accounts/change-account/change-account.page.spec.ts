import { describe, expect, it } from '@jest/globals';
import { renderPage } from '../../shell/pages/render.js';

/** The profile radios' ids in the order the page shows them. */
const profileOrder = (html: string): string[] => [...html.matchAll(/id="(profile-(?:administrator|user))"/g)].map((m) => m[1]!);

describe('« Modifier le compte »: the profile choice', () => {
  it('given a user account, when the modify page is shown, then its profile options come in the wizard’s order', () => {
    const values = { profile: 'user' };
    const wizard = profileOrder(renderPage('create-account', { title: 'T', step: 1, values, errors: {}, families: [] }));
    const modify = profileOrder(renderPage('change-account', { title: 'T', account: { accountId: 'a-1', version: 1 }, values, errors: {}, families: [] }));
    expect(wizard).toEqual(['profile-administrator', 'profile-user']);
    expect(modify).toEqual(wizard);
  });
});
