import type { AccountEvent } from '@peps/domain';
import { jeanLoutyCreated } from '@peps/domain/testing';
import { mentions, personTraces } from './person-traces.js';

const created = jeanLoutyCreated({ phone: '06 98 76 54 32' });
const changed: AccountEvent = {
  type: 'account.contact-details-changed',
  data: {
    accountId: 'account-jlo',
    changes: { email: { from: 'jean.louty@chu-nantes.fr', to: 'J.Louty@CHU.fr' }, lastName: { from: 'Louty', to: 'Loutier' } },
    changedBy: { kind: 'system' },
    changedAt: '2020-03-13T09:00:00.000Z',
  },
};

describe('personTraces: what tells the mails about a person apart', () => {
  it('given a creation and a change, then every address, number and name the account ever had', () => {
    const traces = personTraces('account-jlo', [
      { id: 'e1', event: created },
      { id: 'e2', event: changed },
    ]);
    expect(traces).toEqual({
      accountId: 'account-jlo',
      identifier: created.data.identifier,
      emails: ['jean.louty@chu-nantes.fr', 'j.louty@chu.fr'],
      phones: ['+33698765432'],
      fullNames: ['jean louty', 'louty jean', 'jean loutier', 'loutier jean'],
      eventIds: ['e1', 'e2'],
    });
  });

  it('given erased values (a re-run after the key is gone), then only the ids remain', () => {
    const erased = jeanLoutyCreated({ lastName: 'donnée effacée', firstName: 'donnée effacée', email: 'donnée effacée', phone: 'donnée effacée' });
    const traces = personTraces('account-jlo', [{ id: 'e1', event: erased }]);
    expect(traces).toMatchObject({ emails: [], phones: [], fullNames: [], eventIds: ['e1'] });
    expect(mentions(traces, 'Madame donnée effacée')).toBe(false);
  });

  it('finds a mention by name (any case, any spacing), address, identifier or cause, and nothing else', () => {
    const traces = personTraces('account-jlo', [{ id: '3f1c2a9b-0000-4000-8000-000000000001', event: created }]);
    expect(mentions(traces, 'Le compte de JEAN\n  LOUTY est supprimé')).toBe(true);
    expect(mentions(traces, 'à jean.louty@chu-nantes.fr')).toBe(true);
    expect(mentions(traces, `identifiant ${created.data.identifier.toLowerCase()}`)).toBe(true);
    expect(mentions(traces, 'X-Peps-Cause: account.created:3f1c2a9b-0000-4000-8000-000000000001:password-creation')).toBe(true);
    expect(mentions(traces, 'Bonjour Jean Martin, Louty Claire')).toBe(false);
  });
});
