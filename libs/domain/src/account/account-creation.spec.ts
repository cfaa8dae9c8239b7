import { defaultRightsTemplate } from '../rights/default-rights-template.js';
import { adminActor, createJeanLouty, employerId, guideAddress, invitationIssued, jeanLoutyCreated, T0 } from '../testing/fixtures.js';
import { scenarioFor } from '../testing/given-when-then.js';
import { administratorOf, anonymousActor, drsActor, meta, userOf } from '../testing/metadata.js';
import { accountDecider } from './decide-account.js';
import { accountContactErrors } from './account-contact.js';

const given = scenarioFor(accountDecider);

describe('Account: CreateAccount', () => {
  it('creates Jean Louty as in the guide, with his first password-creation link (15 days)', () => {
    const state = given([]).when(createJeanLouty(), meta(T0, adminActor)).then([jeanLoutyCreated(), invitationIssued()]);
    expect(state).toMatchObject({ status: 'invited', identifier: 'JLO000439', profile: 'user', administratorSince: null });
    expect(state?.invitations['token-1']).toEqual({ issuedAt: T0, expiresAt: '2020-03-27T09:00:00.000Z', status: 'pending' });
  });

  it('creates an administrator with a professional address; the 8-day clock starts at creation', () => {
    const state = given([])
      .when(createJeanLouty({ profile: 'administrator', professionalAddress: guideAddress, phone: undefined }), meta(T0, adminActor))
      .then([jeanLoutyCreated({ profile: 'administrator', professionalAddress: guideAddress, phone: null }), invitationIssued()]);
    expect(state?.administratorSince).toBe(T0);
    expect(state?.createdAs).toBe('administrator');
  });

  it('lets the DRS create an employer’s first administrator', () => {
    const [created] = given([])
      .when(createJeanLouty({ profile: 'administrator', professionalAddress: guideAddress }), meta(T0, drsActor))
      .events();
    expect(created).toMatchObject({ type: 'account.created', data: { createdBy: drsActor } });
  });

  it('normalises the identifier typed in any case', () => {
    const [created] = given([]).when(createJeanLouty({ identifier: 'jlo000439' }), meta(T0, adminActor)).events();
    expect(created.type === 'account.created' && created.data.identifier).toBe('JLO000439');
  });

  it.each([
    ['a user', userOf(employerId)],
    ['an administrator of another employer', administratorOf('other-employer')],
    ['an anonymous visitor', anonymousActor],
  ])('is refused to %s', (_label, actor) => {
    given([]).when(createJeanLouty(), meta(T0, actor)).thenThrows('authorisation.forbidden');
  });

  it('is refused when the account already exists', () => {
    given([jeanLoutyCreated()]).when(createJeanLouty(), meta(T0, adminActor)).thenThrows('account.already-exists');
  });

  it('reports every missing field at once, with the API body’s field names, before anything is recorded', () => {
    given([])
      .when(
        createJeanLouty({
          profile: undefined,
          civility: undefined,
          lastName: '',
          firstName: undefined,
          email: '',
          emailConfirmation: '',
          rights: {},
        }),
        meta(T0, adminActor),
      )
      .thenThrows('validation.failed', [
        // The form's own messages (pinned in account-contact.spec.ts), then the rights.
        ...accountContactErrors({}),
        ...Object.keys(defaultRightsTemplate).map((code) => ({
          field: `rights.${code}`,
          message: 'Le niveau d’accès à ce service est obligatoire.',
        })),
      ]);
  });

  it('reports invalid values at once', () => {
    given([])
      .when(
        createJeanLouty({
          profile: 'superadmin',
          civility: 'mademoiselle',
          email: 'jean.louty@',
          emailConfirmation: 'autre@x.fr',
          phone: '12',
          rights: { ...defaultRightsTemplate, 'affiliation-cnracl': 'all', inconnu: 'read' },
        }),
        meta(T0, adminActor),
      )
      .thenThrows('validation.failed', [
        { field: 'profile', message: 'Le profil du compte doit être « Administrateur » ou « Utilisateur ».' },
        { field: 'civility', message: 'La civilité doit être « Monsieur » ou « Madame ».' },
        { field: 'email', message: "Le courriel n'est pas valide (exemple : monmail@employeur.fr)." },
        { field: 'phone', message: "Le numéro de téléphone n'est pas valide (exemple : 02 41 05 19 38)." },
        {
          field: 'rights.affiliation-cnracl',
          message: 'Le niveau d’accès doit être « Aucun » (none), « Lecture seule » (read) ou « Modification » (write).',
        },
        { field: 'rights.inconnu', message: 'Ce service est inconnu.' },
      ]);
  });

  it('refuses a confirmation that differs from the e-mail', () => {
    given([])
      .when(createJeanLouty({ emailConfirmation: 'jean.loutyy@chu-nantes.fr' }), meta(T0, adminActor))
      .thenThrows('validation.failed', [
        { field: 'emailConfirmation', message: 'La confirmation du courriel ne correspond pas au courriel saisi.' },
      ]);
  });

  it('requires a professional address for an administrator', () => {
    given([])
      .when(createJeanLouty({ profile: 'administrator' }), meta(T0, adminActor))
      .thenThrows('validation.failed', [
        { field: 'professionalAddress', message: "L'adresse professionnelle est obligatoire pour un compte administrateur." },
      ]);
  });

  it('checks a user’s optional professional address when given', () => {
    given([])
      .when(createJeanLouty({ professionalAddress: ['NANTES'] }), meta(T0, adminActor))
      .thenThrows('validation.failed', [
        {
          field: 'professionalAddress',
          message: "La dernière ligne de l'adresse doit commencer par le code postal à 5 chiffres suivi de la commune.",
        },
      ]);
  });

  it.each(['JDU000439', 'JLO0439', ''])('refuses identifier %p that does not match the names', (identifier) => {
    given([])
      .when(createJeanLouty({ identifier }), meta(T0, adminActor))
      .thenThrows('validation.failed', [{ field: 'identifier', message: "L'identifiant ne correspond pas aux nom et prénom du titulaire." }]);
  });

  it('requires the first invitation token', () => {
    given([])
      .when(createJeanLouty({ invitationTokenHash: '' }), meta(T0, adminActor))
      .thenThrows('validation.failed', [{ field: 'invitationTokenHash', message: 'Le lien de création du mot de passe est obligatoire.' }]);
  });

  it('answers not found for any other command on a missing account', () => {
    given([]).when({ type: 'DeleteAccount', accountId: 'nobody' }, meta(T0, adminActor)).thenThrows('account.not-found');
  });
});
