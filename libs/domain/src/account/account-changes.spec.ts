import { defaultRightsTemplate } from '../rights/default-rights-template.js';
import { activeJean, adminActor, at, employerId, guideAddress, jeanLoutyCreated, T0, jeanPromoted } from '../testing/fixtures.js';
import { scenarioFor } from '../testing/given-when-then.js';
import { administratorOf, drsActor, meta, userOf } from '../testing/metadata.js';
import type { AccountEvent } from './account-events.js';
import { accountDecider } from './decide-account.js';

const given = scenarioFor(accountDecider);
const deleted: AccountEvent = {
  type: 'account.deleted',
  data: { accountId: 'account-jlo', employerId, profile: 'user', deletedBy: adminActor, deletedAt: at(2) },
};

describe('Account: ChangeContactDetails', () => {
  it('records only the changed fields, from/to', () => {
    const state = given(activeJean)
      .when(
        { type: 'ChangeContactDetails', accountId: 'account-jlo', lastName: 'Louty', firstName: 'Jean-Marc', phone: null, email: 'jm.louty@chu-nantes.fr', emailConfirmation: 'jm.louty@chu-nantes.fr' },
        meta(at(3), adminActor),
      )
      .then([
        {
          type: 'account.contact-details-changed',
          data: {
            accountId: 'account-jlo',
            changes: {
              firstName: { from: 'Jean', to: 'Jean-Marc' },
              email: { from: 'jean.louty@chu-nantes.fr', to: 'jm.louty@chu-nantes.fr' },
              phone: { from: '0241051938', to: null },
            },
            changedBy: adminActor,
            changedAt: at(3),
          },
        },
      ]);
    expect(state).toMatchObject({ firstName: 'Jean-Marc', phone: null, identifier: 'JLO000439' });
  });

  it('records nothing when nothing changes', () => {
    given(activeJean).when({ type: 'ChangeContactDetails', accountId: 'account-jlo', lastName: ' Louty ' }, meta(at(3), adminActor)).then([]);
  });

  it('requires the e-mail confirmation with a new e-mail', () => {
    given(activeJean)
      .when({ type: 'ChangeContactDetails', accountId: 'account-jlo', email: 'x@y.fr', lastName: '' }, meta(at(3), adminActor))
      .thenThrows('validation.failed', [
        { field: 'lastName', message: 'Le nom est obligatoire.' },
        { field: 'emailConfirmation', message: 'La confirmation du courriel est obligatoire.' },
      ]);
  });

  it('refuses to remove an administrator’s professional address', () => {
    given([jeanLoutyCreated({ profile: 'administrator', professionalAddress: guideAddress })])
      .when({ type: 'ChangeContactDetails', accountId: 'account-jlo', professionalAddress: [] }, meta(at(3), adminActor))
      .thenThrows('validation.failed', [
        { field: 'professionalAddress', message: "L'adresse professionnelle est obligatoire pour un compte administrateur." },
      ]);
  });

  it('answers not found to an administrator of another employer', () => {
    given(activeJean)
      .when({ type: 'ChangeContactDetails', accountId: 'account-jlo', firstName: 'Paul' }, meta(at(3), administratorOf('other')))
      .thenThrows('account.not-found');
  });

  it('is refused to a user', () => {
    given(activeJean)
      .when({ type: 'ChangeContactDetails', accountId: 'account-jlo', firstName: 'Paul' }, meta(at(3), userOf(employerId)))
      .thenThrows('authorisation.forbidden');
  });

  it('is refused on a closed account', () => {
    given([...activeJean, deleted])
      .when({ type: 'ChangeContactDetails', accountId: 'account-jlo', firstName: 'Paul' }, meta(at(3), adminActor))
      .thenThrows('account.closed');
  });
});

describe('Account: ChangeRights', () => {
  it('records the full new rights and the changed entries', () => {
    const state = given(activeJean)
      .when(
        { type: 'ChangeRights', accountId: 'account-jlo', rights: { 'affiliation-cnracl': 'read', 'validations-periodes-cnracl': 'read' } },
        meta(at(3), adminActor),
      )
      .then([
        {
          type: 'account.rights-changed',
          data: {
            accountId: 'account-jlo',
            rights: { ...defaultRightsTemplate, 'affiliation-cnracl': 'read' },
            changes: [{ service: 'affiliation-cnracl', from: 'write', to: 'read' }],
            rightsCatalogueVersion: 1,
            changedBy: adminActor,
            changedAt: at(3),
          },
        },
      ]);
    expect(state?.rights['affiliation-cnracl']).toBe('read');
  });

  it('reads a service added to the catalogue after creation as none', () => {
    const { 'declarations-fnc': _omitted, ...olderRights } = defaultRightsTemplate;
    const [event] = given([jeanLoutyCreated({ rights: olderRights as typeof defaultRightsTemplate })])
      .when({ type: 'ChangeRights', accountId: 'account-jlo', rights: { 'declarations-fnc': 'read' } }, meta(at(3), adminActor))
      .events();
    expect(event.type === 'account.rights-changed' && event.data.changes).toEqual([{ service: 'declarations-fnc', from: 'none', to: 'read' }]);
  });

  it('records nothing when nothing changes', () => {
    given(activeJean).when({ type: 'ChangeRights', accountId: 'account-jlo', rights: { 'affiliation-cnracl': 'write' } }, meta(at(3), adminActor)).then([]);
  });

  it('rejects unknown services and bad levels', () => {
    given(activeJean)
      .when({ type: 'ChangeRights', accountId: 'account-jlo', rights: { inconnu: 'read' } }, meta(at(3), adminActor))
      .thenThrows('validation.failed', [{ field: 'rights.inconnu', message: 'Ce service est inconnu.' }]);
  });

  it('is refused on a closed account and to a user', () => {
    given([...activeJean, deleted]).when({ type: 'ChangeRights', accountId: 'account-jlo', rights: {} }, meta(at(3), adminActor)).thenThrows('account.closed');
    given(activeJean).when({ type: 'ChangeRights', accountId: 'account-jlo', rights: {} }, meta(at(3), userOf(employerId))).thenThrows('authorisation.forbidden');
  });
});

describe('Account: PromoteToAdministrator / ChangeProfile', () => {
  const promoted = (address = guideAddress): AccountEvent => jeanPromoted(at(3), { professionalAddress: address });

  it('promotes a user, with the professional address given; effective at next sign-in', () => {
    const state = given(activeJean)
      .when({ type: 'PromoteToAdministrator', accountId: 'account-jlo', professionalAddress: guideAddress }, meta(at(3), adminActor))
      .then([promoted()]);
    expect(state).toMatchObject({ profile: 'administrator', administratorSince: at(3), promotionPending: true, createdAs: 'user' });
  });

  it('uses the address already on file', () => {
    given([jeanLoutyCreated({ professionalAddress: guideAddress })])
      .when({ type: 'PromoteToAdministrator', accountId: 'account-jlo' }, meta(at(3), adminActor))
      .then([promoted()]);
  });

  it('requires a professional address', () => {
    given(activeJean)
      .when({ type: 'PromoteToAdministrator', accountId: 'account-jlo' }, meta(at(3), adminActor))
      .thenThrows('validation.failed', [
        { field: 'professionalAddress', message: "L'adresse professionnelle est obligatoire pour un compte administrateur." },
      ]);
  });

  it('refuses to promote an administrator again', () => {
    given([...activeJean, promoted()])
      .when({ type: 'PromoteToAdministrator', accountId: 'account-jlo' }, meta(at(4), adminActor))
      .thenThrows('account.already-administrator');
  });

  it('refuses administrator → user with its own code', () => {
    given([...activeJean, promoted()])
      .when({ type: 'ChangeProfile', accountId: 'account-jlo', profile: 'user' }, meta(at(4), adminActor))
      .thenThrows('account.administrator-cannot-become-user');
  });

  it('ChangeProfile to administrator promotes; unchanged profiles record nothing', () => {
    given(activeJean)
      .when({ type: 'ChangeProfile', accountId: 'account-jlo', profile: 'administrator', professionalAddress: guideAddress }, meta(at(3), adminActor))
      .then([promoted()]);
    given(activeJean).when({ type: 'ChangeProfile', accountId: 'account-jlo', profile: 'user' }, meta(at(3), adminActor)).then([]);
    given([...activeJean, promoted()]).when({ type: 'ChangeProfile', accountId: 'account-jlo', profile: 'administrator' }, meta(at(4), adminActor)).then([]);
  });

  it('is refused to a user, to another employer and on a closed account', () => {
    const promote = { type: 'PromoteToAdministrator' as const, accountId: 'account-jlo', professionalAddress: guideAddress };
    given(activeJean).when(promote, meta(at(3), userOf(employerId))).thenThrows('authorisation.forbidden');
    given(activeJean).when(promote, meta(at(3), administratorOf('other'))).thenThrows('account.not-found');
    given([...activeJean, deleted]).when(promote, meta(at(3), adminActor)).thenThrows('account.closed');
  });

  it('lets the DRS promote too', () => {
    expect(given(activeJean).when({ type: 'PromoteToAdministrator', accountId: 'account-jlo', professionalAddress: guideAddress }, meta(at(3), drsActor)).events()).toHaveLength(1);
  });

  it('keeps the creation instant for T0-created administrators', () => {
    const state = given([jeanLoutyCreated({ profile: 'administrator', professionalAddress: guideAddress })])
      .when({ type: 'ChangeRights', accountId: 'account-jlo', rights: {} }, meta(T0, adminActor))
      .then([]);
    expect(state?.administratorSince).toBe(T0);
  });
});
