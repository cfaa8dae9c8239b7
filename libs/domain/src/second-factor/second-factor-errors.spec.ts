import { domainErrorCatalogue } from '../shared/domain-error-catalogue.js';
import { catalogueStatuses, type CodesByStatus } from '../testing/error-statuses.js';

describe('Second factor: error answers', () => {
  it('answers every failed verification 401 with one message that says nothing of which check failed', () => {
    const { status, message } = domainErrorCatalogue['second-factor.verification-failed'];
    expect(status).toBe(401);
    expect(message).not.toMatch(/expir[ée] depuis|déjà utilisé|rejou|bloqué/);
  });

  it('maps the refusals of the methods’ management', () => {
    expect(domainErrorCatalogue['second-factor.invalid-code']).toEqual({ status: 400, message: "Le code saisi n'est pas valide." });
    const expected: CodesByStatus = {
      400: ['second-factor.method-unavailable'],
      404: ['second-factor.passkey-unknown', 'second-factor.workstation-unknown'],
      409: ['second-factor.totp-already-enrolled', 'second-factor.no-pending-enrolment', 'second-factor.passkey-already-registered', 'second-factor.too-many-passkeys'],
      503: ['second-factor.delivery-failed'],
    };
    expect(catalogueStatuses(expected)).toEqual(expected);
  });
});
