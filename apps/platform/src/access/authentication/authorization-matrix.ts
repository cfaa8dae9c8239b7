/**
 * Expected status of every HTTP route for every kind of caller. The authorization-matrix test
 * (authorization-matrix.int.spec.ts) lists the routes from Nest's route table and fails on a route without an entry:
 * add one here with each new endpoint.
 *
 * How the test calls a route: path parameters are replaced by a fixture of employer A (`:id`, `:accountId` → an
 * active user account of employer A, created afresh for each route; `:version` → a published terms-of-use version;
 * an establishment `:id` → employer A), with `body` as the JSON body (an empty object when omitted for POST, PUT and
 * PATCH). Callers: anonymous; `user` and `administrator` of employer A; `otherAdministrator` of employer B; `drs`
 * (the bootstrap operator, DRS + auditor); `auditor` (auditor only). Bodies are chosen so that an authorised caller's
 * request is well-formed but harmless where possible (e.g. a 400 on purpose); the point is who gets past the guard
 * and the employer scoping.
 */
export type Caller = 'anonymous' | 'user' | 'administrator' | 'otherAdministrator' | 'drs' | 'auditor';

export interface MatrixEntry {
  body?: unknown;
  /** One status, or the statuses accepted (e.g. while a read model may not have caught up). */
  expect: Record<Caller, number | number[]>;
}

/** Keys are `METHOD /path` exactly as Nest registers them (path parameters with a colon). */
export const authorizationMatrix: Record<string, MatrixEntry> = {
  'GET /api/health': { expect: { anonymous: 200, user: 200, administrator: 200, otherAdministrator: 200, drs: 200, auditor: 200 } },
  'POST /api/auth/login': {
    body: { identifier: 'INCONNU01', password: 'x' },
    expect: { anonymous: 401, user: 401, administrator: 401, otherAdministrator: 401, drs: 401, auditor: 401 },
  },
  'POST /api/auth/logout': { expect: { anonymous: 401, user: 204, administrator: 204, otherAdministrator: 204, drs: 204, auditor: 204 } },
  'GET /api/auth/session': { expect: { anonymous: 401, user: 200, administrator: 200, otherAdministrator: 200, drs: 200, auditor: 200 } },
  'POST /api/establishments': { expect: { anonymous: 401, user: 403, administrator: 403, otherAdministrator: 403, drs: 400, auditor: 403 } },
  'GET /api/services': { expect: { anonymous: 401, user: 200, administrator: 200, otherAdministrator: 200, drs: 200, auditor: 200 } },
  'POST /api/accounts': { expect: { anonymous: 401, user: 403, administrator: 400, otherAdministrator: 400, drs: 403, auditor: 403 } },
  'GET /api/accounts/:id': { expect: { anonymous: 401, user: 403, administrator: 200, otherAdministrator: 404, drs: 200, auditor: 200 } },
  'PATCH /api/accounts/:id': {
    body: { expectedVersion: 0 },
    expect: { anonymous: 401, user: 403, administrator: 409, otherAdministrator: 404, drs: 403, auditor: 403 },
  },
  'DELETE /api/accounts/:id': { expect: { anonymous: 401, user: 403, administrator: 204, otherAdministrator: 404, drs: 403, auditor: 403 } },
  'POST /api/accounts/:id/invitation': { expect: { anonymous: 401, user: 403, administrator: 202, otherAdministrator: 404, drs: 403, auditor: 403 } },
  // The fixture is active and not close to expiry: a renewal is accepted anyway (a bulk selection never fails halfway).
  'POST /api/accounts/:id/renewal': { expect: { anonymous: 401, user: 403, administrator: 204, otherAdministrator: 404, drs: 403, auditor: 403 } },
  'POST /api/accounts/:id/unlock': { expect: { anonymous: 401, user: 403, administrator: 409, otherAdministrator: 404, drs: 403, auditor: 403 } },
  'POST /api/drs/administrator-registrations/:accountId/cancellation': {
    body: { reason: 'Opposition du représentant légal' },
    // The fixture is a user account: no administrator registration to cancel (409) for the DRS.
    expect: { anonymous: 401, user: 403, administrator: 403, otherAdministrator: 403, drs: 409, auditor: 403 },
  },
  'GET /api/cgu/versions': { expect: { anonymous: 401, user: 403, administrator: 200, otherAdministrator: 200, drs: 200, auditor: 200 } },
  // The version the matrix publishes in its set-up (`:version` → 2024-1): readable by whoever may validate or audit.
  'GET /api/cgu/versions/:version': { expect: { anonymous: 401, user: 403, administrator: 200, otherAdministrator: 200, drs: 200, auditor: 200 } },
  'POST /api/cgu/versions': { expect: { anonymous: 401, user: 403, administrator: 403, otherAdministrator: 403, drs: 400, auditor: 403 } },
  'POST /api/cgu/versions/:version/acceptance': {
    // Administrators are younger than 8 days in the fixture.
    expect: { anonymous: 401, user: 403, administrator: 403, otherAdministrator: 403, drs: 403, auditor: 403 },
  },
  'POST /api/password/setup': { expect: { anonymous: 400, user: 400, administrator: 400, otherAdministrator: 400, drs: 400, auditor: 400 } },
  'POST /api/password/forgotten': {
    body: { identifier: 'INCONNU01' },
    expect: { anonymous: 202, user: 202, administrator: 202, otherAdministrator: 202, drs: 202, auditor: 202 },
  },
  'POST /api/identifier/forgotten': {
    body: { email: 'personne@exemple.fr' },
    expect: { anonymous: 202, user: 202, administrator: 202, otherAdministrator: 202, drs: 202, auditor: 202 },
  },
  // Operators (DRS, auditors): only the DRS lists and unlocks them. The path keeps `:identifier` as is, which is no
  // identifier at all: an authorised caller gets past the guard to a 404 (no such operator), and nothing changes.
  'GET /api/drs/operators': { expect: { anonymous: 401, user: 403, administrator: 403, otherAdministrator: 403, drs: 200, auditor: 403 } },
  'POST /api/drs/operators/:identifier/unlock': {
    expect: { anonymous: 401, user: 403, administrator: 403, otherAdministrator: 403, drs: 404, auditor: 403 },
  },
  'PUT /api/test/clock': { expect: { anonymous: 400, user: 400, administrator: 400, otherAdministrator: 400, drs: 400, auditor: 400 } },


  // Read side (query endpoints owned by the read-model work): expectations taken from CONTRACT.md's "who" column;
  // owners, adjust when your endpoint's rules are settled. The bootstrap operator `drs` is DRS and auditor.
  'GET /api/accounts': { expect: { anonymous: 401, user: 403, administrator: 200, otherAdministrator: 200, drs: 200, auditor: 403 } },
  'GET /api/accounts/:id/history': { expect: { anonymous: 401, user: 403, administrator: 200, otherAdministrator: 404, drs: 200, auditor: 200 } },
  'GET /api/accounts/:id/state': { expect: { anonymous: 401, user: 403, administrator: 403, otherAdministrator: 403, drs: 400, auditor: 400 } },
  'GET /api/audit/trail': { expect: { anonymous: 401, user: 403, administrator: 403, otherAdministrator: 403, drs: 200, auditor: 200 } },
  'GET /api/audit/verify': { expect: { anonymous: 401, user: 403, administrator: 403, otherAdministrator: 403, drs: 200, auditor: 200 } },
  'GET /api/drs/administrator-registrations': { expect: { anonymous: 401, user: 403, administrator: 403, otherAdministrator: 403, drs: 200, auditor: 403 } },
  // 404 accepted while the rights-matrix read model has not caught up (the test runs without background work).
  'GET /api/establishments/:id/rights-matrix': {
    expect: { anonymous: 401, user: 403, administrator: [200, 404], otherAdministrator: 404, drs: [200, 404], auditor: [200, 404] },
  },
  // Letters and deliveries: the fixture id is an account id, so an authorised DRS caller finds nothing (404).
  'GET /api/letters/:id/pdf': { expect: { anonymous: 401, user: 403, administrator: 403, otherAdministrator: 403, drs: 404, auditor: 403 } },
  'POST /api/letters/:id/mailroom': { expect: { anonymous: 401, user: 403, administrator: 403, otherAdministrator: 403, drs: 404, auditor: 403 } },
  'POST /api/letters/:id/returned': { expect: { anonymous: 401, user: 403, administrator: 403, otherAdministrator: 403, drs: 404, auditor: 403 } },
  'GET /api/drs/deliveries': { expect: { anonymous: 401, user: 403, administrator: 403, otherAdministrator: 403, drs: 200, auditor: 403 } },
  'POST /api/drs/deliveries/:id/retry': { expect: { anonymous: 401, user: 403, administrator: 403, otherAdministrator: 403, drs: [400, 404], auditor: 403 } },
  'GET /api/letters': { expect: { anonymous: 401, user: 403, administrator: 403, otherAdministrator: 403, drs: 200, auditor: 403 } },

  // Second factor. The sign-in doors are public and answer an unknown challenge with the same 401 for everyone.
  'POST /api/auth/second-factor/code': {
    body: { challenge: 'defi-inconnu', method: 'email' },
    expect: { anonymous: 401, user: 401, administrator: 401, otherAdministrator: 401, drs: 401, auditor: 401 },
  },
  'POST /api/auth/second-factor/passkey/options': {
    body: { challenge: 'defi-inconnu' },
    expect: { anonymous: 401, user: 401, administrator: 401, otherAdministrator: 401, drs: 401, auditor: 401 },
  },
  'POST /api/auth/second-factor/verify': {
    body: { challenge: 'defi-inconnu', method: 'email', code: '000000' },
    expect: { anonymous: 401, user: 401, administrator: 401, otherAdministrator: 401, drs: 401, auditor: 401 },
  },
  // The holder's own second factor: every signed-in caller; operators have e-mailed codes only (400 on the app
  // routes, 404 on the passkey ones: for them these do not exist). `:id` is an account id, which is no workstation or passkey of the caller's (404).
  'GET /api/me/second-factor': { expect: { anonymous: 401, user: 200, administrator: 200, otherAdministrator: 200, drs: 200, auditor: 200 } },
  'POST /api/me/second-factor/totp': { expect: { anonymous: 401, user: 201, administrator: 201, otherAdministrator: 201, drs: 400, auditor: 400 } },
  'POST /api/me/second-factor/totp/confirmation': {
    // The fresh user has no enrolment under way (409); the administrators started one on the route before (400).
    body: { code: 'abc' },
    expect: { anonymous: 401, user: 409, administrator: 400, otherAdministrator: 400, drs: 400, auditor: 400 },
  },
  'DELETE /api/me/second-factor/totp': { expect: { anonymous: 401, user: 409, administrator: 409, otherAdministrator: 409, drs: 400, auditor: 400 } },
  'GET /api/me/workstations': { expect: { anonymous: 401, user: 200, administrator: 200, otherAdministrator: 200, drs: 200, auditor: 200 } },
  'DELETE /api/me/workstations/:id': { expect: { anonymous: 401, user: 404, administrator: 404, otherAdministrator: 404, drs: 404, auditor: 404 } },
  'GET /api/me/passkeys': { expect: { anonymous: 401, user: 200, administrator: 200, otherAdministrator: 200, drs: 404, auditor: 404 } },
  'POST /api/me/passkeys/options': { expect: { anonymous: 401, user: 200, administrator: 200, otherAdministrator: 200, drs: 404, auditor: 404 } },
  'POST /api/me/passkeys': { expect: { anonymous: 401, user: 400, administrator: 400, otherAdministrator: 400, drs: 400, auditor: 400 } },
  'DELETE /api/me/passkeys/:id': { expect: { anonymous: 401, user: 404, administrator: 404, otherAdministrator: 404, drs: 404, auditor: 404 } },
  // An administrator resets an account of the employer; the DRS resets administrators only (the fixture is a user).
  'POST /api/accounts/:id/second-factor/reset': {
    expect: { anonymous: 401, user: 403, administrator: 204, otherAdministrator: 404, drs: 403, auditor: 403 },
  },
  // Bulk import: administrators of the employer. The empty JSON body is no CSV file (400); `:id` is an account id,
  // which is no import (404) — for the other employer's administrator too, who must not learn it exists.
  'POST /api/accounts/imports': { expect: { anonymous: 401, user: 403, administrator: 400, otherAdministrator: 400, drs: 403, auditor: 403 } },
  'GET /api/accounts/imports/:id': { expect: { anonymous: 401, user: 403, administrator: 404, otherAdministrator: 404, drs: 403, auditor: 403 } },
  'POST /api/accounts/imports/:id/application': {
    expect: { anonymous: 401, user: 403, administrator: 404, otherAdministrator: 404, drs: 403, auditor: 403 },
  },
  // Right of access: the holder, the employer's administrators, the DRS; not the auditors (no need to know).
  'GET /api/accounts/:id/personal-data': { expect: { anonymous: 401, user: 200, administrator: 200, otherAdministrator: 404, drs: 200, auditor: 403 } },
  'GET /api/audit/employers': { expect: { anonymous: 401, user: 403, administrator: 403, otherAdministrator: 403, drs: 200, auditor: 200 } },
};
