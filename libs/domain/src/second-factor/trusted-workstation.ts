import type { Role } from '../shared/command-metadata.js';
import type { Account } from '../account/account-state.js';
import { isAtOrAfter } from '../shared/instant.js';
import { constantTimeEqual } from './constant-time-equal.js';
import { secondFactorApplies, type SecondFactorPolicy } from './second-factor-policy.js';
import type { TrustedWorkstation } from './second-factor-state.js';

/** The workstation whose cookie token has this digest, if it is still trusted at `now`. */
export function trustedWorkstation(
  account: Account,
  tokenDigest: string,
  now: string,
): (TrustedWorkstation & { workstationId: string }) | undefined {
  let found: (TrustedWorkstation & { workstationId: string }) | undefined;
  // Every entry is compared (no early exit), like the digests themselves.
  for (const [workstationId, workstation] of Object.entries(account.secondFactor.workstations)) {
    if (constantTimeEqual(workstation.tokenDigest, tokenDigest) && !isAtOrAfter(now, workstation.expiresAt)) {
      found = { workstationId, ...workstation };
    }
  }
  return found;
}

export interface SignInContext {
  policy: SecondFactorPolicy;
  now: string;
  /** Digest of the trusted-workstation cookie the browser sent, if any. */
  workstationDigest?: string;
}

/** After the password: must this account present a second factor before getting a session? */
export function secondFactorDueAtSignIn(account: Account, { policy, now, workstationDigest }: SignInContext): boolean {
  // The session's roles are the account's profile (see RecordSignIn).
  const roles: Role[] = [account.profile];
  if (!secondFactorApplies(policy, roles)) return false;
  return !(workstationDigest && trustedWorkstation(account, workstationDigest, now));
}
