import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { absorb, browsePage, csrfIn, flashOf, type Jar } from '../../testing/page-browser.js';
import { registerEmployerWithAdministrator } from '../../testing/platform-fixtures.js';
import { establishmentBody, OPERATOR, startTestPlatform, type TestPlatform } from '../../testing/test-platform.js';

async function eventually<T>(read: () => Promise<T | undefined>, what: string): Promise<T> {
  for (let i = 0; i < 200; i += 1) {
    const value = await read();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`never: ${what}`);
}

describe('DRS letters and failed deliveries (API and pages)', () => {
  let platform: TestPlatform;
  let drs: string;
  let dataDir: string;
  const jar: Jar = {};

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'peps-drs-letters-'));
    platform = await startTestPlatform({ PEPS_RUN_WORKERS: '1', PEPS_DATA_DIR: dataDir });
    const fixture = await registerEmployerWithAdministrator(platform, 0);
    drs = fixture.drsToken;
    const signIn = await browsePage(platform, 'GET', '/', jar);
    absorb(jar, signIn.setCookies);
    await browsePage(platform, 'POST', '/connexion', jar, { _csrf: csrfIn(signIn.text), identifier: OPERATOR.identifier, password: OPERATOR.password });
  }, 60_000);

  afterAll(async () => {
    await platform?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const generatedLetter = () =>
    eventually(async () => {
      const answer = await platform.api('GET', '/api/letters', { token: drs });
      return (answer.body.items as any[]).find((l) => l.status === 'generated');
    }, 'a generated letter');

  it('given an administrator created at registration, when the DRS lists letters, then each names the administrator, the employer, its kind in French and a short reference', async () => {
    const letter = await generatedLetter();
    expect(letter.reference).toMatch(/^ADM-\d{4}-\d{6,}$/);
    expect(letter.kindLabel).toBe("Création d'un compte administrateur");
    expect(letter.statusLabel).toBe('Généré');
    expect(letter.administrator).toEqual({ id: expect.any(String), identifier: expect.stringMatching(/^[A-Z]{3}\d+$/), name: 'Claire MARTIN' });
    expect(letter.employer).toEqual({ id: letter.employerId, name: 'CHRU DE NANTES' });
    // The same reference on the next read: it is the letter's, not the read's.
    const again = await platform.api('GET', '/api/letters', { token: drs });
    expect((again.body.items as any[]).find((l) => l.letterId === letter.letterId).reference).toBe(letter.reference);
  });

  it('given a generated letter, when the DRS clicks « Remis au service courrier » then « Retourné », then the list says so, and « Retourné » twice is refused', async () => {
    const letter = await generatedLetter();
    const list = await browsePage(platform, 'GET', '/drs/courriers', jar);
    expect(list.status).toBe(200);
    expect(list.text).toContain(letter.reference);
    expect(list.text).toContain('CHRU DE NANTES');
    expect(list.text).toContain('Remis au service courrier');
    const handOver = await browsePage(platform, 'POST', `/drs/courriers/${letter.letterId}/remise`, jar, { _csrf: csrfIn(list.text), reference: letter.reference });
    expect(handOver.status).toBe(303);
    expect(flashOf(handOver.setCookies)?.message).toBe(`Le courrier ${letter.reference} est indiqué comme remis au service courrier.`);
    const sent = await eventually(async () => {
      const page = await browsePage(platform, 'GET', '/drs/courriers?status=sent-to-mailroom', jar);
      return page.text.includes(letter.reference) ? page : undefined;
    }, 'the letter sent to the mailroom');
    const returned = await browsePage(platform, 'POST', `/drs/courriers/${letter.letterId}/retour`, jar, { _csrf: csrfIn(sent.text), reference: letter.reference });
    expect(flashOf(returned.setCookies)?.message).toBe(`Le courrier ${letter.reference} est indiqué comme retourné.`);
    const twice = await platform.api('POST', `/api/letters/${letter.letterId}/returned`, { token: drs, headers: { origin: platform.url } });
    expect(twice.status).toBe(409);
    const item = await eventually(async () => {
      const answer = await platform.api('GET', '/api/letters?status=returned', { token: drs });
      return (answer.body.items as any[]).find((l) => l.letterId === letter.letterId);
    }, 'the returned letter');
    expect(item.statusLabel).toBe('Retourné');
  });

  it('given a registration whose letter would need more than 6 lines, when the DRS registers it, then it is refused in French saying how many address lines remain, and nothing is recorded', async () => {
    const before = await platform.eventCount({ decisionsOnly: true });
    const body = establishmentBody(7) as any;
    body.legalRepresentative = { ...body.legalRepresentative, function: 'Maire', address: ['A', 'B', 'C', 'D', '44000 NANTES'] };
    const answer = await platform.api('POST', '/api/establishments', { token: drs, body });
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toContainEqual({
      field: 'address',
      message: "Le courrier au représentant légal compte au plus 6 lignes : avec son nom, sa fonction et le nom de l'établissement, il reste 3 lignes pour l'adresse (5 saisies).",
    });
    expect(await platform.eventCount({ decisionsOnly: true })).toBe(before);
  });

  it('given a failed invitation mail, when the DRS opens « Envois en échec », then it reads the kind, the recipient and the reason in French, and « Relancer » queues it again', async () => {
    const { rows } = await platform.db.query<{ effect_id: string }>(`select effect_id::text as effect_id from pm.effects where kind = 'password-invitation' limit 1`);
    expect(rows).toHaveLength(1);
    // What the runtime leaves after giving up on an unreachable mail server.
    await platform.db.query(`update pm.effects set status = 'failed', attempts = 8, last_error = 'connect ECONNREFUSED 127.0.0.1:2525' where effect_id = $1`, [rows[0].effect_id]);
    const api = await platform.api('GET', '/api/drs/deliveries?status=failed', { token: drs });
    const item = (api.body.items as any[]).find((d) => d.effectId === rows[0].effect_id);
    expect(item).toMatchObject({ kindLabel: 'Courriel de création du mot de passe', reason: 'Le serveur de messagerie est injoignable : relancez quand il sera rétabli.', recipient: 'admin0@etablissement.fr' });
    const page = await browsePage(platform, 'GET', '/drs/envois-en-echec', jar);
    expect(page.text).toContain('Le serveur de messagerie est injoignable');
    expect(page.text).toContain('admin0@etablissement.fr');
    expect(page.text).not.toContain('ECONNREFUSED');
    const retry = await browsePage(platform, 'POST', `/drs/envois-en-echec/${rows[0].effect_id}/relance`, jar, { _csrf: csrfIn(page.text) });
    expect(retry.status).toBe(303);
    expect(flashOf(retry.setCookies)?.message).toBe("L'envoi est relancé : il sera retenté dans quelques instants.");
    const { rows: after } = await platform.db.query<{ status: string }>('select status from pm.effects where effect_id = $1', [rows[0].effect_id]);
    expect(after[0].status).not.toBe('failed');
  });

  it('given a signed-in operator, when opening the public « Inscrire un établissement », then they are sent to the DRS form, which registers with the function', async () => {
    const publicPage = await browsePage(platform, 'GET', '/inscrire-un-etablissement', jar);
    expect(publicPage.status).toBe(303);
    expect(publicPage.location).toBe('/drs/etablissements/nouveau');
    const form = await browsePage(platform, 'GET', '/drs/etablissements/nouveau', jar);
    expect(form.text).toContain("il reste 4 lignes pour l'adresse sans fonction, 3 avec");
    const fields = {
      _csrf: csrfIn(form.text), name: 'MAIRIE DE REZE', siret: '264 400 136 00018', repCivility: 'monsieur', repLastName: 'Durand', repFirstName: 'Paul', repFunction: 'Maire',
      address: 'Mairie de Rezé\n2 RUE DU JARDIN\n44400 REZE', adminCivility: 'madame', adminLastName: 'Leroy', adminFirstName: 'Anne',
      adminEmail: 'anne.leroy@reze.fr', adminEmailConfirmation: 'anne.leroy@reze.fr', adminPhone: '', adminAddress: '2 RUE DU JARDIN\n44400 REZE',
    };
    const badSiret = await browsePage(platform, 'POST', '/drs/etablissements/nouveau', jar, { ...fields, siret: '264 400 136 00019' });
    expect(badSiret.status).toBe(400);
    expect(badSiret.text).toContain('Le numéro SIRET n&#x27;est pas valide (clé de contrôle incorrecte).');
    expect(badSiret.text).toContain('value="Maire"');
    const registered = await browsePage(platform, 'POST', '/drs/etablissements/nouveau', jar, { ...fields, _csrf: csrfIn(badSiret.text) });
    expect([registered.status, registered.text.match(/field-error[^<]*<span[^>]*>[^<]*<\/span>([^<]*)/g)]).toEqual([303, null]);
    expect(flashOf(registered.setCookies)?.message).toMatch(/^L'établissement MAIRIE DE REZE est inscrit/);
  });

  it('given a browser asking for an unknown page, then it gets a French HTML 404 page; an API client keeps JSON', async () => {
    const html = await fetch(`${platform.url}/page-qui-n-existe-pas`, { headers: { accept: 'text/html,application/xhtml+xml' } });
    expect(html.status).toBe(404);
    const text = await html.text();
    expect(text).toContain('lang="fr"');
    expect(text).toMatch(/<title>[^<]*Page introuvable/);
    const api = await fetch(`${platform.url}/api/nulle-part`, { headers: { accept: 'text/html' } });
    expect(api.status).toBe(404);
    expect(api.headers.get('content-type')).toContain('application/json');
  });
});
