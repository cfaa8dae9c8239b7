import { T0 } from '../testing/fixtures.js';
import { scenarioFor } from '../testing/given-when-then.js';
import { administratorOf, drsActor, meta } from '../testing/metadata.js';
import { termsOfUseDecider } from './decide-terms-of-use.js';
import type { TermsOfUseEvent } from './terms-of-use-events.js';
import { latestVersion, publishedVersions } from './terms-of-use-state.js';

const given = scenarioFor(termsOfUseDecider);
const published = (version: string): TermsOfUseEvent => ({
  type: 'terms-of-use.published',
  data: { version, text: 'Conditions générales…', publishedBy: drsActor, publishedAt: T0 },
});

describe('Terms of use: PublishTermsOfUse', () => {
  it('publishes a version', () => {
    const state = given([published('2023-1')])
      .when({ type: 'PublishTermsOfUse', version: ' 2024-1 ', text: ' Conditions générales… ' }, meta(T0, drsActor))
      .then([published('2024-1')]);
    expect(publishedVersions(state)).toEqual(['2023-1', '2024-1']);
    expect(latestVersion(state)).toBe('2024-1');
  });

  it('refuses a version already published', () => {
    given([published('2024-1')])
      .when({ type: 'PublishTermsOfUse', version: '2024-1', text: 'Autre texte' }, meta(T0, drsActor))
      .thenThrows('terms-of-use.already-published');
  });

  it('is refused to administrators (DRS only)', () => {
    given([])
      .when({ type: 'PublishTermsOfUse', version: '2024-1', text: 'x' }, meta(T0, administratorOf('e')))
      .thenThrows('authorisation.forbidden');
  });

  it('requires a URL-safe version and a text', () => {
    given([])
      .when({ type: 'PublishTermsOfUse', version: 'v 1/2', text: '  ' }, meta(T0, drsActor))
      .thenThrows('validation.failed', [
        {
          field: 'version',
          message: 'La version ne peut contenir que des lettres, des chiffres, des points, des tirets et des soulignés (50 caractères au plus).',
        },
        { field: 'text', message: 'Le texte des conditions générales d’utilisation est obligatoire.' },
      ]);
    given([])
      .when({ type: 'PublishTermsOfUse', version: '', text: 'x' }, meta(T0, drsActor))
      .thenThrows('validation.failed', [{ field: 'version', message: 'La version est obligatoire.' }]);
  });
});
