import { describe, expect, it } from '@jest/globals';
import { ownAccountWarning } from './own-account-warning.js';

describe('the warning before deleting one’s own account', () => {
  it('given the viewer deletes their own account, when the page is built, then it warns of the immediate loss of access and the last-administrator rule', () => {
    const warning = ownAccountWarning('a-1', 'a-1');
    expect(warning?.[0]).toMatch(/perdrez immédiatement l’accès/);
    expect(warning?.[1]).toMatch(/dernier administrateur/);
  });

  it('given the viewer deletes someone else’s account, when the page is built, then there is no such warning', () => {
    expect(ownAccountWarning('a-1', 'a-2')).toBeUndefined();
  });
});
