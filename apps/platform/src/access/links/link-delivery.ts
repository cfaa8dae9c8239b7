import { randomUUID } from 'node:crypto';
import type { DomainEvent } from '@peps/domain';
import type { NewEvent } from '@peps/event-store';
import type { LinkPurpose, LinkTokens } from './link-tokens.js';
import { newSecretToken, tokenHash } from '../../shell/command-side/secret-token.js';
import type { OutgoingLink, OutgoingLinks } from './outgoing-links.js';

export interface IssuedLink {
  token: string;
  hash: string;
  purpose: LinkPurpose;
}

/** A fresh link token and its digest, not yet registered anywhere. */
export function newLink(purpose: LinkPurpose): IssuedLink {
  const token = newSecretToken();
  return { token, hash: tokenHash(token), purpose };
}

/** A fresh link token, registered by hash so that the link page can find its account. */
export async function issueLink(linkTokens: LinkTokens, accountId: string, purpose: LinkPurpose): Promise<IssuedLink> {
  const link = newLink(purpose);
  await linkTokens.register(link.hash, accountId, purpose);
  return link;
}

/** The outgoing-link rows that hand the raw token to the mail sender, one per event that issues `link`. */
export function outgoingLinksFor(link: IssuedLink, domainEvents: readonly DomainEvent[], newEvents: readonly NewEvent[]): OutgoingLink[] {
  const rows: OutgoingLink[] = [];
  for (const [index, event] of domainEvents.entries()) {
    const issued =
      (event.type === 'account.password-invitation-issued' || event.type === 'account.password-reset-requested') &&
      event.data.tokenHash === link.hash;
    if (!issued) continue;
    rows.push({
      id: randomUUID(),
      eventId: newEvents[index].id,
      accountId: event.data.accountId,
      purpose: link.purpose,
      token: link.token,
      payload: {},
      expiresAt: event.data.expiresAt,
    });
  }
  return rows;
}

/**
 * Hands the raw token to the mail sender (see outgoing-links.ts), keyed by the id of the event that issues the link.
 * Called before the append; `discard` undoes it when the append fails.
 */
export async function stageLinkForMail(
  outgoing: OutgoingLinks,
  link: IssuedLink,
  domainEvents: readonly DomainEvent[],
  newEvents: readonly NewEvent[],
): Promise<{ discard(): Promise<void> }> {
  const rows = outgoingLinksFor(link, domainEvents, newEvents);
  for (const row of rows) await outgoing.put(row);
  return { discard: async () => void (await Promise.all(rows.map((row) => outgoing.discardForEvent(row.eventId!)))) };
}
