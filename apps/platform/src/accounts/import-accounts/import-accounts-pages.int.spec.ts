import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { absorb, browsePage, cookieHeader, csrfIn, sameOriginHeaders, startWithAdministrator, STRONG_PASSWORD, type Jar, type TestPlatform } from '../../testing/index.js';

const header = 'profil;civilité;nom;prénom;courriel;téléphone;adresse professionnelle';

describe('« Importer des comptes » pages, without JavaScript (PGlite)', () => {
  let platform: TestPlatform;
  let identifier: string;
  const jar: Jar = {};

  /** The file form as a browser posts it: multipart, with the page's form token. */
  const upload = async (csv: string, csrf: string) => {
    const form = new FormData();
    form.append('_csrf', csrf);
    form.append('fichier', new Blob([csv], { type: 'text/csv' }), 'comptes.csv');
    const response = await fetch(`${platform.url}/comptes/importer`, { method: 'POST', body: form, redirect: 'manual', headers: { ...sameOriginHeaders(platform), cookie: cookieHeader(jar) } });
    absorb(jar, response.headers.getSetCookie());
    return { status: response.status, text: await response.text(), location: response.headers.get('location') };
  };

  beforeAll(async () => {
    const started = await startWithAdministrator(3);
    platform = started.platform;
    identifier = started.admin.identifier;
    const signInPage = await browsePage(platform, 'GET', '/', jar);
    const signedIn = await browsePage(platform, 'POST', '/connexion', jar, { _csrf: csrfIn(signInPage.text), identifier, password: STRONG_PASSWORD });
    expect(signedIn.status).toBe(303);
  });
  afterAll(() => platform.close());

  it('offers the template, checks a file line by line in French, then creates the valid accounts and shows them', async () => {
    const form = await browsePage(platform, 'GET', '/comptes/importer', jar);
    expect(form.status).toBe(200);
    expect(form.text).toContain('<h1>Importer des comptes</h1>');
    expect(form.text).toContain('href="/comptes/importer/modele.csv"');
    const template = await fetch(`${platform.url}/comptes/importer/modele.csv`, { headers: { cookie: cookieHeader(jar) } });
    expect(template.headers.get('content-disposition')).toContain('modele-import-comptes.csv');
    // With a BOM, so that a French spreadsheet reads the accents.
    expect(Buffer.from(await template.arrayBuffer()).toString('utf8').startsWith(`\uFEFF${header};`)).toBe(true);

    const checked = await upload(`${header}\nutilisateur;madame;MARTIN;Anne;anne.martin@exemple.fr;;\nutilisateur;madame;DURAND;Lea;pas-un-courriel;;\n`, csrfIn(form.text));
    expect(checked.status).toBe(303);
    const report = await browsePage(platform, 'GET', checked.location!, jar);
    expect(report.text).toContain('Fichier vérifié : aucun compte n’est encore créé');
    expect(report.text).toMatch(/<tr><th scope="row">3<\/th><td>courriel<\/td><td>[^<]+<\/td><\/tr>/);
    expect(report.text).toContain('Créer les 1 compte(s) valide(s)');

    const applied = await browsePage(platform, 'POST', `${checked.location}/application`, jar, { _csrf: csrfIn(report.text) });
    expect(applied).toMatchObject({ status: 303, location: checked.location });
    let result = await browsePage(platform, 'GET', checked.location!, jar);
    for (let i = 0; i < 50 && !result.text.includes('Import terminé'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      result = await browsePage(platform, 'GET', checked.location!, jar);
    }
    expect(result.text).toContain('1 compte(s) créé(s).');
    expect(result.text).toMatch(/<a href="\/comptes\/[0-9a-f-]{36}">AMA\d{6}<\/a>/);
  });

  it('shows a refused file’s reason on the form, in French', async () => {
    const form = await browsePage(platform, 'GET', '/comptes/importer', jar);
    const refused = await upload(`profil;nom\nutilisateur;MARTIN\n`, csrfIn(form.text));
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('Colonnes manquantes : « civilité », « prénom », « courriel », « téléphone », « adresse professionnelle ».');
  });
});
