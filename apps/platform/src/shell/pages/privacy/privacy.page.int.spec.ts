import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestPlatform, type TestPlatform } from '../../../testing/index.js';

describe('« Données personnelles », the page the mails link to (HTTP)', () => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform({ PEPS_RETENTION_CLOSED_MONTHS: '24', PEPS_RETENTION_SIGN_IN_MONTHS: '6' });
  }, 60_000);
  afterAll(() => platform.close());

  it('given anyone, when the page is asked, then it says what is processed, the configured periods and where to see one’s own data', async () => {
    const answer = await platform.api('GET', '/donnees-personnelles');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/text\/html/);
    expect(answer.body).toContain('<h1>Données personnelles</h1>');
    expect(answer.body).toContain('24 mois après sa suppression ou sa fermeture');
    expect(answer.body).toContain('Adresses IP et navigateurs des connexions : 6 mois');
    expect(answer.body).toContain('avec « donnée effacée » à la place de chaque valeur');
    expect(answer.body).toContain('href="/mon-compte/donnees"');
  });
});
