import { describe, expect, it } from '@jest/globals';
import { POSTAL_ADDRESS_MAX_LINE_LENGTH, POSTAL_ADDRESS_MAX_LINES } from '@peps/domain';
import { renderPage } from '../../shell/pages/render.js';
import { contactErrors, contactFromForm, newAccountBody } from '../account-pages/account-forms.js';

const address = '5 ALLEE DE L ILE GLORIETTE\nBP 1005\n44035 NANTES CEDEX 1';
const stepOne = (professionalAddress: string, errors: Record<string, string> = {}) =>
  renderPage('create-account', {
    title: 'Etape 1',
    step: 1,
    values: { profile: 'administrator', civility: 'monsieur', lastName: 'Louty', firstName: 'Jean', email: 'j@x.fr', emailConfirmation: 'j@x.fr', phone: '', professionalAddress },
    errors,
    hideAddress: false,
    addressLimits: { lines: POSTAL_ADDRESS_MAX_LINES, length: POSTAL_ADDRESS_MAX_LINE_LENGTH },
    rightsHidden: [],
  });
const textareaOf = (html: string) => /<textarea[^>]*name="professionalAddress"[^>]*>([\s\S]*?)<\/textarea>/.exec(html)?.[1];

describe('« Créer un compte », step 1', () => {
  it('given an address of three lines, when the form is shown again three times, then the lines come back unchanged', () => {
    let shown = address;
    for (let round = 0; round < 3; round += 1) shown = contactFromForm({ professionalAddress: textareaOf(stepOne(shown)) }).professionalAddress;
    expect(textareaOf(stepOne(shown))).toBe(address);
  });

  it('given the form, then the address hint gives the domain’s limits and the last line’s rule', () => {
    const html = stepOne('');
    expect(html).toContain(`au plus ${POSTAL_ADDRESS_MAX_LINES} lignes de ${POSTAL_ADDRESS_MAX_LINE_LENGTH} caractères au plus`);
    expect(html).toContain('la dernière ligne commence par le code postal suivi de la commune');
  });

  it('given an address breaking the norm, then step 1 has the domain’s message for it (the gate the page applies)', () => {
    const values = contactFromForm({ profile: 'administrator', civility: 'monsieur', lastName: 'Louty', firstName: 'Jean', email: 'j@x.fr', emailConfirmation: 'j@x.fr', professionalAddress: `${'A'.repeat(POSTAL_ADDRESS_MAX_LINE_LENGTH + 1)}\nNANTES` });
    expect(contactErrors(newAccountBody(values)).professionalAddress).toContain(`La ligne 1 de l'adresse dépasse ${POSTAL_ADDRESS_MAX_LINE_LENGTH} caractères.`);
  });
});

describe('« Créer un compte », step 2', () => {
  it('given the rights step, then the button that creates the account says so', () => {
    const html = renderPage('create-account', { title: 'Etape 2', step: 2, holderName: 'M. Jean Louty', contactHidden: [], families: [] });
    expect(html).toMatch(/<button type="submit" name="go" value="create" class="button">Créer le compte<\/button>/);
    expect(html).not.toMatch(/value="create" class="button">Suivant/);
  });
});
