import type { Account } from '../account/account-state.js';
import { accountDecider } from '../account/decide-account.js';
import type { AccountEvent } from '../account/account-events.js';
import { fold } from '../shared/decider.js';
import type { Role } from '../shared/command-metadata.js';
import { addMs, DAY_MS } from '../shared/instant.js';
import { activeJean, guideAddress, invitationIssued, jeanLoutyCreated, jeanPromoted, passwordCreated } from '../testing/fixtures.js';
import { activeJeanWithMobile, jeanWithTotp, minutes, passkeyRegistered, workstationTrusted } from '../testing/second-factor.js';
import { availableMethods } from './available-methods.js';
import { constantTimeEqual } from './constant-time-equal.js';
import { isMobilePhone } from './mobile-phone.js';
import { secondFactorApplies, type SecondFactorPolicy } from './second-factor-policy.js';
import { stepUpSatisfied } from './step-up.js';
import { secondFactorDueAtSignIn } from './trusted-workstation.js';

const accountAfter = (events: AccountEvent[]): Account => fold(accountDecider, events)!;
const administrator = accountAfter([jeanLoutyCreated({ profile: 'administrator', professionalAddress: guideAddress }), invitationIssued(), passwordCreated()]);
const user = accountAfter(activeJean);

describe('Second factor: who must present one (secondFactorApplies)', () => {
  it.each<[SecondFactorPolicy, Role[], boolean]>([
    ['required', ['user'], true],
    ['required', ['administrator'], true],
    ['administrators', ['user'], false],
    ['administrators', ['administrator'], true],
    ['administrators', ['drs'], true],
    ['administrators', ['auditor'], true],
    ['administrators', ['drs', 'auditor'], true],
    ['off', ['administrator'], false],
    ['off', ['drs', 'auditor'], false],
  ])('%s, roles %j → %s', (policy, roles, expected) => {
    expect(secondFactorApplies(policy, roles)).toBe(expected);
  });
});

describe('Second factor: secondFactorDueAtSignIn', () => {
  const now = minutes(2);

  it('follows the policy and the account’s profile', () => {
    expect(secondFactorDueAtSignIn(user, { policy: 'required', now })).toBe(true);
    expect(secondFactorDueAtSignIn(user, { policy: 'administrators', now })).toBe(false);
    expect(secondFactorDueAtSignIn(administrator, { policy: 'administrators', now })).toBe(true);
    expect(secondFactorDueAtSignIn(administrator, { policy: 'off', now })).toBe(false);
  });

  it('is skipped on a workstation trusted less than 7 days ago', () => {
    const trusted = accountAfter([...activeJean, workstationTrusted()]);
    const workstationDigest = 'workstation-token-digest-1';
    expect(secondFactorDueAtSignIn(trusted, { policy: 'required', now, workstationDigest })).toBe(false);
    expect(secondFactorDueAtSignIn(trusted, { policy: 'required', now: addMs(minutes(1), 7 * DAY_MS), workstationDigest })).toBe(true);
    expect(secondFactorDueAtSignIn(trusted, { policy: 'required', now, workstationDigest: 'forged' })).toBe(true);
    expect(secondFactorDueAtSignIn(trusted, { policy: 'required', now })).toBe(true);
  });

  it('for a promoted administrator, takes the administrator profile', () => {
    const promoted = jeanPromoted(minutes(0), { phone: null });
    expect(secondFactorDueAtSignIn(accountAfter([...activeJean, promoted]), { policy: 'administrators', now })).toBe(true);
  });
});

describe('Second factor: availableMethods', () => {
  it('always offers e-mail', () => {
    expect(availableMethods(user)).toEqual(['email']);
  });

  it('offers SMS to a mobile phone only', () => {
    expect(availableMethods(accountAfter(activeJeanWithMobile))).toEqual(['email', 'sms']);
  });

  it('lists every enrolled method in order', () => {
    const all = accountAfter([
      jeanLoutyCreated({ phone: '07 12 34 56 78' }),
      ...jeanWithTotp.slice(1),
      passkeyRegistered(),
    ]);
    expect(availableMethods(all)).toEqual(['email', 'sms', 'totp', 'passkey', 'recovery']);
  });
});

describe('Second factor: isMobilePhone', () => {
  it.each(['0612345678', '06 12 34 56 78', '07.12.34.56.78', '+33 6 12 34 56 78', '+33 7 12 34 56 78', '+33612345678', '0033 7 12 34 56 78'])(
    'accepts %s',
    (phone) => {
      expect(isMobilePhone(phone)).toBe(true);
    },
  );

  it.each(['0241051938', '01 23 45 67 89', '09 12 34 56 78', '+33 1 23 45 67 89', '+33 9 12 34 56 78', '08 00 12 34 56', '061234567', 'not a phone', ''])(
    'refuses %j',
    (phone) => {
      expect(isMobilePhone(phone)).toBe(false);
    },
  );

  it('refuses no phone at all', () => {
    expect(isMobilePhone(null)).toBe(false);
  });
});

describe('Second factor: constantTimeEqual', () => {
  it('tells equal strings from different ones, whatever their lengths', () => {
    expect(constantTimeEqual('a3f9', 'a3f9')).toBe(true);
    expect(constantTimeEqual('', '')).toBe(true);
    expect(constantTimeEqual('a3f9', 'a3f8')).toBe(false);
    expect(constantTimeEqual('a3f9', 'a3f')).toBe(false);
    expect(constantTimeEqual('a3f', 'a3f9')).toBe(false);
    expect(constantTimeEqual('', 'a')).toBe(false);
    expect(constantTimeEqual('a\u0000', 'a')).toBe(false);
  });
});

describe('Second factor: stepUpSatisfied', () => {
  it('holds for 10 minutes after a verification', () => {
    expect(stepUpSatisfied(null, minutes(0))).toBe(false);
    expect(stepUpSatisfied(minutes(0), minutes(0))).toBe(true);
    expect(stepUpSatisfied(minutes(0), addMs(minutes(10), -1))).toBe(true);
    expect(stepUpSatisfied(minutes(0), minutes(10))).toBe(false);
  });
});
