import fc from 'fast-check';
import { commonPasswords, isCommonPassword } from './common-passwords.js';
import { checkPasswordPolicy, passwordPolicyLabels, passwordPolicyMessage } from './password-policy.js';

const lower = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzéè');
const upper = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZÉ');
const digit = fc.constantFrom(...'0123456789');
const special = fc.constantFrom(...'!@#$%^&*()-_=+[]{};:,.?/€§ ');
const any = fc.oneof(lower, upper, digit, special);

/** A compliant password: one of each class plus filler, shuffled. */
const compliant = fc
  .tuple(lower, upper, digit, special, fc.array(any, { minLength: 4, maxLength: 30 }), fc.nat())
  .map(([l, u, d, s, rest, seed]) => {
    const chars = [l, u, d, s, ...rest];
    for (let i = chars.length - 1; i > 0; i -= 1) {
      const j = (seed + i * 7919) % (i + 1);
      [chars[i], chars[j]] = [chars[j], chars[i]];
    }
    return chars.join('');
  })
  .filter((pw) => !isCommonPassword(pw));

describe('password policy', () => {
  it('uses the guide’s labels', () => {
    expect(passwordPolicyLabels['min-length']).toBe('8 caractères');
    expect(passwordPolicyLabels.digit).toBe('1 chiffre');
    expect(passwordPolicyLabels.lowercase).toBe('1 minuscule');
    expect(passwordPolicyLabels.uppercase).toBe('1 majuscule');
    expect(passwordPolicyLabels.special).toBe('1 caractère spécial');
  });

  it('accepts generated compliant passwords', () => {
    fc.assert(fc.property(compliant, (pw) => expect(checkPasswordPolicy(pw)).toEqual({ ok: true, failures: [] })));
  });

  it.each([
    ['digit', /\p{Nd}/gu],
    ['lowercase', /\p{Ll}/gu],
    ['uppercase', /\p{Lu}/gu],
    ['special', /[^\p{L}\p{N}]/gu],
  ] as const)('refuses a compliant password once every %s is removed', (rule, pattern) => {
    fc.assert(
      fc.property(compliant, (pw) => {
        const result = checkPasswordPolicy(pw.replace(pattern, ''));
        expect(result.ok).toBe(false);
        expect(result.failures).toContain(rule);
      }),
    );
  });

  it('refuses fewer than 8 characters and accepts exactly 8', () => {
    expect(checkPasswordPolicy('Ab1!xyz').failures).toEqual(['min-length']);
    expect(checkPasswordPolicy('Ab1!xyzw').ok).toBe(true);
  });

  it('refuses more than 128 characters', () => {
    expect(checkPasswordPolicy(`Ab1!${'x'.repeat(125)}`).failures).toEqual(['max-length']);
  });

  it.each(['Azerty123!', 'Motdepasse1!', 'Soleil123!', 'P@ssw0rd!', 'aZERTY123!', 'Bonjour2024!'])(
    'refuses %p, a common password (case-insensitively)',
    (pw) => {
      expect(checkPasswordPolicy(pw)).toEqual({ ok: false, failures: ['not-common'] });
    },
  );

  it('ships at least 1,000 common passwords, stored lowercased', () => {
    expect(commonPasswords.size).toBeGreaterThanOrEqual(1000);
    for (const pw of commonPasswords) expect(pw).toBe(pw.toLowerCase());
    expect(commonPasswords.has('123456')).toBe(true);
  });

  it('explains failures in French', () => {
    expect(passwordPolicyMessage(['digit', 'special'])).toBe(
      'Votre mot de passe doit être composé au minimum de : 1 chiffre, 1 caractère spécial.',
    );
    expect(passwordPolicyMessage(['not-common'])).toBe('Ce mot de passe est trop courant : choisissez-en un autre.');
    expect(passwordPolicyMessage(['max-length'])).toBe('Le mot de passe ne doit pas dépasser 128 caractères.');
  });
});
