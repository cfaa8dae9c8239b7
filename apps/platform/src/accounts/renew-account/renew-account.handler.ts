import { Command, CommandHandler } from '@nestjs/cqrs';
import { accountStream, DomainError, type CommandMetadata } from '@peps/domain';
import type { RequestContext } from '@peps/runtime';
import { RedecidingHandler } from '../../shell/command-side/redeciding-handler.js';

export class RenewAccountCommand extends Command<{ id: string; version: number }> {
  constructor(
    readonly accountId: string,
    readonly context: RequestContext,
  ) {
    super();
  }
}

/** Safe to re-decide on a conflict: a concurrent sign-in does not change whether the account may be renewed. */
@CommandHandler(RenewAccountCommand)
export class RenewAccountHandler extends RedecidingHandler<RenewAccountCommand> {
  protected async decide({ accountId }: RenewAccountCommand, metadata: CommandMetadata) {
    const account = await this.writeSide.loadAccount(accountId);
    if (!account.state) throw new DomainError('account.not-found');
    const { events } = this.writeSide.decideAccount({ type: 'RenewAccount', accountId }, account.state, metadata);
    const result = await this.writeSide.appendMany([this.writeSide.append(accountStream(accountId), events, account.version, metadata)]);
    return { id: accountId, version: result.streams[0].nextVersion };
  }
}
