import { guideAddress } from '../testing/fixtures.js';
import { accountContactErrors, validateAccountContact, validateContactChanges, type AccountContactInput } from './account-contact.js';

const jean: AccountContactInput = {
  profile: 'user',
  civility: 'monsieur',
  lastName: 'Louty',
  firstName: 'Jean',
  email: 'jean.louty@chu-nantes.fr',
  emailConfirmation: 'jean.louty@chu-nantes.fr',
  phone: '02 41 05 19 38',
};

const invalidEmail = "Le courriel n'est pas valide (exemple : monmail@employeur.fr).";
const addressRequired = "L'adresse professionnelle est obligatoire pour un compte administrateur.";
const postcodeLast = "La dernière ligne de l'adresse doit commencer par le code postal à 5 chiffres suivi de la commune.";

describe('the account form of a new account', () => {
  it('given every field valid, when validated, then the values come out normalised', () => {
    expect(validateAccountContact({ ...jean, lastName: ' Louty ', email: 'Jean.Louty@CHU-Nantes.fr' })).toEqual({
      ok: true,
      value: { profile: 'user', civility: 'monsieur', lastName: 'Louty', firstName: 'Jean', email: 'Jean.Louty@chu-nantes.fr', phone: '0241051938', professionalAddress: null },
    });
  });

  it('given an empty form, when validated, then every required field is reported at once, in the order of the form', () => {
    expect(accountContactErrors({})).toEqual([
      { field: 'profile', message: 'Le profil du compte est obligatoire.' },
      { field: 'civility', message: 'La civilité est obligatoire.' },
      { field: 'lastName', message: 'Le nom est obligatoire.' },
      { field: 'firstName', message: 'Le prénom est obligatoire.' },
      { field: 'email', message: 'Le courriel est obligatoire.' },
      { field: 'emailConfirmation', message: 'La confirmation du courriel est obligatoire.' },
    ]);
  });

  it.each([
    ['a profile other than administrator or user', { profile: 'root' }, 'profile', 'Le profil du compte doit être « Administrateur » ou « Utilisateur ».'],
    ['a civility other than monsieur or madame', { civility: 'mademoiselle' }, 'civility', 'La civilité doit être « Monsieur » ou « Madame ».'],
    ['a last name with digits', { lastName: 'Louty2' }, 'lastName', 'Le nom ne peut contenir que des lettres, des espaces, des tirets et des apostrophes.'],
    ['a first name of 101 letters', { firstName: 'J'.repeat(101) }, 'firstName', 'Le prénom ne doit pas dépasser 100 caractères.'],
    ['an e-mail without a domain', { email: 'jean@chu', emailConfirmation: 'jean@chu' }, 'email', invalidEmail],
    ['a confirmation naming another mailbox', { emailConfirmation: 'jeanne@chu-nantes.fr' }, 'emailConfirmation', 'La confirmation du courriel ne correspond pas au courriel saisi.'],
    ['a phone with letters', { phone: '02 41 AB' }, 'phone', "Le numéro de téléphone n'est pas valide (exemple : 02 41 05 19 38)."],
    ['an administrator without a professional address', { profile: 'administrator' }, 'professionalAddress', addressRequired],
    ['an address whose last line has no postcode', { profile: 'administrator', professionalAddress: ['5 RUE DU PORT', 'NANTES'] }, 'professionalAddress', postcodeLast],
  ])('given %s, when validated, then that field alone is refused with the domain message', (_label, change, field, message) => {
    expect(accountContactErrors({ ...jean, ...change })).toEqual([{ field, message }]);
  });

  it('given a user without a phone nor an address, when validated, then both are optional', () => {
    expect(validateAccountContact({ ...jean, phone: '' })).toMatchObject({ ok: true, value: { phone: null, professionalAddress: null } });
  });

  it('given an administrator with the guide address, when validated, then the address is kept line by line', () => {
    expect(validateAccountContact({ ...jean, profile: 'administrator', professionalAddress: guideAddress })).toMatchObject({
      ok: true,
      value: { profile: 'administrator', professionalAddress: guideAddress },
    });
  });
});

describe('a change of « Ses coordonnées »', () => {
  it('given only a first name, when validated, then only the first name is checked and returned', () => {
    expect(validateContactChanges({ firstName: 'Jean-Marc' }, 'user')).toEqual({ ok: true, value: { firstName: 'Jean-Marc' } });
  });

  it('given a phone set to null, when validated, then the phone is removed', () => {
    expect(validateContactChanges({ phone: null }, 'user')).toEqual({ ok: true, value: { phone: null } });
  });

  it('given a new e-mail without its confirmation, when validated, then the confirmation is required', () => {
    expect(accountContactErrors({ email: 'x@y.fr' }, 'user')).toEqual([{ field: 'emailConfirmation', message: 'La confirmation du courriel est obligatoire.' }]);
  });

  it('given an administrator holder emptying the address, when validated, then the address is required', () => {
    expect(accountContactErrors({ professionalAddress: [] }, 'administrator')).toEqual([{ field: 'professionalAddress', message: addressRequired }]);
  });

  it('given a user holder emptying the address, when validated, then the address goes', () => {
    expect(validateContactChanges({ professionalAddress: [] }, 'user')).toEqual({ ok: true, value: { professionalAddress: null } });
  });

  it('given the same bad e-mail and address as a creation, when validated, then the messages are the same', () => {
    const bad = { email: 'jean@chu', emailConfirmation: 'jean@chu', professionalAddress: ['5 RUE DU PORT', 'NANTES'] };
    expect(accountContactErrors(bad, 'administrator')).toEqual(accountContactErrors({ ...jean, profile: 'administrator', ...bad }));
  });
});
