import { describe, expect, it } from '@jest/globals';
import { renderPage } from '../../shell/pages/render.js';
import { ownAccountWarning } from './own-account-warning.js';

const account = { accountId: 'a-1', identifier: 'AMARTIN', version: 3 };

describe('« Supprimer le compte » page', () => {
  it('given the viewer’s own account, when the page is shown, then it carries the warning', () => {
    const html = renderPage('delete-account', { title: 'T', account, holderName: 'Anne Martin', ownWarning: ownAccountWarning('a-1', 'a-1') });
    expect(html).toMatch(/id="suppression-propre-compte"/);
    expect(html).toMatch(/perdrez immédiatement l’accès/);
  });

  it('given another account, when the page is shown, then no such warning', () => {
    const html = renderPage('delete-account', { title: 'T', account, holderName: 'Anne Martin', ownWarning: ownAccountWarning('a-9', 'a-1') });
    expect(html).not.toMatch(/suppression-propre-compte/);
  });
});
