import { validatePostalAddress } from './postal-address.js';

const guideAddress = ['5 ALLEE DE L ILE GLORIETTE', 'BP 1005', '44035 NANTES CEDEX 1'];

describe('postal address (French postal norm)', () => {
  it('accepts the guide’s address', () => {
    expect(validatePostalAddress(guideAddress, 'address')).toEqual({ ok: true, value: guideAddress });
  });

  it('trims lines and drops blank lines at either end (forms post every input)', () => {
    expect(validatePostalAddress(['', ' BP 1005 ', '44035  NANTES', '', ''], 'address')).toEqual({
      ok: true,
      value: ['BP 1005', '44035 NANTES'],
    });
  });

  it('accepts 6 lines and a single line', () => {
    expect(validatePostalAddress(['A', 'B', 'C', 'D', 'E', '75001 PARIS'], 'address').ok).toBe(true);
    expect(validatePostalAddress(['75001 PARIS'], 'address').ok).toBe(true);
  });

  it('accepts a line of exactly 38 characters', () => {
    expect(validatePostalAddress(['X'.repeat(38), '75001 PARIS'], 'address').ok).toBe(true);
  });

  it.each([
    [['A', 'B', 'C', 'D', 'E', 'F', '75001 PARIS'], "L'adresse comporte au plus 6 lignes."],
    [['X'.repeat(39), '75001 PARIS'], "La ligne 1 de l'adresse dépasse 38 caractères."],
    [['A', '', '75001 PARIS'], "La ligne 2 de l'adresse est vide."],
    [['5 ALLEE DE L ILE GLORIETTE', 'NANTES'], "La dernière ligne de l'adresse doit commencer par le code postal à 5 chiffres suivi de la commune."],
    [['4403 NANTES'], "La dernière ligne de l'adresse doit commencer par le code postal à 5 chiffres suivi de la commune."],
    [['A\u0007', '75001 PARIS'], "La ligne 1 de l'adresse contient des caractères non autorisés."],
  ])('rejects %p', (lines, message) => {
    expect(validatePostalAddress(lines, 'professionalAddress')).toEqual({ ok: false, errors: [{ field: 'professionalAddress', message }] });
  });

  it('requires an address unless optional', () => {
    expect(validatePostalAddress(undefined, 'address')).toEqual({ ok: false, errors: [{ field: 'address', message: "L'adresse est obligatoire." }] });
    expect(validatePostalAddress(['', ''], 'address', true, 'Adresse requise.')).toEqual({
      ok: false,
      errors: [{ field: 'address', message: 'Adresse requise.' }],
    });
    expect(validatePostalAddress(undefined, 'address', false)).toEqual({ ok: true, value: null });
    expect(validatePostalAddress(['  '], 'address', false)).toEqual({ ok: true, value: null });
  });

  it('rejects something that is not a list of lines', () => {
    expect(validatePostalAddress('44035 NANTES', 'address')).toEqual({
      ok: false,
      errors: [{ field: 'address', message: "L'adresse doit être une liste de lignes." }],
    });
  });
});
