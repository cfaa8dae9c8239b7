import { evolveAccount, type AccountEvent, type AccountState } from '@peps/domain';
import { activeJean, at } from '@peps/domain/testing';
import { secondFactorSnapshot } from './account-history.js';

const accountId = 'account-jlo';
const fold = (events: AccountEvent[]) => events.reduce<AccountState>(evolveAccount, null)!;

describe('the account as it stood: the second factor without its secrets', () => {
  it('shows what is enrolled and trusted, never a digest, secret or public key', () => {
    const events: AccountEvent[] = [
      ...activeJean,
      { type: 'account.totp-enrolment-started', data: { accountId, secret: 'SECRET-totp', startedAt: at(1) } },
      { type: 'account.totp-enrolled', data: { accountId, enrolledAt: at(1), step: 1, recoveryCodeDigests: ['SECRET-r1', 'SECRET-r2'] } },
      {
        type: 'account.passkey-registered',
        data: { accountId, passkeyId: 'p-1', credentialId: 'SECRET-cred', publicKey: 'SECRET-key', counter: 0, transports: [], name: 'Clé USB', registeredAt: at(1) },
      },
      { type: 'account.workstation-trusted', data: { accountId, workstationId: 'w-1', tokenDigest: 'SECRET-token', label: 'Firefox', trustedAt: at(1), expiresAt: at(8) } },
      { type: 'account.second-factor-code-issued', data: { accountId, challengeId: 'c-1', method: 'email', codeDigest: 'SECRET-code', issuedAt: at(2), expiresAt: at(2) } },
    ];
    const snapshot = secondFactorSnapshot(fold(events).secondFactor);
    expect(snapshot).toEqual({
      codePending: { method: 'email', issuedAt: at(2), expiresAt: at(2) },
      totpEnrolledAt: at(1),
      totpEnrolmentPending: false,
      recoveryCodesLeft: 2,
      passkeys: [{ name: 'Clé USB', registeredAt: at(1), lastUsedAt: null }],
      workstations: [{ label: 'Firefox', trustedAt: at(1), expiresAt: at(8), lastUsedAt: null }],
      consecutiveFailures: 0,
      lastVerifiedAt: null,
    });
    expect(JSON.stringify(snapshot)).not.toMatch(/SECRET/);
  });
});
