import { describe, expect, it } from '@jest/globals';
import { termsOfUseAllowedFrom } from '@peps/domain';
import { availableFromLabel, paragraphsOf } from './terms-of-use-view.js';

describe('showing a version of the terms of use', () => {
  it('given a published text, when shown, then blank lines separate paragraphs and single breaks stay lines', () => {
    expect(paragraphsOf('Article 1\r\nObjet du service.\r\n\r\n  \r\nArticle 2\nDonnées.\n')).toEqual([
      ['Article 1', 'Objet du service.'],
      ['Article 2', 'Données.'],
    ]);
  });

  it('given a text of spaces only, then there is no paragraph', () => {
    expect(paragraphsOf(' \n\n \n')).toEqual([]);
  });

  it("given an administrator since 12/03/2020 10h41 (Paris), then validation is possible from 20/03/2020 à 10h41 (the domain's 8 days)", () => {
    expect(availableFromLabel(termsOfUseAllowedFrom('2020-03-12T09:41:00.000Z'))).toBe('20/03/2020 à 10h41');
  });

  it('given a date with seconds, then the minute shown is rounded up (never a time at which validation is still refused)', () => {
    expect(availableFromLabel('2020-07-01T22:30:00.001Z')).toBe('02/07/2020 à 00h31');
    expect(availableFromLabel('2020-07-01T22:30:00.000Z')).toBe('02/07/2020 à 00h30');
  });
});
