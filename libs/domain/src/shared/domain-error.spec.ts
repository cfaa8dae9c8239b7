import * as domain from '../index.js';
import { catalogueStatuses, type CodesByStatus } from '../testing/error-statuses.js';
import { domainErrorCatalogue } from './domain-error-catalogue.js';
import { DomainError, isDomainError, validationFailed } from './domain-error.js';

describe('DomainError and its catalogue', () => {
  it('carries a code and field details', () => {
    const error = validationFailed([{ field: 'email', message: 'Le courriel est obligatoire.' }]);
    expect(error).toBeInstanceOf(Error);
    expect(isDomainError(error)).toBe(true);
    expect(error.code).toBe('validation.failed');
    expect(error.details).toEqual([{ field: 'email', message: 'Le courriel est obligatoire.' }]);
    expect(new DomainError('account.not-found').details).toBeUndefined();
  });

  it('maps the contract’s statuses', () => {
    const expected: CodesByStatus = {
      400: ['validation.failed'],
      401: ['sign-in.account-locked'],
      403: ['terms-of-use.delay-not-elapsed'],
      404: ['account.not-found'],
      409: ['account.administrator-cannot-become-user', 'employer.last-administrator'],
      410: ['invitation.expired', 'invitation.used'],
    };
    expect(catalogueStatuses(expected)).toEqual(expected);
  });

  it('answers locked accounts and wrong passwords alike', () => {
    expect(domainErrorCatalogue['sign-in.account-locked']).toEqual(domainErrorCatalogue['sign-in.invalid-credentials']);
  });

  it('has a French sentence for every code', () => {
    for (const { message } of Object.values(domainErrorCatalogue)) {
      expect(message).toMatch(/^[A-ZÀ-Ý].*[.]$/u);
    }
  });
});

describe('public API', () => {
  it('exports the deciders and value objects', () => {
    expect(domain.decideAccount).toBeInstanceOf(Function);
    expect(domain.decideEmployer).toBeInstanceOf(Function);
    expect(domain.decideTermsOfUse).toBeInstanceOf(Function);
    expect(domain.identifierPrefix('Jean', 'Louty')).toBe('JLO');
    expect(domain.formatIdentifier('JLO', 439)).toBe('JLO000439');
    expect(domain.checkPasswordPolicy('Pep$Comptes2024').ok).toBe(true);
    expect(domain.rightsCatalogue.version).toBe(1);
  });
});
