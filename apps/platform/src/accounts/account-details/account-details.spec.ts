import { describe, expect, it } from '@jest/globals';
import { evolveAccount, initialAccountState, type AccountEvent } from '@peps/domain';
import { at, invitationIssued, jeanLoutyCreated, passwordCreated } from '@peps/domain/testing';
import { accountDetails } from './account-details.controller.js';

const expired = (tokenHash = 'token-1'): AccountEvent => ({ type: 'account.invitation-expired', data: { accountId: 'account-jlo', tokenHash, expiredAt: at(15) } });
const labelAfter = (events: AccountEvent[]) => accountDetails(events.reduce(evolveAccount, initialAccountState)!, events.length).statusLabel;

describe('the account page’s status label, as the list words it', () => {
  it('given an invitation still valid, then « En attente de création du mot de passe »', () => {
    expect(labelAfter([jeanLoutyCreated(), invitationIssued()])).toBe('En attente de création du mot de passe');
  });

  it('given the latest link expired, then « … (lien expiré) », as on the list', () => {
    expect(labelAfter([jeanLoutyCreated(), invitationIssued(), expired()])).toBe('En attente de création du mot de passe (lien expiré)');
  });

  it('given a new link sent after the expired one, then pending again', () => {
    expect(labelAfter([jeanLoutyCreated(), invitationIssued(), expired(), invitationIssued('token-2', at(16))])).toBe('En attente de création du mot de passe');
  });

  it('given an active account, then its own label whatever its old links', () => {
    expect(labelAfter([jeanLoutyCreated(), invitationIssued(), passwordCreated()])).toBe('Actif');
  });
});
