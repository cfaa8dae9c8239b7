import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DomainError } from '@peps/domain';
import { issueLink, stageLinkForMail } from '../../access/links/link-delivery.js';
import { LinkTokens } from '../../access/links/link-tokens.js';
import { OutgoingLinks } from '../../access/links/outgoing-links.js';
import type { RequestContext } from '@peps/runtime';
import { accountStream } from '@peps/domain';
import { WriteSide } from '../../shell/command-side/write-side.js';

export class IssuePasswordInvitationCommand extends Command<{ expiresAt: string; token: string }> {
  constructor(
    readonly accountId: string,
    readonly context: RequestContext,
  ) {
    super();
  }
}

/** A new password-creation link; the domain records which link it kills. The mail leaves from the event. */
@CommandHandler(IssuePasswordInvitationCommand)
export class IssuePasswordInvitationHandler implements ICommandHandler<IssuePasswordInvitationCommand> {
  constructor(
    private readonly writeSide: WriteSide,
    private readonly linkTokens: LinkTokens,
    private readonly outgoing: OutgoingLinks,
  ) {}

  async execute({ accountId, context }: IssuePasswordInvitationCommand) {
    const account = await this.writeSide.loadAccount(accountId);
    if (!account.state) throw new DomainError('account.not-found');
    const metadata = this.writeSide.metadata(context);
    // Decide once without a token so that a refused request leaves no token row behind.
    this.writeSide.decideAccount({ type: 'IssuePasswordInvitation', accountId, tokenHash: 'check-only' }, account.state, metadata);
    const link = await issueLink(this.linkTokens, accountId, 'invitation');
    const { events } = this.writeSide.decideAccount({ type: 'IssuePasswordInvitation', accountId, tokenHash: link.hash }, account.state, metadata);
    const append = this.writeSide.append(accountStream(accountId), events, account.version, metadata);
    const staged = await stageLinkForMail(this.outgoing, link, events, append.events);
    try {
      await this.writeSide.appendMany([append]);
    } catch (error) {
      await staged.discard();
      await this.linkTokens.forget(link.hash);
      throw error;
    }
    const issued = events[0];
    return { expiresAt: issued.type === 'account.password-invitation-issued' ? issued.data.expiresAt : '', token: link.token };
  }
}
