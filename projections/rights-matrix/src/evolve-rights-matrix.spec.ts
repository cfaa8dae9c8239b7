import { activeJean, adminActor, at, jeanLoutyCreated } from '@peps/domain/testing';
import { defaultRightsTemplate, ERASED_VALUE, type AccountEvent } from '@peps/domain';
import { evolveRightsMatrix, type RightsMatrixRow } from './evolve-rights-matrix.js';
import { rightsMatrixCsv } from './rights-matrix-view.js';

const fold = (events: AccountEvent[]) => events.reduce<RightsMatrixRow | null>((row, e) => evolveRightsMatrix(row, e), null);
const id = 'account-jlo';

describe('rights-matrix evolve', () => {
  it('starts from the rights given at creation and takes each full new set', () => {
    expect(fold(activeJean)?.rights).toEqual(defaultRightsTemplate);
    const rights = { ...defaultRightsTemplate, 'simulation-retraite': 'none' as const };
    const changed: AccountEvent = {
      type: 'account.rights-changed',
      data: { accountId: id, rights, changes: [{ service: 'simulation-retraite', from: 'write', to: 'none' }], rightsCatalogueVersion: 1, changedBy: adminActor, changedAt: at(2) },
    };
    expect(fold([...activeJean, changed])?.rights['simulation-retraite']).toBe('none');
  });

  it('drops a deleted account or a cancelled created administrator, keeps a demoted one', () => {
    const deleted: AccountEvent = { type: 'account.deleted', data: { accountId: id, employerId: 'e', profile: 'user', deletedBy: adminActor, deletedAt: at(2) } };
    expect(fold([...activeJean, deleted])).toBeNull();
    const cancelled = (outcome: 'closed' | 'demoted-to-user'): AccountEvent => ({
      type: 'account.administrator-registration-cancelled',
      data: { accountId: id, employerId: 'e', reason: 'r', outcome, cancelledBy: adminActor, cancelledAt: at(2) },
    });
    expect(fold([jeanLoutyCreated({ profile: 'administrator' }), cancelled('closed')])).toBeNull();
    expect(fold([jeanLoutyCreated({ profile: 'administrator' }), cancelled('demoted-to-user')])?.profile).toBe('user');
  });

  it('given an erased account, then it has left the matrix; a row still there would read « donnée effacée »', () => {
    const deleted: AccountEvent = { type: 'account.deleted', data: { accountId: id, employerId: 'e', profile: 'user', deletedBy: adminActor, deletedAt: at(2) } };
    const erased: AccountEvent = { type: 'account.personal-data-erased', data: { accountId: id, employerId: 'e', reason: 'r', erasedBy: adminActor, erasedAt: at(3) } };
    expect(fold([...activeJean, deleted, erased])).toBeNull();
    expect(fold([...activeJean, erased])).toMatchObject({ identifier: 'JLO000439', lastName: ERASED_VALUE, firstName: ERASED_VALUE, rights: defaultRightsTemplate });
  });

  it('exports CSV with a BOM, semicolons, French headers and labels', () => {
    const csv = rightsMatrixCsv([{ ...fold(activeJean)!, lastName: 'Dupont; "fils"', firstName: '=cmd' }]);
    expect(csv.startsWith('\uFEFFIdentifiant;Nom;Prénom;Profil;Affiliation CNRACL;')).toBe(true);
    const line = csv.split('\r\n')[1];
    expect(line).toContain('JLO000439;"Dupont; ""fils""";\'=cmd;Utilisateur;');
    expect(line).toMatch(/Modification|Lecture seule|Aucun/);
  });
});
