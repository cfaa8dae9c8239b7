import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { startSmtpListener, type SmtpListener } from '@peps/testing';
import { activeUser, employerWithAdministrator, OPERATOR, operatorSecurityLog, STRONG_PASSWORD, startTestPlatform, type TestPlatform } from '../../testing/index.js';
import { totpCode } from './methods/totp.js';
import { tokenHash } from '../../shell/command-side/secret-token.js';

jest.setTimeout(120_000);

const OPERATOR_EMAIL = 'drs1@drs.peps.fr';
const ADMIN_EMAIL = 'admin0@etablissement.fr';
const CODE_SUBJECT = 'Votre code de connexion';

/** A platform asking for a second factor as `policy` says, whose mails reach a real SMTP listener. */
async function start(policy: 'required' | 'administrators' | 'off') {
  const smtp = await startSmtpListener();
  const platform = await startTestPlatform({ PEPS_SECOND_FACTOR: policy, SMTP_URL: smtp.url, PEPS_BOOTSTRAP_OPERATOR_EMAIL: OPERATOR_EMAIL });
  return { smtp, platform };
}

/** The code mails that reached `to` since `from` (an index into the listener's list). */
function codeMails(smtp: SmtpListener, to: string, from = 0) {
  return smtp.received.slice(from).filter((mail) => mail.envelopeTo.includes(to) && mail.parsed.subject === CODE_SUBJECT);
}

function codeIn(text: string | undefined): string {
  const code = /\b(\d{6})\b/.exec(text ?? '')?.[1];
  if (!code) throw new Error(`no 6-digit code in ${text}`);
  return code;
}

/** Asks for a code by e-mail on `challenge` (with the session, for a step-up) and reads it from the mail. */
async function mailedCode(platform: TestPlatform, smtp: SmtpListener, challenge: string, to: string, token?: string): Promise<string> {
  const before = smtp.received.length;
  const sent = await platform.api('POST', '/api/auth/second-factor/code', { body: { challenge, method: 'email' }, token });
  expect(sent.status).toBe(202);
  const mails = codeMails(smtp, to, before);
  expect(mails).toHaveLength(1);
  return codeIn(mails[0]!.parsed.text);
}

async function login(platform: TestPlatform, identifier: string, password: string, extra: { workstation?: string; cookie?: string } = {}) {
  return platform.api('POST', '/api/auth/login', {
    body: { identifier, password, ...(extra.workstation ? { workstation: extra.workstation } : {}) },
    headers: extra.cookie ? { cookie: extra.cookie } : {},
  });
}

/** Password then e-mailed code: the session (and a trusted-workstation token when asked). */
async function signInWithCode(platform: TestPlatform, smtp: SmtpListener, identifier: string, password: string, email: string, trustWorkstation = false) {
  const answer = await login(platform, identifier, password);
  expect(answer.status).toBe(200);
  const challenge = answer.body.secondFactor.challenge as string;
  const code = await mailedCode(platform, smtp, challenge, email);
  const verified = await platform.api('POST', '/api/auth/second-factor/verify', { body: { challenge, method: 'email', code, trustWorkstation } });
  expect(verified.status).toBe(200);
  return verified.body as { token: string; csrfToken: string; workstation?: string; account: { id: string } };
}

describe('the second factor through the API (PEPS_SECOND_FACTOR=required, real SMTP listener)', () => {
  let platform: TestPlatform;
  let smtp: SmtpListener;
  let drsToken: string;
  let admin: { id: string; identifier: string };
  let adminToken: string;
  let offsetMinutes = 0;
  let seed = 0;

  /** Moves the platform's clock forward (never back: sessions and codes then age as they would). */
  async function advance(minutes: number) {
    offsetMinutes += minutes;
    const moved = await platform.api('PUT', '/api/test/clock', { body: { now: new Date(Date.now() + offsetMinutes * 60_000).toISOString() } });
    expect(moved.status).toBe(200);
  }

  /** A user of the employer with a password (created by the administrator, whose step-up is fresh). */
  async function newUser() {
    seed += 1;
    const email = `agent${seed}@chu-nantes.fr`;
    adminToken = (await signInWithCode(platform, smtp, admin.identifier, STRONG_PASSWORD, ADMIN_EMAIL)).token;
    const user = await activeUser(platform, adminToken, { lastName: `Agent${'abcdefghij'[seed]}`, firstName: 'Claude', email, emailConfirmation: email });
    return { ...user, email };
  }

  beforeAll(async () => {
    ({ platform, smtp } = await start('required'));
    drsToken = (await signInWithCode(platform, smtp, OPERATOR.identifier, OPERATOR.password, OPERATOR_EMAIL)).token;
    // Its own sign-in of the administrator stops at the second factor: the session comes from the code.
    ({ admin } = await employerWithAdministrator(platform, drsToken, 0));
    adminToken = (await signInWithCode(platform, smtp, admin.identifier, STRONG_PASSWORD, ADMIN_EMAIL)).token;
  });

  afterAll(async () => {
    await platform?.close();
    await smtp?.close();
  });

  it('given the right password, when a second factor is due, then the login answers a challenge and no session', async () => {
    const answer = await login(platform, admin.identifier, STRONG_PASSWORD);
    expect(answer.status).toBe(200);
    expect(answer.body.token).toBeUndefined();
    expect(answer.body.csrfToken).toBeUndefined();
    expect(answer.headers.getSetCookie()).toEqual([]);
    expect(answer.body.secondFactor).toEqual({ challenge: expect.any(String), methods: ['email'], expiresAt: expect.any(String) });
    // The challenge lives 10 minutes.
    const lifetime = Date.parse(answer.body.secondFactor.expiresAt) - Date.now() - offsetMinutes * 60_000;
    expect(lifetime).toBeGreaterThan(9 * 60_000);
    expect(lifetime).toBeLessThanOrEqual(10 * 60_000 + 5_000);
  });

  it('given a challenge, when a code is asked by e-mail, then 202 and « Votre code de connexion » carries the code in its body only', async () => {
    const { body } = await login(platform, admin.identifier, STRONG_PASSWORD);
    const before = smtp.received.length;
    const sent = await platform.api('POST', '/api/auth/second-factor/code', { body: { challenge: body.secondFactor.challenge, method: 'email' } });
    expect(sent.status).toBe(202);
    const [mail] = codeMails(smtp, ADMIN_EMAIL, before);
    const code = codeIn(mail!.parsed.text);
    expect(mail!.parsed.subject).toBe(CODE_SUBJECT);
    expect(mail!.parsed.subject).not.toMatch(/\d/);
    expect(mail!.parsed.html).toContain(code);
  });

  it('given a challenge, when SMS is asked for an account without a mobile number, then it is refused and nothing is sent', async () => {
    const { body } = await login(platform, admin.identifier, STRONG_PASSWORD);
    const before = smtp.received.length;
    const sent = await platform.api('POST', '/api/auth/second-factor/code', { body: { challenge: body.secondFactor.challenge, method: 'sms' } });
    expect(sent.status).toBe(400);
    expect(smtp.received.length).toBe(before);
  });

  it('given the right code sent twice at once on one challenge, then one verification opens a session and the other gets the usual 401', async () => {
    const { body } = await login(platform, admin.identifier, STRONG_PASSWORD);
    const challenge = body.secondFactor.challenge as string;
    const code = await mailedCode(platform, smtp, challenge, ADMIN_EMAIL);
    const verify = () => platform.api('POST', '/api/auth/second-factor/verify', { body: { challenge, method: 'email', code } });
    const answers = await Promise.all([verify(), verify()]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 401]);
    const { rows } = await platform.db.query<{ n: number }>('select count(*)::int as n from auth.sessions where token_hash = any($1::text[])', [
      answers.filter((answer) => answer.status === 200).map((answer) => tokenHash(answer.body.token)),
    ]);
    expect(rows[0]!.n).toBe(1);
    // The challenge is used up: the same code once more opens nothing.
    expect((await verify()).status).toBe(401);
  });

  it('given a wrong code, then 401 with the very body of an already used code and of an expired one', async () => {
    const first = (await login(platform, admin.identifier, STRONG_PASSWORD)).body.secondFactor.challenge as string;
    const code = await mailedCode(platform, smtp, first, ADMIN_EMAIL);
    const wrongCode = code === '000000' ? '111111' : '000000';
    const wrong = await platform.api('POST', '/api/auth/second-factor/verify', { body: { challenge: first, method: 'email', code: wrongCode } });
    expect(wrong.status).toBe(401);
    expect(wrong.body.token).toBeUndefined();
    // A failure leaves the code usable.
    const right = await platform.api('POST', '/api/auth/second-factor/verify', { body: { challenge: first, method: 'email', code } });
    expect(right.status).toBe(200);
    const used = await platform.api('POST', '/api/auth/second-factor/verify', { body: { challenge: first, method: 'email', code } });
    expect(used.status).toBe(401);
    expect(used.body).toEqual(wrong.body);

    const second = (await login(platform, admin.identifier, STRONG_PASSWORD)).body.secondFactor.challenge as string;
    const late = await mailedCode(platform, smtp, second, ADMIN_EMAIL);
    await advance(6); // a code lives 5 minutes (its challenge 10)
    const expired = await platform.api('POST', '/api/auth/second-factor/verify', { body: { challenge: second, method: 'email', code: late } });
    expect(expired.status).toBe(401);
    expect(expired.body).toEqual(wrong.body);

    const unknown = await platform.api('POST', '/api/auth/second-factor/verify', { body: { challenge: 'not-a-challenge', method: 'email', code } });
    expect(unknown.status).toBe(401);
    expect(unknown.body).toEqual(wrong.body);
  });

  it('given 5 wrong codes in a row, then the account is locked: the right code and the right password get the usual 401', async () => {
    const user = await newUser();
    const wrongPassword = await login(platform, user.identifier, 'Pas-le-bon-2024!');
    expect(wrongPassword.status).toBe(401);
    const challenge = (await login(platform, user.identifier, STRONG_PASSWORD)).body.secondFactor.challenge as string;
    const code = await mailedCode(platform, smtp, challenge, user.email);
    const wrongCode = code === '000000' ? '111111' : '000000';
    for (let attempt = 0; attempt < 5; attempt += 1) {
      expect((await platform.api('POST', '/api/auth/second-factor/verify', { body: { challenge, method: 'email', code: wrongCode } })).status).toBe(401);
    }
    expect((await platform.api('POST', '/api/auth/second-factor/verify', { body: { challenge, method: 'email', code } })).status).toBe(401);
    const locked = await login(platform, user.identifier, STRONG_PASSWORD);
    expect(locked.status).toBe(401);
    expect(locked.body).toEqual(wrongPassword.body);
    const details = await platform.api('GET', `/api/accounts/${user.id}`, { token: adminToken });
    expect(details.body.status).toBe('locked');
  });

  it('given « trust this workstation », then the next logins with its token (field or cookie) open a session without a challenge', async () => {
    const user = await newUser();
    const verified = await signInWithCode(platform, smtp, user.identifier, STRONG_PASSWORD, user.email, true);
    expect(verified.workstation).toEqual(expect.any(String));

    const withField = await login(platform, user.identifier, STRONG_PASSWORD, { workstation: verified.workstation });
    expect(withField.body.secondFactor).toBeUndefined();
    expect(withField.body.token).toEqual(expect.any(String));
    const withCookie = await login(platform, user.identifier, STRONG_PASSWORD, { cookie: `peps_workstation=${verified.workstation}` });
    expect(withCookie.body.token).toEqual(expect.any(String));
    // Another workstation (or a made-up token) is asked the code.
    expect((await login(platform, user.identifier, STRONG_PASSWORD)).body.secondFactor).toBeDefined();
    expect((await login(platform, user.identifier, STRONG_PASSWORD, { workstation: 'made-up' })).body.secondFactor).toBeDefined();
    // Without being asked, no workstation is trusted.
    expect((await signInWithCode(platform, smtp, user.identifier, STRONG_PASSWORD, user.email)).workstation).toBeUndefined();
  });

  it('given a verified code with trust, then the workstation also comes as an HttpOnly cookie of 7 days', async () => {
    const user = await newUser();
    const challenge = (await login(platform, user.identifier, STRONG_PASSWORD)).body.secondFactor.challenge as string;
    const code = await mailedCode(platform, smtp, challenge, user.email);
    const verified = await platform.api('POST', '/api/auth/second-factor/verify', { body: { challenge, method: 'email', code, trustWorkstation: true } });
    const cookie = verified.headers.getSetCookie().find((c) => c.startsWith('peps_workstation='));
    expect(cookie).toContain(`peps_workstation=${verified.body.workstation}`);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/Max-Age=604800/);
  });

  it('given an administrator reset, then the trusted workstations of the account end', async () => {
    const user = await newUser();
    const { workstation, token } = await signInWithCode(platform, smtp, user.identifier, STRONG_PASSWORD, user.email, true);
    expect((await login(platform, user.identifier, STRONG_PASSWORD, { workstation })).body.token).toEqual(expect.any(String));
    // A user may not reset anyone's: only the employer's administrators (and the DRS, for administrators).
    expect((await platform.api('POST', `/api/accounts/${admin.id}/second-factor/reset`, { token })).status).toBe(403);
    const reset = await platform.api('POST', `/api/accounts/${user.id}/second-factor/reset`, { token: adminToken });
    expect(reset.status).toBe(204);
    const after = await login(platform, user.identifier, STRONG_PASSWORD, { workstation });
    expect(after.body.token).toBeUndefined();
    expect(after.body.secondFactor.challenge).toEqual(expect.any(String));
  });

  it('given a sign-in factor older than 10 minutes, then creating an account answers 403 second-factor.required, and after the code the same request succeeds', async () => {
    const session = await signInWithCode(platform, smtp, admin.identifier, STRONG_PASSWORD, ADMIN_EMAIL);
    const body = { profile: 'user', civility: 'madame', lastName: 'Rapide', firstName: 'Anne', email: 'anne.rapide@chu-nantes.fr', emailConfirmation: 'anne.rapide@chu-nantes.fr' };
    await advance(11);
    const refused = await platform.api('POST', '/api/accounts', { token: session.token, body });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: 'second-factor.required', challenge: expect.any(String), methods: ['email'], expiresAt: expect.any(String) });
    const { challenge } = refused.body as { challenge: string };

    // The step-up challenge answers only with the session it was opened for.
    const code = await mailedCode(platform, smtp, challenge, ADMIN_EMAIL, session.token);
    const anonymous = await platform.api('POST', '/api/auth/second-factor/verify', { body: { challenge, method: 'email', code } });
    expect(anonymous.status).toBe(401);
    const verified = await platform.api('POST', '/api/auth/second-factor/verify', { token: session.token, body: { challenge, method: 'email', code } });
    expect(verified.status).toBe(200);
    expect(verified.body.token).not.toBe(session.token);
    expect(verified.body.csrfToken).toEqual(expect.any(String));
    // The session is rotated: the old token ends, the new one carries the fresh factor.
    expect((await platform.api('GET', '/api/auth/session', { token: session.token })).status).toBe(401);
    const repeated = await platform.api('POST', '/api/accounts', { token: verified.body.token, body });
    expect(repeated.status).toBe(201);
    adminToken = verified.body.token;
  });
});

describe('an operator’s authenticator app and recovery codes (the bootstrap DRS operator, PEPS_SECOND_FACTOR=required)', () => {
  let platform: TestPlatform;
  let smtp: SmtpListener;
  let drsToken: string;
  let secret: string;
  let recoveryCodes: string[];
  /** The code the enrolment was confirmed with: its step counts as used, whichever step the clock is at by now. */
  let confirmationCode: string;
  let offsetMinutes = 0;

  const platformNow = () => new Date(Date.now() + offsetMinutes * 60_000);
  const verify = (challenge: string, method: string, code: string, token?: string) =>
    platform.api('POST', '/api/auth/second-factor/verify', { body: { challenge, method, code }, token });
  const challengeOf = async () => {
    const answer = await login(platform, OPERATOR.identifier, OPERATOR.password);
    expect(answer.status).toBe(200);
    return answer.body.secondFactor as { challenge: string; methods: string[] };
  };
  /** The operator's own second-factor changes in the security log (operators have no account stream). */
  const factorChanges = () => operatorSecurityLog(platform, OPERATOR.identifier, 'security.operator-second-factor-changed');
  /** A code of a later 30-second step than any used so far: the next window (still within ±1 step of the clock). */
  const nextStepCode = () => totpCode(secret, new Date(platformNow().getTime() + 30_000));

  async function advance(minutes: number) {
    offsetMinutes += minutes;
    expect((await platform.api('PUT', '/api/test/clock', { body: { now: platformNow().toISOString() } })).status).toBe(200);
  }

  beforeAll(async () => {
    ({ platform, smtp } = await start('required'));
    drsToken = (await signInWithCode(platform, smtp, OPERATOR.identifier, OPERATOR.password, OPERATOR_EMAIL)).token;
  });

  afterAll(async () => {
    await platform?.close();
    await smtp?.close();
  });

  it('given no app yet, then the summary shows e-mail only, and a confirmation with nothing under way is 409', async () => {
    const summary = await platform.api('GET', '/api/me/second-factor', { token: drsToken });
    expect(summary.status).toBe(200);
    expect(summary.body).toMatchObject({ required: true, methods: ['email'], totp: null, recoveryCodesLeft: 0, passkeys: 0 });
    const nothing = await platform.api('POST', '/api/me/second-factor/totp/confirmation', { token: drsToken, body: { code: '123456' } });
    expect(nothing.status).toBe(409);
    expect(nothing.body.code).toBe('second-factor.no-pending-enrolment');
    expect((await platform.api('DELETE', '/api/me/second-factor/totp', { token: drsToken })).status).toBe(409);
  });

  it('when the operator starts an enrolment, then a secret, its otpauth URI and QR code, and the secret is kept sealed, never in clear', async () => {
    const started = await platform.api('POST', '/api/me/second-factor/totp', { token: drsToken });
    expect(started.status).toBe(201);
    secret = started.body.secret;
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(decodeURIComponent(new URL(started.body.otpauthUri).pathname)).toBe(`/PEP's Comptes:${OPERATOR.identifier}`);
    expect(started.body.qrCodeSvg).toMatch(/^<svg /);
    const { rows } = await platform.db.query<{ sealed_secret: string; enrolled_at: unknown }>('select sealed_secret, enrolled_at from auth.operator_totp');
    expect(rows).toHaveLength(1);
    expect(rows[0]!.sealed_secret).toMatch(/^pd1\./);
    expect(rows[0]!.sealed_secret).not.toContain(secret);
    expect(rows[0]!.enrolled_at).toBeNull();
    // Not enrolled until confirmed: the sign-in does not offer it yet.
    expect((await challengeOf()).methods).toEqual(['email']);
  });

  it('refuses a wrong first code (400, French message, nothing enrolled), then the right one gives 10 recovery codes kept as digests; a second confirmation is 409', async () => {
    const good = totpCode(secret, platformNow());
    const wrong = String((Number(good) + 500_000) % 1_000_000).padStart(6, '0');
    const refused = await platform.api('POST', '/api/me/second-factor/totp/confirmation', { token: drsToken, body: { code: wrong } });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([{ field: 'code', message: "Le code saisi n'est pas valide." }]);
    expect((await platform.api('GET', '/api/me/second-factor', { token: drsToken })).body.totp).toBeNull();

    const confirmed = await platform.api('POST', '/api/me/second-factor/totp/confirmation', { token: drsToken, body: { code: good } });
    expect(confirmed.status).toBe(200);
    confirmationCode = good;
    recoveryCodes = confirmed.body.recoveryCodes;
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    const { rows } = await platform.db.query<{ code_digest: string }>('select code_digest from auth.operator_recovery_codes');
    expect(rows).toHaveLength(10);
    for (const code of recoveryCodes) expect(rows.map((row) => row.code_digest)).not.toContain(code);

    const again = await platform.api('POST', '/api/me/second-factor/totp/confirmation', { token: drsToken, body: { code: good } });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('second-factor.totp-already-enrolled');
    const summary = await platform.api('GET', '/api/me/second-factor', { token: drsToken });
    expect(summary.body).toMatchObject({ methods: ['email', 'totp', 'recovery'], totp: { enrolledAt: expect.any(String) }, recoveryCodesLeft: 10 });
    // On record once, for the confirmation that enrolled (the refusals recorded nothing), without the secret or codes.
    const changes = await factorChanges();
    expect(changes).toEqual([{ accountId: expect.any(String), identifier: OPERATOR.identifier, change: 'totp-enrolled', at: expect.any(String) }]);
    expect(JSON.stringify(changes)).not.toContain(secret);
  });

  it('signs in with password + app code; the step of the confirmation, and a code used once, are refused as replays', async () => {
    const first = await challengeOf();
    expect(first.methods).toEqual(['email', 'totp', 'recovery']);
    // The confirmation's code again is a replay (a code of the clock's step now would be a fresh one if a 30-second
    // boundary passed since the confirmation).
    const replayOfConfirmation = await verify(first.challenge, 'totp', confirmationCode);
    expect(replayOfConfirmation.status).toBe(401);
    expect(replayOfConfirmation.body.code).toBe('second-factor.verification-failed');

    const code = nextStepCode();
    const signedIn = await verify(first.challenge, 'totp', code);
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.account).toMatchObject({ identifier: OPERATOR.identifier, roles: expect.arrayContaining(['drs']) });
    expect((await platform.api('GET', '/api/auth/session', { token: signedIn.body.token })).status).toBe(200);

    const second = await challengeOf();
    const replayed = await verify(second.challenge, 'totp', code);
    expect(replayed.status).toBe(401);
    expect(replayed.body).toEqual(replayOfConfirmation.body);
  });

  it('signs in with a recovery code once (dashes and case do not matter); the same code again is refused', async () => {
    const code = recoveryCodes[0]!;
    const first = await challengeOf();
    const signedIn = await verify(first.challenge, 'recovery', code.toLowerCase().replace('-', ''));
    expect(signedIn.status).toBe(200);
    const second = await challengeOf();
    const again = await verify(second.challenge, 'recovery', code);
    expect(again.status).toBe(401);
    expect(again.body.code).toBe('second-factor.verification-failed');
    expect((await platform.api('GET', '/api/me/second-factor', { token: signedIn.body.token })).body.recoveryCodesLeft).toBe(9);
    // The refusal leaves the challenge open: another unused code answers it.
    expect((await verify(second.challenge, 'recovery', recoveryCodes[1]!)).status).toBe(200);
  });

  it('given a sign-in factor older than 10 minutes, then a DRS cancellation asks a step-up offering the app, which the app code answers', async () => {
    await advance(1); // the steps used so far are behind the clock now
    const session = await verify((await challengeOf()).challenge, 'totp', totpCode(secret, platformNow()));
    expect(session.status).toBe(200);
    await advance(11);
    const path = `/api/drs/administrator-registrations/${crypto.randomUUID()}/cancellation`;
    const body = { reason: 'Opposition du représentant légal' };
    const refused = await platform.api('POST', path, { token: session.body.token, body });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: 'second-factor.required', methods: ['email', 'totp', 'recovery'] });
    const code = totpCode(secret, platformNow());
    // Without the session it was opened for, the step-up is refused (and the code stays unused).
    expect((await verify(refused.body.challenge, 'totp', code)).status).toBe(401);
    const verified = await verify(refused.body.challenge, 'totp', code, session.body.token);
    expect(verified.status).toBe(200);
    expect(verified.body.token).not.toBe(session.body.token);
    // Past the step-up: the unknown registration answers for itself.
    const repeated = await platform.api('POST', path, { token: verified.body.token, body });
    expect(repeated.status).not.toBe(403);
    drsToken = verified.body.token;
  });

  it('removes the app with its recovery codes: the sign-in offers e-mail only and an unused recovery code is refused; a second removal is 409', async () => {
    expect((await platform.api('DELETE', '/api/me/second-factor/totp', { token: drsToken })).status).toBe(204);
    expect((await platform.db.query('select 1 from auth.operator_recovery_codes')).rows).toEqual([]);
    const pending = await challengeOf();
    expect(pending.methods).toEqual(['email']);
    expect((await verify(pending.challenge, 'recovery', recoveryCodes[2]!)).status).toBe(401);
    const twice = await platform.api('DELETE', '/api/me/second-factor/totp', { token: drsToken });
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('second-factor.totp-not-enrolled');
    expect((await factorChanges()).map((change) => change.change)).toEqual(['totp-enrolled', 'totp-removed']);
  });

  it('given 5 wrong codes in a row, then the operator is locked as for passwords: the right password gets the usual 401', async () => {
    const wrongPassword = await login(platform, OPERATOR.identifier, 'Pas-le-bon-2024!');
    expect(wrongPassword.status).toBe(401);
    const { challenge } = await challengeOf();
    for (let attempt = 0; attempt < 5; attempt += 1) {
      expect((await verify(challenge, 'totp', '000000')).status).toBe(401);
    }
    expect((await platform.api('GET', '/api/auth/session', { token: drsToken })).status).toBe(401);
    const locked = await login(platform, OPERATOR.identifier, OPERATOR.password);
    expect(locked.status).toBe(401);
    expect(locked.body).toEqual(wrongPassword.body);
  });
});

describe('PEPS_SECOND_FACTOR=administrators and off', () => {
  it('given « administrators », then an administrator is asked a second factor and a user is not', async () => {
    const { platform, smtp } = await start('administrators');
    try {
      const drsToken = (await signInWithCode(platform, smtp, OPERATOR.identifier, OPERATOR.password, OPERATOR_EMAIL)).token;
      const { admin } = await employerWithAdministrator(platform, drsToken, 0);
      const adminLogin = await login(platform, admin.identifier, STRONG_PASSWORD);
      expect(adminLogin.body.secondFactor).toBeDefined();
      const adminToken = (await signInWithCode(platform, smtp, admin.identifier, STRONG_PASSWORD, ADMIN_EMAIL)).token;
      const user = await activeUser(platform, adminToken);
      const userLogin = await login(platform, user.identifier, STRONG_PASSWORD);
      expect(userLogin.body.secondFactor).toBeUndefined();
      expect(userLogin.body.token).toEqual(expect.any(String));
    } finally {
      await platform.close();
      await smtp.close();
    }
  });

  it('given « off », then nobody is asked, the DRS included, and no code is mailed', async () => {
    const { platform, smtp } = await start('off');
    try {
      const drs = await login(platform, OPERATOR.identifier, OPERATOR.password);
      expect(drs.body.token).toEqual(expect.any(String));
      const { admin, adminToken } = await employerWithAdministrator(platform, drs.body.token, 0);
      expect(adminToken).toEqual(expect.any(String));
      expect((await login(platform, admin.identifier, STRONG_PASSWORD)).body.token).toEqual(expect.any(String));
      const user = await activeUser(platform, adminToken);
      expect((await login(platform, user.identifier, STRONG_PASSWORD)).body.token).toEqual(expect.any(String));
      expect(smtp.received.filter((mail) => mail.parsed.subject === CODE_SUBJECT)).toEqual([]);
    } finally {
      await platform.close();
      await smtp.close();
    }
  });
});
