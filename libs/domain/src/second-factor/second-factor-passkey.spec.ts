import type { AccountEvent } from '../account/account-events.js';
import { accountDecider } from '../account/decide-account.js';
import { activeJean, adminActor, at } from '../testing/fixtures.js';
import { scenarioFor } from '../testing/given-when-then.js';
import { administratorOf, anonymousActor, meta } from '../testing/metadata.js';
import { accountId, jeanActor, minutes, passkeyRegistered, secondFactorFailed, signedInAt } from '../testing/second-factor.js';

const given = scenarioFor(accountDecider);
const register = (overrides: Partial<{ passkeyId: string; credentialId: string; name: unknown; counter: number }> = {}) => ({
  type: 'RegisterPasskey' as const,
  accountId,
  passkeyId: 'passkey-1',
  credentialId: 'credential-1',
  publicKey: 'pQECAyYgASFYIPublicKey',
  counter: 0,
  transports: ['usb'],
  name: '  Clé USB bleue ',
  ...overrides,
});
const verifyPasskey = (passkeyId: string | null, newCounter: number, verified = true) => ({
  type: 'VerifySecondFactor' as const,
  accountId,
  challengeId: 'challenge-1',
  purpose: 'sign-in' as const,
  presented: { method: 'passkey' as const, passkeyId, verified, newCounter },
});
const verifiedWith = (passkeyId: string, passkeyCounter: number): AccountEvent => ({
  type: 'account.second-factor-verified',
  data: { accountId, challengeId: 'challenge-1', method: 'passkey', purpose: 'sign-in', verifiedAt: minutes(1), passkeyId, passkeyCounter },
});

describe('Second factor: RegisterPasskey', () => {
  it('registers the passkey under its trimmed name', () => {
    const state = given(activeJean).when(register(), meta(at(1), jeanActor)).then([passkeyRegistered()]);
    expect(state?.secondFactor.passkeys['passkey-1']).toMatchObject({ name: 'Clé USB bleue', counter: 0, lastUsedAt: null });
  });

  it('needs a name of 1 to 60 characters', () => {
    given(activeJean)
      .when(register({ name: '   ' }), meta(at(1), jeanActor))
      .thenThrows('validation.failed', [{ field: 'name', message: 'Le nom de la clé d’accès est obligatoire.' }]);
    given(activeJean)
      .when(register({ name: 'x'.repeat(61) }), meta(at(1), jeanActor))
      .thenThrows('validation.failed', [{ field: 'name', message: 'Le nom de la clé d’accès ne doit pas dépasser 60 caractères.' }]);
    expect(given(activeJean).when(register({ name: 'x'.repeat(60) }), meta(at(1), jeanActor)).events()).toHaveLength(1);
  });

  it('refuses the same credential twice', () => {
    given([...activeJean, passkeyRegistered()])
      .when(register({ passkeyId: 'passkey-2' }), meta(at(1), jeanActor))
      .thenThrows('second-factor.passkey-already-registered');
  });

  it('allows at most 10 passkeys', () => {
    const ten = Array.from({ length: 10 }, (_, i) => passkeyRegistered(`passkey-${i}`, 0, `credential-${i}`));
    given([...activeJean, ...ten])
      .when(register({ passkeyId: 'passkey-10', credentialId: 'credential-10' }), meta(at(1), jeanActor))
      .thenThrows('second-factor.too-many-passkeys');
    const nine = given([...activeJean, ...ten.slice(1)]).when(register({ passkeyId: 'passkey-10', credentialId: 'credential-10' }), meta(at(1), jeanActor));
    expect(nine.events()).toHaveLength(1);
  });

  it('is the holder’s only', () => {
    given(activeJean).when(register(), meta(at(1), adminActor)).thenThrows('authorisation.forbidden');
    given(activeJean).when(register(), meta(at(1), administratorOf('other'))).thenThrows('account.not-found');
  });
});

describe('Second factor: VerifySecondFactor with a passkey', () => {
  it('accepts a verified assertion whose counter grew, and keeps the counter', () => {
    const state = given([...activeJean, passkeyRegistered('passkey-1', 5)])
      .when(verifyPasskey('passkey-1', 6), meta(minutes(1), anonymousActor))
      .then([verifiedWith('passkey-1', 6), signedInAt(minutes(1))]);
    expect(state?.secondFactor.passkeys['passkey-1']).toMatchObject({ counter: 6, lastUsedAt: minutes(1) });
  });

  it('accepts an authenticator that keeps no counter (always 0)', () => {
    given([...activeJean, passkeyRegistered('passkey-1', 0)])
      .when(verifyPasskey('passkey-1', 0), meta(minutes(1), anonymousActor))
      .then([verifiedWith('passkey-1', 0), signedInAt(minutes(1))]);
  });

  it('refuses a counter that did not grow (a cloned authenticator)', () => {
    const history = [...activeJean, passkeyRegistered('passkey-1', 5)];
    given(history).when(verifyPasskey('passkey-1', 5), meta(minutes(1), anonymousActor)).then([secondFactorFailed(1, 'passkey')]);
    given(history).when(verifyPasskey('passkey-1', 0), meta(minutes(1), anonymousActor)).then([secondFactorFailed(1, 'passkey')]);
  });

  it('refuses an unverified assertion and an unknown passkey', () => {
    const history = [...activeJean, passkeyRegistered()];
    given(history).when(verifyPasskey('passkey-1', 1, false), meta(minutes(1), anonymousActor)).then([secondFactorFailed(1, 'passkey')]);
    given(history).when(verifyPasskey('passkey-9', 1), meta(minutes(1), anonymousActor)).then([secondFactorFailed(1, 'passkey')]);
    given(history).when(verifyPasskey(null, 1), meta(minutes(1), anonymousActor)).then([secondFactorFailed(1, 'passkey')]);
    given(history).when(verifyPasskey('constructor', 1), meta(minutes(1), anonymousActor)).then([secondFactorFailed(1, 'passkey')]);
  });
});

describe('Second factor: RemovePasskey', () => {
  const remove = (passkeyId = 'passkey-1') => ({ type: 'RemovePasskey' as const, accountId, passkeyId });

  it('removes the passkey', () => {
    const state = given([...activeJean, passkeyRegistered()])
      .when(remove(), meta(at(2), jeanActor))
      .then([{ type: 'account.passkey-removed', data: { accountId, passkeyId: 'passkey-1', removedAt: at(2), removedBy: jeanActor } }]);
    expect(state?.secondFactor.passkeys).toEqual({});
  });

  it('refuses an unknown passkey', () => {
    given([...activeJean, passkeyRegistered()]).when(remove('passkey-9'), meta(at(2), jeanActor)).thenThrows('second-factor.passkey-unknown');
    given([...activeJean, passkeyRegistered()]).when(remove('__proto__'), meta(at(2), jeanActor)).thenThrows('second-factor.passkey-unknown');
  });

  it('is the holder’s only', () => {
    given([...activeJean, passkeyRegistered()]).when(remove(), meta(at(2), adminActor)).thenThrows('authorisation.forbidden');
  });
});
