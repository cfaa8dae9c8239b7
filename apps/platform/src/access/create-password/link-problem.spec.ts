import { describe, expect, it } from '@jest/globals';
import { linkProblem, linkState } from './link-problem.js';

const now = new Date('2026-12-02T12:00:00Z');
const token = (status: 'pending' | 'used' | 'superseded' | 'expired', expiresAt = '2026-12-10T00:00:00Z') => ({ issuedAt: '2026-11-25T00:00:00Z', expiresAt, status });

describe('a password link’s state', () => {
  it.each([
    ['a pending link before its date', token('pending'), 'usable'],
    ['a pending link past its date (not yet swept)', token('pending', '2026-12-02T11:59:59Z'), 'expired'],
    ['an expired link', token('expired'), 'expired'],
    ['a used link', token('used'), 'used'],
    ['a link replaced by a newer one', token('superseded'), 'used'],
    ['a link the account does not know', undefined, 'unknown'],
  ])('given %s, then it is %s', (_, issued, state) => {
    expect(linkState(issued, now)).toBe(state);
  });
});

describe('the sentence shown instead of the form', () => {
  it('given an expired invitation whose creator is known, then it names the administrator to ask', () => {
    expect(linkProblem('creation', 'expired', { civility: 'monsieur', lastName: 'Louty' })).toBe('Ce lien a expiré : demandez à Monsieur Louty, votre administrateur, un nouveau lien.');
  });

  it('given a used invitation created by a woman, then « Madame »', () => {
    expect(linkProblem('creation', 'used', { civility: 'madame', lastName: 'Durand' })).toBe(
      "Ce lien n'est plus valable (il a déjà servi ou a été remplacé par un plus récent) : demandez à Madame Durand, votre administrateur, un nouveau lien.",
    );
  });

  it('given an invitation whose creator is unknown, then an administrator of the establishment', () => {
    expect(linkProblem('creation', 'expired')).toBe('Ce lien a expiré : demandez à un administrateur de votre établissement un nouveau lien.');
  });

  it('given an expired or used reset link, then a new « mot de passe oublié » request', () => {
    expect(linkProblem('reset', 'expired')).toBe('Ce lien a expiré : refaites une demande de mot de passe oublié.');
    expect(linkProblem('reset', 'used', { civility: 'monsieur', lastName: 'Louty' })).toMatch(/: refaites une demande de mot de passe oublié\.$/);
  });
});
