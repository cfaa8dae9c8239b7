import { domainErrorCatalogue } from '../shared/domain-error-catalogue.js';

describe('Second factor: error answers', () => {
  it('answers every failed verification 401 with one message that says nothing of which check failed', () => {
    const { status, message } = domainErrorCatalogue['second-factor.verification-failed'];
    expect(status).toBe(401);
    expect(message).not.toMatch(/expir[ée] depuis|déjà utilisé|rejou|bloqué/);
  });

  it('maps the refusals of the methods’ management', () => {
    expect(domainErrorCatalogue['second-factor.invalid-code']).toEqual({ status: 400, message: "Le code saisi n'est pas valide." });
    expect(domainErrorCatalogue['second-factor.method-unavailable'].status).toBe(400);
    expect(domainErrorCatalogue['second-factor.totp-already-enrolled'].status).toBe(409);
    expect(domainErrorCatalogue['second-factor.no-pending-enrolment'].status).toBe(409);
    expect(domainErrorCatalogue['second-factor.passkey-already-registered'].status).toBe(409);
    expect(domainErrorCatalogue['second-factor.too-many-passkeys'].status).toBe(409);
    expect(domainErrorCatalogue['second-factor.passkey-unknown'].status).toBe(404);
    expect(domainErrorCatalogue['second-factor.workstation-unknown'].status).toBe(404);
    expect(domainErrorCatalogue['second-factor.delivery-failed'].status).toBe(503);
  });
});
