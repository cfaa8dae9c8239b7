import { addressBelowEmployer, addressLinesRoom, recipientBlock, validateRecipientBlock, validateRepresentativeFunction } from './recipient-block.js';

const mayor = { civility: 'monsieur' as const, firstName: 'Jean', lastName: 'Dupont', function: 'Maire' };
const chru = { civility: 'madame' as const, firstName: 'Anne', lastName: 'Martin' };

describe('recipient block of the letter to the legal representative (6 lines of 38 characters)', () => {
  it('given a representative with a function, when the block is composed, then the function follows the name, then the employer and the address', () => {
    expect(recipientBlock({ legalRepresentative: mayor, employerName: 'MAIRIE DE NANTES', address: ['2 RUE DE L HOTEL DE VILLE', '44000 NANTES'] })).toEqual([
      'Monsieur Jean DUPONT',
      'Maire',
      'MAIRIE DE NANTES',
      '2 RUE DE L HOTEL DE VILLE',
      '44000 NANTES',
    ]);
  });

  it('given an address starting with the employer’s name, when the block is composed, then the name is printed once', () => {
    const block = recipientBlock({ legalRepresentative: chru, employerName: 'CHRU DE NANTES', address: ['Chru de Nantes', '5 ALLEE DE L ILE GLORIETTE', '44035 NANTES CEDEX 1'] });
    expect(block).toEqual(['Madame Anne MARTIN', 'CHRU DE NANTES', '5 ALLEE DE L ILE GLORIETTE', '44035 NANTES CEDEX 1']);
  });

  it('given an address of one line equal to the employer’s name, when the block is composed, then that line is kept (an address is never emptied)', () => {
    expect(addressBelowEmployer('75001 PARIS', ['75001 PARIS'])).toEqual(['75001 PARIS']);
  });

  it('given a name and a function, when the room is asked, then 3 address lines remain; without function, 4', () => {
    expect(addressLinesRoom({ legalRepresentative: mayor, employerName: 'MAIRIE' })).toBe(3);
    expect(addressLinesRoom({ legalRepresentative: chru, employerName: 'CHRU' })).toBe(4);
  });

  it('given 4 address lines and no function, when checked, then the block fits in 6 lines', () => {
    expect(validateRecipientBlock({ legalRepresentative: chru, employerName: 'CHRU', address: ['A', 'B', 'C', '44000 NANTES'] }).ok).toBe(true);
  });

  it('given 6 address lines (valid alone), when checked, then it is refused saying 4 lines remain', () => {
    expect(validateRecipientBlock({ legalRepresentative: chru, employerName: 'CHRU', address: ['A', 'B', 'C', 'D', 'E', '44000 NANTES'] })).toEqual({
      ok: false,
      errors: [{ field: 'address', message: "Le courrier au représentant légal compte au plus 6 lignes : avec son nom et le nom de l'établissement, il reste 4 lignes pour l'adresse (6 saisies)." }],
    });
  });

  it('given a function and 4 address lines, when checked, then it is refused saying 3 lines remain', () => {
    const result = validateRecipientBlock({ legalRepresentative: mayor, employerName: 'MAIRIE', address: ['A', 'B', 'C', '44000 NANTES'] });
    expect(result.ok ? '' : result.errors[0].message).toContain('il reste 3 lignes pour l\'adresse (4 saisies)');
  });

  it('given an address starting with the employer’s name, when checked, then that line does not count', () => {
    expect(validateRecipientBlock({ legalRepresentative: chru, employerName: 'CHRU', address: ['CHRU', 'A', 'B', 'C', '44000 NANTES'] }).ok).toBe(true);
  });

  it('given an employer name over 38 characters, when checked, then it is refused on the name field', () => {
    const result = validateRecipientBlock({ legalRepresentative: chru, employerName: 'X'.repeat(39), address: ['44000 NANTES'] });
    expect(result).toEqual({ ok: false, errors: [{ field: 'name', message: expect.stringContaining('dépasse 38 caractères') }] });
  });

  it('given a representative’s name line over 38 characters, when checked, then it is refused', () => {
    const result = validateRecipientBlock({ legalRepresentative: { ...chru, lastName: 'Y'.repeat(30) }, employerName: 'CHRU', address: ['44000 NANTES'] });
    expect(result.ok).toBe(false);
  });
});

describe('representative’s function (optional)', () => {
  it.each([[undefined], [null], ['  ']])('given %p, then there is none', (raw) => {
    expect(validateRepresentativeFunction(raw)).toEqual({ ok: true, value: null });
  });
  it('given « Maire », then it is kept, trimmed', () => {
    expect(validateRepresentativeFunction('  Maire ')).toEqual({ ok: true, value: 'Maire' });
  });
  it('given 39 characters, then it is refused in French', () => {
    expect(validateRepresentativeFunction('F'.repeat(39))).toEqual({
      ok: false,
      errors: [{ field: 'legalRepresentative.function', message: 'La fonction du représentant légal ne doit pas dépasser 38 caractères.' }],
    });
  });
});
