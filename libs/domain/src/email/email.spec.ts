import { validateEmail, validateEmailWithConfirmation } from './email.js';

describe('e-mail', () => {
  it('trims and lowercases the domain only', () => {
    expect(validateEmail('  Jean.Louty@CHU-Nantes.FR ')).toEqual({ ok: true, value: 'Jean.Louty@chu-nantes.fr' });
  });

  it.each(['monmail@employeur.fr', 'a+b@x.gouv.fr', "o'neil@exemple.com"])('accepts %p', (raw) => {
    expect(validateEmail(raw).ok).toBe(true);
  });

  it.each(['monmail', 'monmail@', '@employeur.fr', 'mon mail@employeur.fr', 'a@b', 'a@b.c', 'a..b@x.fr', '.a@x.fr', 'a@-x.fr', 'a@x..fr', `${'a'.repeat(65)}@x.fr`])(
    'rejects %p',
    (raw) => {
      expect(validateEmail(raw)).toEqual({
        ok: false,
        errors: [{ field: 'email', message: "Le courriel n'est pas valide (exemple : monmail@employeur.fr)." }],
      });
    },
  );

  it('requires the e-mail', () => {
    expect(validateEmail('  ')).toEqual({ ok: false, errors: [{ field: 'email', message: 'Le courriel est obligatoire.' }] });
  });

  it('requires a matching confirmation (case-insensitive)', () => {
    expect(validateEmailWithConfirmation('jean@x.fr', 'JEAN@X.FR ')).toEqual({ ok: true, value: 'jean@x.fr' });
    expect(validateEmailWithConfirmation('jean@x.fr', 'jeanne@x.fr')).toEqual({
      ok: false,
      errors: [{ field: 'emailConfirmation', message: 'La confirmation du courriel ne correspond pas au courriel saisi.' }],
    });
    expect(validateEmailWithConfirmation('', undefined)).toEqual({
      ok: false,
      errors: [
        { field: 'email', message: 'Le courriel est obligatoire.' },
        { field: 'emailConfirmation', message: 'La confirmation du courriel est obligatoire.' },
      ],
    });
  });
});
