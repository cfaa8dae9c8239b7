import { Injectable } from '@nestjs/common';
import { normaliseIdentifier, validateEmail } from '@peps/domain';
import { AccountDirectory } from '../../shell/command-side/account-directory.js';
import { issueLink, stageLinkForMail } from '../links/link-delivery.js';
import { LinkTokens } from '../links/link-tokens.js';
import { OutgoingLinks } from '../links/outgoing-links.js';
import type { RequestContext } from '@peps/runtime';
import { accountStream } from '@peps/domain';
import { WriteSide } from '../../shell/command-side/write-side.js';

/**
 * "Mot de passe oublié ?" and "Identifiant oublié ?": the caller always gets 202 whatever happened here, so these
 * methods never reveal (by error or by result) whether an account exists.
 */
@Injectable()
export class RecoveryService {
  constructor(
    private readonly writeSide: WriteSide,
    private readonly directory: AccountDirectory,
    private readonly linkTokens: LinkTokens,
    private readonly outgoing: OutgoingLinks,
  ) {}

  /** RequestPasswordReset: a 1-hour single-use link, mailed from the `account.password-reset-requested` event. */
  async passwordForgotten(identifier: string, context: RequestContext): Promise<void> {
    // The sign-in's normalisation: a look-alike (`JLſ000439`) or any other non-identifier asks for nothing.
    const normalised = normaliseIdentifier(identifier);
    const entry = normalised === undefined ? undefined : await this.directory.findByIdentifier(normalised);
    if (!entry) return;
    const loaded = await this.writeSide.loadAccount(entry.accountId);
    if (!loaded.state) return;
    const metadata = this.writeSide.metadata(context);
    try {
      this.writeSide.decideAccount({ type: 'RequestPasswordReset', accountId: entry.accountId, tokenHash: 'check-only' }, loaded.state, metadata);
    } catch {
      return; // invited, closed or deactivated: nothing to reset, and nothing to say.
    }
    const link = await issueLink(this.linkTokens, entry.accountId, 'password-reset');
    const { events } = this.writeSide.decideAccount({ type: 'RequestPasswordReset', accountId: entry.accountId, tokenHash: link.hash }, loaded.state, metadata);
    const append = this.writeSide.append(accountStream(entry.accountId), events, loaded.version, metadata);
    const staged = await stageLinkForMail(this.outgoing, link, events, append.events);
    try {
      await this.writeSide.appendMany([append]);
    } catch {
      await staged.discard();
      await this.linkTokens.forget(link.hash);
    }
  }

  /** The identifiers tied to an e-mail address, handed to the mail sender (see outgoing-links.ts, `identifier-reminder`). */
  async identifierForgotten(email: string): Promise<void> {
    const valid = validateEmail(email);
    if (!valid.ok) return;
    const entries = await this.directory.findByEmail(valid.value);
    const identifiers: { accountId: string; identifier: string }[] = [];
    for (const entry of entries) {
      const { state } = await this.writeSide.loadAccount(entry.accountId);
      // The directory's e-mail may lag a change: the stream has the last word.
      if (state && state.status !== 'closed' && state.email.toLowerCase() === valid.value.toLowerCase()) {
        identifiers.push({ accountId: state.accountId, identifier: state.identifier });
      }
    }
    if (identifiers.length === 0) return;
    await this.outgoing.put({
      eventId: null,
      accountId: identifiers[0].accountId,
      purpose: 'identifier-reminder',
      token: null,
      payload: { email: valid.value, identifiers: identifiers.map((i) => i.identifier), accountIds: identifiers.map((i) => i.accountId) },
      expiresAt: new Date(this.writeSide.now().getTime() + 24 * 3_600_000).toISOString(),
    });
  }
}
