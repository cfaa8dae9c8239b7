import fc from 'fast-check';
import { commonPasswords, isCommonPassword } from './common-passwords.js';
import { checkPasswordPolicy, passwordPolicyErrors, type PasswordPolicyContext } from './password-policy.js';

// Security review, issue 15 finding 8: the six passwords the policy accepted, for the reviewer's holder
// (Pwb Policy, identifier PPO000002) of CHRU DE NANTES.
const holder: PasswordPolicyContext = { lastName: 'Policy', firstName: 'Pwb', identifier: 'PPO000002', employerName: 'CHRU DE NANTES' };

const TOO_COMMON = 'Ce mot de passe est trop courant : choisissez-en un autre.';
const PERSONAL = 'Le mot de passe ne doit pas contenir votre nom, votre prénom ou votre identifiant.';
const EMPLOYER = 'Le mot de passe ne doit pas contenir le nom de votre établissement.';

describe('password policy: common words dressed with digits and symbols', () => {
  it.each([' Azerty123!', 'Azerty123!!', 'Azerty123$'])('given the holder, when the password is %p, then it is refused as too common', (pw) => {
    expect(checkPasswordPolicy(pw, holder)).toEqual({ ok: false, failures: ['not-common'] });
    expect(passwordPolicyErrors(pw, holder)).toEqual([{ field: 'password', message: TOO_COMMON }]);
  });

  it.each(['2024Soleil$', '!!Bonjour2026##', 'AZERTY 123 !', 'Mot de passe 1!', 'S0leil2024!', 'P@ssw0rd2026!', 'Bienvénue1!'])(
    'refuses %p, a listed word once folded and stripped',
    (pw) => {
      expect(checkPasswordPolicy(pw).failures).toContain('not-common');
    },
  );

  it('compares exactly, never by containment: a password that merely contains a listed word passes', () => {
    expect(checkPasswordPolicy('Testament#Vert42').ok).toBe(true);
    expect(checkPasswordPolicy('Parisienne-du-9e!').ok).toBe(true);
  });

  it('lists the classics the contract names', () => {
    for (const word of ['azerty', 'qwerty', 'motdepasse', 'password', 'soleil', 'bonjour', '123456']) expect(commonPasswords.has(word)).toBe(true);
    expect(isCommonPassword('AZERTY')).toBe(true);
  });
});

describe('password policy: the holder’s identifier and names', () => {
  it('given the holder PPO000002, when the password is "PPO000002!a", then it is refused', () => {
    expect(checkPasswordPolicy('PPO000002!a', holder)).toEqual({ ok: false, failures: ['not-personal'] });
    expect(passwordPolicyErrors('PPO000002!a', holder)).toEqual([{ field: 'password', message: PERSONAL }]);
  });

  it('given the holder Pwb Policy, when the password is "Pwb Policy1!", then it is refused', () => {
    expect(checkPasswordPolicy('Pwb Policy1!', holder)).toEqual({ ok: false, failures: ['not-personal'] });
    expect(passwordPolicyErrors('Pwb Policy1!', holder)).toEqual([{ field: 'password', message: PERSONAL }]);
  });

  it.each(['ppo000002-Ab!', 'Xx#Policy2026', 'Pwb#Mardi2026', 'P.o.l.i.c.y#26a'])('refuses %p (case, separators folded)', (pw) => {
    expect(checkPasswordPolicy(pw, holder).failures).toEqual(['not-personal']);
  });

  it('folds accents and ligatures on both sides', () => {
    const context = { lastName: 'Œuvray', firstName: 'Hélène' };
    expect(checkPasswordPolicy('Oeuvray#2026x', context).failures).toEqual(['not-personal']);
    expect(checkPasswordPolicy('HELENE#2026x', context).failures).toEqual(['not-personal']);
    expect(checkPasswordPolicy('hélène#2026X', { firstName: 'Helene' }).failures).toEqual(['not-personal']);
  });

  it('refuses each part of 3 letters or more of a compound name, and the whole name', () => {
    const context = { lastName: 'Saint-Exupéry', firstName: 'Jean Louis' };
    for (const pw of ['Exupery#2026', 'Saint#Rose2026', 'Louis#Rose2026', 'Jean#Rose2026', 'Xsaintexupery#9']) {
      expect(checkPasswordPolicy(pw, context).failures).toEqual(['not-personal']);
    }
  });

  it('given the two-letter name Li Na, then only the name itself is refused, not every password containing "li" or "na"', () => {
    const context = { lastName: 'Li', firstName: 'Na', identifier: 'NLI000001' };
    expect(checkPasswordPolicy('Politique#2026', context).ok).toBe(true);
    expect(checkPasswordPolicy('Natation#Lilas9', context).ok).toBe(true);
    expect(checkPasswordPolicy('Li123456!', context).failures).toEqual(['not-personal']);
    expect(checkPasswordPolicy('Na!Li2026#', context).failures).toEqual(['not-personal']);
    expect(checkPasswordPolicy('Nali2026#x', context).failures).toEqual(['not-personal']);
  });

  it('ignores the particle of « Le Bihan » alone but refuses « Bihan »', () => {
    const context = { lastName: 'Le Bihan', firstName: 'Yann' };
    expect(checkPasswordPolicy('Le#Chat2026noir', context).ok).toBe(true);
    expect(checkPasswordPolicy('Bihan#2026x', context).failures).toEqual(['not-personal']);
  });
});

describe('password policy: the employer’s name', () => {
  it('given CHRU DE NANTES, when the password is "Chru2026!", then it is refused', () => {
    expect(checkPasswordPolicy('Chru2026!', holder)).toEqual({ ok: false, failures: ['not-employer'] });
    expect(passwordPolicyErrors('Chru2026!', holder)).toEqual([{ field: 'password', message: EMPLOYER }]);
  });

  it('refuses every word of 4 letters or more, folded, and ignores shorter ones', () => {
    const context = { employerName: 'Centre hospitalier de Brétigny' };
    expect(checkPasswordPolicy('Bretigny#2026', context).failures).toEqual(['not-employer']);
    expect(checkPasswordPolicy('xHOSPITALIER9!', context).failures).toEqual(['not-employer']);
    expect(checkPasswordPolicy('Decembre#2026', context).ok).toBe(true);
  });
});

describe('password policy: what still passes', () => {
  it('given the holder, a good password passes', () => {
    expect(checkPasswordPolicy('Pep$Comptes2024', holder)).toEqual({ ok: true, failures: [] });
    expect(checkPasswordPolicy('Velo#Rouge-Matin42', holder)).toEqual({ ok: true, failures: [] });
    expect(passwordPolicyErrors('Velo#Rouge-Matin42', holder)).toEqual([]);
  });

  it('checks nothing it is not told: without a context the holder-specific rules do not apply', () => {
    expect(checkPasswordPolicy('Pwb Policy1!').ok).toBe(true);
    expect(checkPasswordPolicy('Chru2026!', { lastName: null, firstName: '', identifier: undefined }).ok).toBe(true);
  });

  it('says every kind of problem at once, each in its own sentence', () => {
    expect(passwordPolicyErrors('policy', holder)).toEqual([
      { field: 'password', message: `Votre mot de passe doit être composé au minimum de : 8 caractères, 1 chiffre, 1 majuscule, 1 caractère spécial. ${PERSONAL}` },
    ]);
    expect(passwordPolicyErrors('Nantes#Policy9', holder)).toEqual([{ field: 'password', message: `${PERSONAL} ${EMPLOYER}` }]);
  });

  it('given any name of 2 letters, a good password still passes', () => {
    const twoLetters = fc.stringMatching(/^[A-ZÉ][a-zé]$/);
    fc.assert(
      fc.property(twoLetters, (name) => {
        expect(checkPasswordPolicy('Velo#Rouge-Matin42', { lastName: name, identifier: 'ABC000001' }).ok).toBe(true);
        expect(checkPasswordPolicy('Velo#Rouge-Matin42', { firstName: name, identifier: 'ABC000001' }).ok).toBe(true);
      }),
    );
  });
});
