import { RIGHTS_CATALOGUE_VERSION } from '../../rights/rights-catalogue.js';
import { validateRightsInput } from '../../rights/resolve-rights.js';
import { diffRights, effectiveRights, type CompleteRights } from '../../rights/rights.js';
import type { CommandMetadata } from '../../shared/command-metadata.js';
import { validationFailed } from '../../shared/domain-error.js';
import type { ChangeRights } from '../account-commands.js';
import type { AccountEvent } from '../account-events.js';
import type { Account } from '../account-state.js';
import { requireManagerOf, requireNotClosed } from './guards.js';

/** Services left out keep their level; one added to the catalogue since creation starts from `none`. */
export function changeRights(command: ChangeRights, account: Account, metadata: CommandMetadata): AccountEvent[] {
  requireManagerOf(metadata.actor, account);
  requireNotClosed(account);
  const input = validateRightsInput(command.rights);
  if (!input.ok) throw validationFailed(input.errors);
  const current = effectiveRights(account.rights);
  const rights = { ...current, ...input.value } as CompleteRights;
  const changes = diffRights(current, rights);
  if (changes.length === 0) return [];
  return [
    {
      type: 'account.rights-changed',
      data: {
        accountId: account.accountId,
        rights,
        changes,
        rightsCatalogueVersion: RIGHTS_CATALOGUE_VERSION,
        changedBy: metadata.actor,
        changedAt: metadata.now,
      },
    },
  ];
}
