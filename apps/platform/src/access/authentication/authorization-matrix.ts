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

/** One status, or the statuses accepted (e.g. while a read model may not have caught up). */
type Status = number | number[];
type Expectation = Record<Caller, Status>;

export interface MatrixEntry {
  body?: unknown;
  expect: Expectation;
}

// The common rows, by who gets past the guard; `status` is what an authorised caller then gets.

/** Public routes: every caller, signed in or not, gets the same answer. */
const everyone = (status: Status): Expectation => ({
  anonymous: status,
  user: status,
  administrator: status,
  otherAdministrator: status,
  drs: status,
  auditor: status,
});

/** Every signed-in caller; the anonymous one is refused (401). */
const signedIn = (status: Status): Expectation => ({ ...everyone(status), anonymous: 401 });

/** Signed in but refused (403) whoever they are. */
const NOBODY = signedIn(403);

/** The DRS only. */
const drsOnly = (status: Status): Expectation => ({ ...NOBODY, drs: status });

/** The operators only: the DRS and the auditors. */
const operatorsOnly = (status: Status): Expectation => ({ ...NOBODY, drs: status, auditor: status });

/** The administrators of either employer (no account of employer A in the path). */
const administratorsOnly = (status: Status): Expectation => ({ ...NOBODY, administrator: status, otherAdministrator: status });

/**
 * Employer A's administrators, on a resource of employer A: the other employer's administrator gets a 404, so as not
 * to learn it exists.
 */
const employerAdministratorOnly = (status: Status): Expectation => ({ ...administratorsOnly(status), otherAdministrator: 404 });


/** An account of employer A read by its employer's administrators and by the operators. */
const ACCOUNT_READERS: Expectation = { ...employerAdministratorOnly(200), drs: 200, auditor: 200 };

/** The administrators of either employer and the operators. */
const ADMINISTRATORS_AND_OPERATORS: Expectation = { ...signedIn(200), user: 403 };

/** Keys are `METHOD /path` exactly as Nest registers them (path parameters with a colon). */
export const authorizationMatrix: Record<string, MatrixEntry> = {
  'GET /api/health': { expect: everyone(200) },
  'POST /api/auth/login': {
    body: { identifier: 'INCONNU01', password: 'x' },
    expect: everyone(401),
  },
  'POST /api/auth/logout': { expect: signedIn(204) },
  'GET /api/auth/session': { expect: signedIn(200) },
  'POST /api/establishments': { expect: drsOnly(400) },
  'GET /api/establishments/:id/legal-representative': { expect: drsOnly(200) },
  'PUT /api/establishments/:id/legal-representative': { expect: drsOnly(400) },
  'GET /api/services': { expect: signedIn(200) },
  'POST /api/accounts': { expect: administratorsOnly(400) },
  'GET /api/accounts/:id': { expect: ACCOUNT_READERS },
  'PATCH /api/accounts/:id': {
    body: { expectedVersion: 0 },
    expect: employerAdministratorOnly(409),
  },
  'DELETE /api/accounts/:id': { expect: employerAdministratorOnly(204) },
  'POST /api/accounts/:id/invitation': { expect: employerAdministratorOnly(202) },
  // The fixture is active and not close to expiry: a renewal is accepted anyway (a bulk selection never fails halfway).
  'POST /api/accounts/:id/renewal': { expect: employerAdministratorOnly(204) },
  'POST /api/accounts/:id/unlock': { expect: employerAdministratorOnly(409) },
  'POST /api/drs/administrator-registrations/:accountId/cancellation': {
    body: { reason: 'Opposition du représentant légal' },
    // The fixture is a user account: no administrator registration to cancel (409) for the DRS.
    expect: drsOnly(409),
  },
  'GET /api/cgu/versions': { expect: ADMINISTRATORS_AND_OPERATORS },
  // The version the matrix publishes in its set-up (`:version` → 2024-1): readable by whoever may validate or audit.
  'GET /api/cgu/versions/:version': { expect: ADMINISTRATORS_AND_OPERATORS },
  'POST /api/cgu/versions': { expect: drsOnly(400) },
  'POST /api/cgu/versions/:version/acceptance': {
    // Administrators are younger than 8 days in the fixture.
    expect: NOBODY,
  },
  'POST /api/password/setup': { expect: everyone(400) },
  'POST /api/password/forgotten': {
    body: { identifier: 'INCONNU01' },
    expect: everyone(202),
  },
  'POST /api/identifier/forgotten': {
    body: { email: 'personne@exemple.fr' },
    expect: everyone(202),
  },
  // Operators (DRS, auditors): only the DRS lists and unlocks them. The path keeps `:identifier` as is, which is no
  // identifier at all: an authorised caller gets past the guard to a 404 (no such operator), and nothing changes.
  'GET /api/drs/operators': { expect: drsOnly(200) },
  // The fixture is an active account: nothing to erase yet (409) for the DRS.
  'POST /api/drs/accounts/:id/erasure': { body: { reason: 'Demande de la personne' }, expect: drsOnly(409) },
  'POST /api/drs/operators/:identifier/unlock': {
    expect: drsOnly(404),
  },
  'PUT /api/test/clock': { expect: everyone(400) },


  // Read side (query endpoints owned by the read-model work): expectations taken from CONTRACT.md's "who" column;
  // owners, adjust when your endpoint's rules are settled. The bootstrap operator `drs` is DRS and auditor.
  'GET /api/accounts': { expect: { anonymous: 401, user: 403, administrator: 200, otherAdministrator: 200, drs: 200, auditor: 403 } },
  'GET /api/accounts/:id/history': { expect: ACCOUNT_READERS },
  'GET /api/accounts/:id/state': { expect: operatorsOnly(400) },
  'GET /api/audit/trail': { expect: operatorsOnly(200) },
  'GET /api/audit/verify': { expect: operatorsOnly(200) },
  // The integrity check as a background job: an operator starts one (or is answered the one running, 202 too) and
  // lists them; `:id` is an account id, which is no verification (404).
  'POST /api/audit/verifications': { expect: operatorsOnly(202) },
  'GET /api/audit/verifications': { expect: operatorsOnly(200) },
  'GET /api/audit/verifications/:id': { expect: operatorsOnly(404) },
  'GET /api/drs/administrator-registrations': { expect: drsOnly(200) },
  // 404 accepted while the rights-matrix read model has not caught up (the test runs without background work).
  'GET /api/establishments/:id/rights-matrix': {
    expect: { anonymous: 401, user: 403, administrator: [200, 404], otherAdministrator: 404, drs: [200, 404], auditor: [200, 404] },
  },
  // Letters and deliveries: the fixture id is an account id, so an authorised DRS caller finds nothing (404).
  'GET /api/letters/:id/pdf': { expect: drsOnly(404) },
  'POST /api/letters/:id/mailroom': { expect: drsOnly(404) },
  'POST /api/letters/:id/returned': { expect: drsOnly(404) },
  'GET /api/drs/deliveries': { expect: drsOnly(200) },
  'POST /api/drs/deliveries/:id/retry': { expect: drsOnly([400, 404]) },
  'GET /api/letters': { expect: drsOnly(200) },

  // Second factor. The sign-in doors are public and answer an unknown challenge with the same 401 for everyone.
  'POST /api/auth/second-factor/code': {
    body: { challenge: 'defi-inconnu', method: 'email' },
    expect: everyone(401),
  },
  'POST /api/auth/second-factor/passkey/options': {
    body: { challenge: 'defi-inconnu' },
    expect: everyone(401),
  },
  'POST /api/auth/second-factor/verify': {
    body: { challenge: 'defi-inconnu', method: 'email', code: '000000' },
    expect: everyone(401),
  },
  // The holder's own second factor: every signed-in caller, operators included (their means live in the auth.operator_*
  // tables). `:id` is an account id, which is no workstation or passkey of the caller's (404).
  'GET /api/me/second-factor': { expect: signedIn(200) },
  'POST /api/me/second-factor/totp': { expect: signedIn(201) },
  'POST /api/me/second-factor/totp/confirmation': {
    // The fresh user has no enrolment under way (409); the administrators started one on the route before (400).
    body: { code: 'abc' },
    expect: { anonymous: 401, user: 409, administrator: 400, otherAdministrator: 400, drs: 400, auditor: 400 },
  },
  'DELETE /api/me/second-factor/totp': { expect: signedIn(409) },
  'GET /api/me/workstations': { expect: signedIn(200) },
  'DELETE /api/me/workstations/:id': { expect: signedIn(404) },
  'GET /api/me/passkeys': { expect: signedIn(200) },
  'POST /api/me/passkeys/options': { expect: signedIn(200) },
  'POST /api/me/passkeys': { expect: signedIn(400) },
  'DELETE /api/me/passkeys/:id': { expect: signedIn(404) },
  // An administrator resets an account of the employer; the DRS resets administrators only (the fixture is a user).
  'POST /api/accounts/:id/second-factor/reset': {
    expect: employerAdministratorOnly(204),
  },
  // Bulk import: administrators of the employer. The empty JSON body is no CSV file (400); `:id` is an account id,
  // which is no import (404) — for the other employer's administrator too, who must not learn it exists.
  'POST /api/accounts/imports': { expect: administratorsOnly(400) },
  'GET /api/accounts/imports/:id': { expect: administratorsOnly(404) },
  'POST /api/accounts/imports/:id/application': {
    expect: administratorsOnly(404),
  },
  // Right of access: the holder, the employer's administrators, the DRS; not the auditors (no need to know).
  'GET /api/accounts/:id/personal-data': { expect: { anonymous: 401, user: 200, administrator: 200, otherAdministrator: 404, drs: 200, auditor: 403 } },
  'GET /api/audit/employers': { expect: operatorsOnly(200) },
};
