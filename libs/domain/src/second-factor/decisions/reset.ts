import { requireManagerOf, requireNotClosed } from '../../account/decisions/guards.js';
import type { ResetSecondFactor } from '../../account/account-commands.js';
import type { AccountEvent } from '../../account/account-events.js';
import type { Account } from '../../account/account-state.js';
import { isAdministratorOf, isDrs } from '../../shared/authorisation.js';
import type { CommandMetadata } from '../../shared/command-metadata.js';
import { DomainError } from '../../shared/domain-error.js';

/**
 * The holder lost their phone or keys: an administrator of the employer resets their means, and the DRS does so
 * for administrators (who have nobody above them in the employer). The holder then signs in with e-mail or SMS.
 */
export function resetSecondFactor(_command: ResetSecondFactor, account: Account, metadata: CommandMetadata): AccountEvent[] {
  const { actor } = metadata;
  if (isDrs(actor) && !isAdministratorOf(actor, account.employerId) && account.profile !== 'administrator') {
    throw new DomainError('authorisation.forbidden');
  }
  requireManagerOf(actor, account);
  requireNotClosed(account);
  return [{ type: 'account.second-factor-reset', data: { accountId: account.accountId, resetBy: actor, resetAt: metadata.now } }];
}
