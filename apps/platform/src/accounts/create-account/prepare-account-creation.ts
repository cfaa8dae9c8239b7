import { randomUUID } from 'node:crypto';
import {
  accountDecider,
  DomainError,
  formatIdentifier,
  identifierPrefix,
  tryResolveRights,
  validateFirstName,
  validateLastName,
  type CommandMetadata,
  type CreateAccount,
  type DomainEvent,
  type Employer,
} from '@peps/domain';
import type { AccountContactInput } from '@peps/domain';
import type { EventStore, NewEvent } from '@peps/event-store';
import type { AccountStaging } from './account-staging.js';
import { toNewEvents } from '../../shell/command-side/event-sourcing.js';
import { newLink, outgoingLinksFor, type IssuedLink } from '../../access/links/link-delivery.js';

/** The account body as received (checked for types and sizes by the DTO, for everything else by the domain). */
export interface AccountInput extends AccountContactInput {
  rights?: Record<string, unknown>;
}

export interface PreparedAccount {
  accountId: string;
  identifier: string;
  link: IssuedLink;
  events: DomainEvent[];
  newEvents: NewEvent[];
  /** Undo the directory, link-token and outgoing-link rows when the append does not happen. */
  release(): Promise<void>;
}

/**
 * Everything CreateAccount needs before its append: rights resolved with the employer's defaults, the decision checked
 * once with a placeholder identifier (so an invalid form consumes no identifier), then the platform-wide identifier
 * allocated from the prefix's own sequence and decided for real; its directory entry, link-token hash and raw token
 * for the invitation mail are staged in one round trip before the caller appends.
 */
export async function prepareAccountCreation(
  deps: { store: EventStore; staging: AccountStaging },
  input: AccountInput,
  employer: Employer,
  metadata: CommandMetadata,
): Promise<PreparedAccount> {
  const accountId = randomUUID();
  const resolved = tryResolveRights(input.rights, employer.defaultRights);
  const names = { first: validateFirstName(input.firstName), last: validateLastName(input.lastName) };
  const prefix = names.first.ok && names.last.ok ? identifierPrefix(names.first.value, names.last.value) : 'XXX';
  const command = (identifier: string, invitationTokenHash: string): CreateAccount => ({
    type: 'CreateAccount',
    accountId,
    employerId: employer.employerId,
    identifier,
    profile: input.profile,
    civility: input.civility,
    lastName: input.lastName,
    firstName: input.firstName,
    email: input.email,
    emailConfirmation: input.emailConfirmation,
    phone: input.phone,
    professionalAddress: input.professionalAddress,
    // Invalid rights go to the domain as received, so its messages join the other fields' ones.
    rights: resolved.ok ? resolved.value : (input.rights ?? {}),
    invitationTokenHash,
  });
  // Dry run: every field error at once, before anything is allocated or written.
  accountDecider.decide(command(formatIdentifier(prefix, 1), 'dry-run'), null, metadata);

  const sequence = await deps.store.nextSequenceValue(`identifier-${prefix}`);
  const identifier = formatIdentifier(prefix, sequence);
  const link = newLink('invitation');
  const events = accountDecider.decide(command(identifier, link.hash), null, metadata);
  const created = events[0];
  if (created.type !== 'account.created') throw new DomainError('account.already-exists');
  const newEvents = toNewEvents(events, metadata);
  const outgoing = outgoingLinksFor(link, events, newEvents);
  await deps.staging.stage({ accountId, identifier, employerId: employer.employerId, email: created.data.email }, link, outgoing);
  return {
    accountId,
    identifier,
    link,
    events,
    newEvents,
    release: () => deps.staging.unstage(accountId, link, outgoing).catch(() => undefined),
  };
}
