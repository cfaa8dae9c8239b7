import { describe, expect, it } from '@jest/globals';
import type { AccountListEntry } from '@peps/account-list';
import { accountCsvHeader, accountCsvRow, parisDateTime } from './account-list-csv.js';

const entry = (overrides: Partial<AccountListEntry> = {}): AccountListEntry => ({
  accountId: 'a1',
  employerId: 'e1',
  identifier: 'DUPONJE01',
  civility: 'madame',
  lastName: 'Dupont',
  firstName: 'Jeanne',
  email: 'jeanne.dupont@exemple.fr',
  profile: 'user',
  status: 'active',
  createdAt: '2026-01-15T23:30:00.000Z',
  lastSignInAt: null,
  ...overrides,
});

describe('account list CSV', () => {
  it('given the header, then it starts with the UTF-8 byte-order mark and uses ;', () => {
    const header = accountCsvHeader(false);
    expect(header.startsWith('\uFEFF')).toBe(true);
    expect(header).toBe('\uFEFFIdentifiant;Civilité;Nom;Prénom;Courriel;Profil;Statut;Créé le;Dernière connexion\r\n');
  });

  it('given the DRS, then the employer comes first', () => {
    expect(accountCsvHeader(true).slice(1).split(';')[0]).toBe('Employeur');
    expect(accountCsvRow(entry(), true).split(';')[0]).toBe('e1');
  });

  it('given a winter and a summer instant, then dates read in Paris time (UTC+1, UTC+2)', () => {
    expect(parisDateTime('2026-01-15T23:30:00.000Z')).toBe('16/01/2026 00:30');
    expect(parisDateTime('2026-07-01T10:05:00.000Z')).toBe('01/07/2026 12:05');
    expect(parisDateTime(null)).toBe('');
  });

  it('given an account, then its row carries French labels and an empty last sign-in', () => {
    expect(accountCsvRow(entry(), false)).toBe('DUPONJE01;Mme;Dupont;Jeanne;jeanne.dupont@exemple.fr;Utilisateur;Actif;16/01/2026 00:30;\r\n');
  });

  it('given cells starting with = + - @, then they are escaped against formula injection', () => {
    const row = accountCsvRow(entry({ lastName: '=HYPERLINK("x")', firstName: '+33', email: '@SUM(1)' }), false);
    const cells = row.trimEnd().split(';');
    expect(cells[2]).toBe(`"'=HYPERLINK(""x"")"`);
    expect(cells[3]).toBe("'+33");
    expect(cells[4]).toBe("'@SUM(1)");
    expect(accountCsvRow(entry({ lastName: '-1' }), false).split(';')[2]).toBe("'-1");
  });
});

describe('status labels', () => {
  it('given an expired invitation, then the list names the account page’s status with the reason', () => {
    expect(accountCsvRow({ ...entry(), status: 'invitation-expired' }, false).split(';')[6]).toBe('En attente de création du mot de passe (lien expiré)');
    expect(accountCsvRow({ ...entry(), status: 'invited' }, false).split(';')[6]).toBe('En attente de création du mot de passe');
  });
});
