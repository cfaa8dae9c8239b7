import { describe, expect, it } from '@jest/globals';
import { knownEmployerName, rememberEmployerName } from './employer-name.js';
import { renderPage } from './render.js';

const viewer = { name: 'Anne Martin', identifier: 'AMARTIN', profileLabel: 'Administrateur', isAdministrator: true, isDrs: false, isAuditor: false };

describe('the establishment name in the page header', () => {
  it('given an employer name read once, when asked again, then it comes from the cache', () => {
    rememberEmployerName('e-cache', 'CHRU DE NANTES');
    expect(knownEmployerName('e-cache')).toBe('CHRU DE NANTES');
    expect(knownEmployerName('e-other')).toBeUndefined();
  });

  it('given a signed-in employer account, when a page is shown, then its header names the establishment', () => {
    const html = renderPage('error', { title: 'T', heading: 'H', message: 'M', viewer: { ...viewer, employerName: 'CHRU DE NANTES' } });
    expect(html).toMatch(/Établissement : <strong>CHRU DE NANTES<\/strong>/);
  });

  it('given a viewer with no employer (DRS), when a page is shown, then no establishment line', () => {
    const html = renderPage('error', { title: 'T', heading: 'H', message: 'M', viewer });
    expect(html).not.toMatch(/Établissement :/);
  });
});
