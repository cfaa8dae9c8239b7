import fc from 'fast-check';
import { isValidSiret, LA_POSTE_SIREN, luhnIsValid, validateSiret } from './siret.js';

/** Completes 13 digits with the Luhn check digit. */
function withLuhnKey(body: string): string {
  for (let key = 0; key <= 9; key += 1) if (luhnIsValid(body + key)) return body + key;
  throw new Error('unreachable');
}

const siretBody = fc.stringMatching(/^\d{13}$/).filter((body) => !body.startsWith(LA_POSTE_SIREN));

describe('SIRET', () => {
  it('accepts real SIRETs', () => {
    expect(isValidSiret('73282932000074')).toBe(true);
    expect(validateSiret('732 829 320 00074')).toEqual({ ok: true, value: '73282932000074' });
  });

  it('accepts every generated SIRET with a correct Luhn key', () => {
    fc.assert(fc.property(siretBody, (body) => expect(isValidSiret(withLuhnKey(body))).toBe(true)));
  });

  it('refuses any single-digit change of a valid SIRET', () => {
    fc.assert(
      fc.property(siretBody, fc.nat(13), fc.integer({ min: 1, max: 9 }), (body, index, delta) => {
        const siret = withLuhnKey(body);
        const changed = siret.slice(0, index) + ((Number(siret[index]) + delta) % 10) + siret.slice(index + 1);
        // The only way a changed number may pass is by landing in La Poste's range, checked separately.
        fc.pre(!changed.startsWith(LA_POSTE_SIREN));
        expect(isValidSiret(changed)).toBe(false);
      }),
    );
  });

  it('applies La Poste’s exception: sum of digits a multiple of 5', () => {
    expect(isValidSiret('35600000000048')).toBe(true); // head office, valid by Luhn too
    expect(isValidSiret('35600000049837')).toBe(true); // 3+5+6+4+9+8+3+7 = 45
    expect(luhnIsValid('35600000049837')).toBe(false);
    expect(isValidSiret('35600000049838')).toBe(false); // sum 46
  });

  it.each([
    [undefined, 'Le numéro SIRET est obligatoire.'],
    ['', 'Le numéro SIRET est obligatoire.'],
    ['1234567890123', 'Le numéro SIRET doit comporter 14 chiffres.'],
    ['1234567890123A', 'Le numéro SIRET doit comporter 14 chiffres.'],
    ['73282932000075', "Le numéro SIRET n'est pas valide (clé de contrôle incorrecte)."],
  ])('rejects %p: %s', (raw, message) => {
    expect(validateSiret(raw)).toEqual({ ok: false, errors: [{ field: 'siret', message }] });
  });
});
