import { requireMaySignIn } from '../../account/decisions/sign-in.js';
import type { IssueSecondFactorCode } from '../../account/account-commands.js';
import type { AccountEvent } from '../../account/account-events.js';
import type { Account } from '../../account/account-state.js';
import type { CommandMetadata } from '../../shared/command-metadata.js';
import { DomainError, validationFailed } from '../../shared/domain-error.js';
import { addMs } from '../../shared/instant.js';
import { isMobilePhone } from '../mobile-phone.js';
import { SECOND_FACTOR_CODE_TTL_MINUTES } from '../second-factor-policy.js';

const CODE_TTL_MS = SECOND_FACTOR_CODE_TTL_MINUTES * 60 * 1000;

/** A new code replaces the pending one (the older one stops working). */
export function issueSecondFactorCode(command: IssueSecondFactorCode, account: Account, metadata: CommandMetadata): AccountEvent[] {
  requireMaySignIn(account, metadata.now);
  const method = command.method;
  if (method !== 'email' && method !== 'sms') throw new DomainError('second-factor.method-unavailable');
  if (method === 'sms' && !isMobilePhone(account.phone)) throw new DomainError('second-factor.method-unavailable');
  if (!command.challengeId || !command.codeDigest) {
    throw validationFailed([{ field: 'codeDigest', message: 'Le condensat du code et le défi sont obligatoires.' }]);
  }
  return [
    {
      type: 'account.second-factor-code-issued',
      data: {
        accountId: account.accountId,
        challengeId: command.challengeId,
        method,
        codeDigest: command.codeDigest,
        issuedAt: metadata.now,
        expiresAt: addMs(metadata.now, CODE_TTL_MS),
      },
    },
  ];
}
