import { employerId, employerRegistered, guideAddress, T0, at } from '../testing/fixtures.js';
import { scenarioFor } from '../testing/given-when-then.js';
import { administratorOf, anonymousActor, drsActor, meta, systemActor, userOf } from '../testing/metadata.js';
import { defaultRightsTemplate } from '../rights/default-rights-template.js';
import { employerDecider } from './decide-employer.js';
import type { CorrectLegalRepresentative, RegisterEmployer } from './employer-commands.js';
import type { EmployerEvent } from './employer-events.js';
import { mayAcceptTermsOfUse, termsOfUseAllowedFrom } from './terms-of-use-delay.js';

const given = scenarioFor(employerDecider);

const register: RegisterEmployer = {
  type: 'RegisterEmployer',
  employerId,
  name: '  CHRU DE NANTES VP201 ',
  siret: '264 400 136 00018',
  legalRepresentative: { civility: 'monsieur', lastName: 'Dupont', firstName: 'Philippe' },
  address: guideAddress,
};

const added = (accountId: string, since: string, reason: 'creation' | 'promotion' = 'creation'): EmployerEvent => ({
  type: 'employer.administrator-added',
  data: { employerId, accountId, reason, since },
});

describe('Employer: RegisterEmployer', () => {
  it('registers an employer with the E-services default rights', () => {
    given([]).when(register, meta(T0, drsActor)).then([employerRegistered]);
  });

  it('lets the platform itself register (demonstration data)', () => {
    const [event] = given([]).when(register, meta(T0, systemActor)).events();
    expect(event.type).toBe('employer.registered');
  });

  it('resolves a partial default-rights template', () => {
    const [event] = given([])
      .when({ ...register, defaultRights: { 'declarations-fnc': 'write' } }, meta(T0, drsActor))
      .events();
    expect(event.type === 'employer.registered' && event.data.defaultRights).toEqual({ ...defaultRightsTemplate, 'declarations-fnc': 'write' });
  });

  it.each([administratorOf(employerId), userOf(employerId), anonymousActor])('is refused to %p (DRS only)', (actor) => {
    given([]).when(register, meta(T0, actor)).thenThrows('authorisation.forbidden');
  });

  it('is refused for an employer already registered', () => {
    given([employerRegistered]).when(register, meta(T0, drsActor)).thenThrows('employer.already-registered');
  });

  it('reports every invalid field at once', () => {
    const bad = {
      ...register,
      name: ' ',
      siret: '26440013600019',
      legalRepresentative: { civility: 'docteur', lastName: '', firstName: 'P4' },
      address: ['5 ALLEE DE L ILE GLORIETTE'],
      defaultRights: { inconnu: 'write' },
    };
    given([])
      .when(bad, meta(T0, drsActor))
      .thenThrows('validation.failed', [
        { field: 'name', message: "Le nom de l'établissement est obligatoire." },
        { field: 'siret', message: "Le numéro SIRET n'est pas valide (clé de contrôle incorrecte)." },
        { field: 'legalRepresentative.civility', message: 'La civilité doit être « Monsieur » ou « Madame ».' },
        { field: 'legalRepresentative.lastName', message: 'Le nom est obligatoire.' },
        { field: 'legalRepresentative.firstName', message: 'Le prénom ne peut contenir que des lettres, des espaces, des tirets et des apostrophes.' },
        { field: 'address', message: "La dernière ligne de l'adresse doit commencer par le code postal à 5 chiffres suivi de la commune." },
        { field: 'defaultRights.inconnu', message: 'Ce service est inconnu.' },
      ]);
  });

  it('refuses a missing legal representative', () => {
    const error = given([])
      .when({ ...register, legalRepresentative: undefined as never }, meta(T0, drsActor))
      .thenThrows('validation.failed');
    expect(error.details?.map((d) => d.field)).toEqual([
      'legalRepresentative.civility',
      'legalRepresentative.lastName',
      'legalRepresentative.firstName',
    ]);
  });

  it('refuses a name over 200 characters', () => {
    given([])
      .when({ ...register, name: 'N'.repeat(201) }, meta(T0, drsActor))
      .thenThrows('validation.failed', [{ field: 'name', message: "Le nom de l'établissement ne doit pas dépasser 200 caractères." }]);
  });
});

describe('Employer: administrators', () => {
  it('records an administrator added by creation or promotion', () => {
    const state = given([employerRegistered])
      .when({ type: 'AddAdministrator', employerId, accountId: 'admin-1', reason: 'creation' }, meta(T0, drsActor))
      .then([added('admin-1', T0)]);
    expect(state?.administrators).toEqual({ 'admin-1': { since: T0 } });
    given([employerRegistered])
      .when({ type: 'AddAdministrator', employerId, accountId: 'user-1', reason: 'promotion' }, meta(at(3), administratorOf(employerId)))
      .then([added('user-1', at(3), 'promotion')]);
  });

  it('refuses to add an administrator twice', () => {
    given([employerRegistered, added('admin-1', T0)])
      .when({ type: 'AddAdministrator', employerId, accountId: 'admin-1', reason: 'promotion' }, meta(T0))
      .thenThrows('employer.already-administrator');
  });

  it('refuses anything on an unregistered employer', () => {
    given([])
      .when({ type: 'AddAdministrator', employerId, accountId: 'admin-1', reason: 'creation' }, meta(T0))
      .thenThrows('employer.not-found');
  });

  it('removes an administrator on deletion while another remains', () => {
    const state = given([employerRegistered, added('admin-1', T0), added('admin-2', T0)])
      .when({ type: 'RemoveAdministrator', employerId, accountId: 'admin-2', reason: 'deletion' }, meta(at(1)))
      .then([{ type: 'employer.administrator-removed', data: { employerId, accountId: 'admin-2', reason: 'deletion', removedAt: at(1) } }]);
    expect(Object.keys(state?.administrators ?? {})).toEqual(['admin-1']);
  });

  it('refuses to delete the last administrator', () => {
    given([employerRegistered, added('admin-1', T0)])
      .when({ type: 'RemoveAdministrator', employerId, accountId: 'admin-1', reason: 'deletion' }, meta(at(1)))
      .thenThrows('employer.last-administrator');
  });

  it('lets the DRS cancellation remove the last administrator', () => {
    const state = given([employerRegistered, added('admin-1', T0)])
      .when({ type: 'RemoveAdministrator', employerId, accountId: 'admin-1', reason: 'cancellation' }, meta(at(1), drsActor))
      .then([{ type: 'employer.administrator-removed', data: { employerId, accountId: 'admin-1', reason: 'cancellation', removedAt: at(1) } }]);
    expect(state?.administrators).toEqual({});
  });

  it('refuses to remove an account that is not an administrator', () => {
    given([employerRegistered, added('admin-1', T0)])
      .when({ type: 'RemoveAdministrator', employerId, accountId: 'user-1', reason: 'deletion' }, meta(at(1)))
      .thenThrows('employer.not-an-administrator');
  });
});

describe('Employer: terms-of-use acceptance (8-day rule)', () => {
  const admin = administratorOf(employerId, 'admin-1');
  const accept = { type: 'AcceptTermsOfUse' as const, employerId, version: '2024-1', publishedVersions: ['2023-1', '2024-1'] };
  const history = [employerRegistered, added('admin-1', T0)];

  it('accepts exactly 8 × 24 h after becoming administrator', () => {
    const state = given(history)
      .when(accept, meta(at(8), admin))
      .then([{ type: 'employer.terms-of-use-accepted', data: { employerId, version: '2024-1', acceptedBy: 'admin-1', acceptedAt: at(8) } }]);
    expect(state?.acceptedTermsOfUse['2024-1']).toEqual({ acceptedBy: 'admin-1', acceptedAt: at(8) });
  });

  it('refuses at 7 days 23 hours, and one millisecond before 8 days', () => {
    given(history).when(accept, meta(at(7 + 23 / 24), admin)).thenThrows('terms-of-use.delay-not-elapsed');
    expect(mayAcceptTermsOfUse(T0, '2020-03-20T08:59:59.999Z')).toBe(false);
    expect(termsOfUseAllowedFrom(T0)).toBe('2020-03-20T09:00:00.000Z');
  });

  it('counts the delay from the promotion for a promoted administrator', () => {
    const promoted = [employerRegistered, added('admin-1', at(10), 'promotion')];
    given(promoted).when(accept, meta(at(17), admin)).thenThrows('terms-of-use.delay-not-elapsed');
    expect(given(promoted).when(accept, meta(at(18), admin)).events()).toHaveLength(1);
  });

  it('refuses a version that is not published', () => {
    given(history)
      .when({ ...accept, version: '2099-1' }, meta(at(9), admin))
      .thenThrows('terms-of-use.not-published');
  });

  it('accepts a version once only', () => {
    given([...history, { type: 'employer.terms-of-use-accepted', data: { employerId, version: '2024-1', acceptedBy: 'admin-1', acceptedAt: at(8) } }])
      .when(accept, meta(at(9), admin))
      .thenThrows('terms-of-use.already-accepted');
  });

  it.each([
    ['a user', userOf(employerId)],
    ['an administrator of another employer', administratorOf('other-employer', 'admin-1')],
    ['the DRS', drsActor],
    ['an administrator no longer in the set', administratorOf(employerId, 'admin-removed')],
  ])('is refused to %s', (_label, actor) => {
    given(history).when(accept, meta(at(9), actor)).thenThrows('authorisation.forbidden');
  });
});

describe('Employer: RegisterEmployer and the letter’s recipient block', () => {
  it('given a function, when registering, then it is recorded with the representative', () => {
    const [event] = given([])
      .when({ ...register, legalRepresentative: { ...register.legalRepresentative, function: ' Maire ' } }, meta(T0, drsActor))
      .events();
    expect(event.type === 'employer.registered' && event.data.legalRepresentative).toEqual({ civility: 'monsieur', lastName: 'Dupont', firstName: 'Philippe', function: 'Maire' });
  });

  it('given 6 address lines (valid alone), when registering, then it is refused saying how many lines remain, and nothing is recorded', () => {
    given([])
      .when({ ...register, address: ['A', 'B', 'C', 'D', 'E', '44035 NANTES CEDEX 1'] }, meta(T0, drsActor))
      .thenThrows('validation.failed', [
        { field: 'address', message: "Le courrier au représentant légal compte au plus 6 lignes : avec son nom et le nom de l'établissement, il reste 4 lignes pour l'adresse (6 saisies)." },
      ]);
  });

  it('given an address starting with the employer’s name, when registering, then that line is not counted', () => {
    const [event] = given([])
      .when({ ...register, address: ['CHRU DE NANTES VP201', 'A', 'B', 'C', '44035 NANTES CEDEX 1'] }, meta(T0, drsActor))
      .events();
    expect(event.type).toBe('employer.registered');
  });

  it('given a function over 38 characters, when registering, then it is refused', () => {
    given([])
      .when({ ...register, legalRepresentative: { ...register.legalRepresentative, function: 'F'.repeat(39) } }, meta(T0, drsActor))
      .thenThrows('validation.failed', [{ field: 'legalRepresentative.function', message: 'La fonction du représentant légal ne doit pas dépasser 38 caractères.' }]);
  });
});

describe('Employer: CorrectLegalRepresentative (DRS, after a failed or returned letter)', () => {
  const correct = (overrides: Partial<CorrectLegalRepresentative> = {}): CorrectLegalRepresentative => ({
    type: 'CorrectLegalRepresentative',
    employerId,
    legalRepresentative: { civility: 'madame', lastName: 'Durand', firstName: 'Claire', function: 'Directrice générale' },
    address: ['5 ALLEE DE L ILE GLORIETTE', '44093 NANTES CEDEX 1'],
    ...overrides,
  });

  it('given a registered employer, when the DRS corrects the representative and the address, then the new recipient is recorded with the previous one', () => {
    const state = given([employerRegistered])
      .when(correct(), meta(at(2), drsActor))
      .then([
        {
          type: 'employer.legal-representative-corrected',
          data: {
            employerId,
            legalRepresentative: { civility: 'madame', lastName: 'Durand', firstName: 'Claire', function: 'Directrice générale' },
            address: ['5 ALLEE DE L ILE GLORIETTE', '44093 NANTES CEDEX 1'],
            previous: { legalRepresentative: { civility: 'monsieur', lastName: 'Dupont', firstName: 'Philippe' }, address: guideAddress },
            correctedBy: drsActor,
            correctedAt: at(2),
          },
        },
      ]);
    expect(state?.legalRepresentative.lastName).toBe('Durand');
    expect(state?.address).toEqual(['5 ALLEE DE L ILE GLORIETTE', '44093 NANTES CEDEX 1']);
  });

  it.each([administratorOf(employerId), userOf(employerId), anonymousActor, systemActor])('is refused to %p (DRS only)', (actor) => {
    given([employerRegistered]).when(correct(), meta(at(2), actor)).thenThrows('authorisation.forbidden');
  });

  it('is refused on an unregistered employer', () => {
    given([]).when(correct(), meta(at(2), drsActor)).thenThrows('employer.not-found');
  });

  it('given the same recipient, when corrected, then nothing is recorded', () => {
    given([employerRegistered])
      .when(correct({ legalRepresentative: { civility: 'monsieur', lastName: 'Dupont', firstName: 'Philippe' }, address: guideAddress }), meta(at(2), drsActor))
      .thenThrows('employer.legal-representative-unchanged');
  });

  it('refuses an address outside the norm with the registration’s messages', () => {
    given([employerRegistered])
      .when(correct({ address: ['5 ALLEE DE L ILE GLORIETTE'] }), meta(at(2), drsActor))
      .thenThrows('validation.failed', [{ field: 'address', message: "La dernière ligne de l'adresse doit commencer par le code postal à 5 chiffres suivi de la commune." }]);
  });

  it('refuses a recipient block over the 6 lines of the letter, saying how many address lines remain', () => {
    const error = given([employerRegistered])
      .when(correct({ address: ['LIGNE 1', 'LIGNE 2', 'LIGNE 3', 'LIGNE 4', '44093 NANTES CEDEX 1'] }), meta(at(2), drsActor))
      .thenThrows('validation.failed');
    expect(error.details).toEqual([
      { field: 'address', message: "Le courrier au représentant légal compte au plus 6 lignes : avec son nom, sa fonction et le nom de l'établissement, il reste 3 lignes pour l'adresse (5 saisies)." },
    ]);
  });

  it('refuses a missing representative name', () => {
    const error = given([employerRegistered])
      .when(correct({ legalRepresentative: { civility: 'madame', lastName: '', firstName: 'Claire' } }), meta(at(2), drsActor))
      .thenThrows('validation.failed');
    expect(error.details?.map((d) => d.field)).toEqual(['legalRepresentative.lastName']);
  });
});
