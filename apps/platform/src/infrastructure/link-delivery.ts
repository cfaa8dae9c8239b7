import type { DomainEvent } from '../../../../libs/domain/src/index.js';
import type { NewEvent } from '../../../../libs/event-store/src/index.js';
import type { LinkPurpose, LinkTokens } from './link-tokens.js';
import { newSecretToken, tokenHash } from './secret-token.js';
import type { OutgoingLinks } from './outgoing-links.js';

export interface IssuedLink {
  token: string;
  hash: string;
  purpose: LinkPurpose;
}

/** A fresh link token, registered by hash so that the link page can find its account. */
export async function issueLink(linkTokens: LinkTokens, accountId: string, purpose: LinkPurpose): Promise<IssuedLink> {
  const token = newSecretToken();
  const hash = tokenHash(token);
  await linkTokens.register(hash, accountId, purpose);
  return { token, hash, purpose };
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
  const staged: string[] = [];
  for (const [index, event] of domainEvents.entries()) {
    const issued =
      (event.type === 'account.password-invitation-issued' || event.type === 'account.password-reset-requested') &&
      event.data.tokenHash === link.hash;
    if (!issued) continue;
    const eventId = newEvents[index].id;
    await outgoing.put({
      eventId,
      accountId: event.data.accountId,
      purpose: link.purpose,
      token: link.token,
      payload: {},
      expiresAt: event.data.expiresAt,
    });
    staged.push(eventId);
  }
  return { discard: async () => void (await Promise.all(staged.map((id) => outgoing.discardForEvent(id)))) };
}
