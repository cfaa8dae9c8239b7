import type { CommandMetadata } from '../../shared/command-metadata.js';
import { validationFailed } from '../../shared/domain-error.js';
import type { ChangeContactDetails } from '../account-commands.js';
import { validateContactChanges } from '../account-contact.js';
import type { AccountEvent, ContactChanges, ContactDetails } from '../account-events.js';
import type { Account } from '../account-state.js';
import { requireManagerOf, requireNotClosed } from './guards.js';

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Applies only the fields present; the identifier never changes with the name (identifiers are never reused). */
export function changeContactDetails(command: ChangeContactDetails, account: Account, metadata: CommandMetadata): AccountEvent[] {
  requireManagerOf(metadata.actor, account);
  requireNotClosed(account);
  const validated = validateContactChanges(command, account.profile);
  if (!validated.ok) throw validationFailed(validated.errors);
  const proposed = validated.value;

  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const key of Object.keys(proposed) as (keyof ContactDetails)[]) {
    if (!sameValue(account[key], proposed[key])) changes[key] = { from: account[key], to: proposed[key] };
  }
  if (Object.keys(changes).length === 0) return [];
  return [
    {
      type: 'account.contact-details-changed',
      data: { accountId: account.accountId, changes: changes as ContactChanges, changedBy: metadata.actor, changedAt: metadata.now },
    },
  ];
}
