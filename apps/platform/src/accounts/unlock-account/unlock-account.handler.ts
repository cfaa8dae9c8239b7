import { Command, CommandHandler } from '@nestjs/cqrs';
import { DomainError, type CommandMetadata } from '@peps/domain';
import type { RequestContext } from '@peps/runtime';
import { accountStream } from '@peps/domain';
import { RedecidingHandler } from '../../shell/command-side/redeciding-handler.js';

export class UnlockAccountCommand extends Command<{ id: string; version: number }> {
  constructor(
    readonly accountId: string,
    readonly context: RequestContext,
  ) {
    super();
  }
}

/** Safe to re-decide on a conflict: a concurrent failed sign-in does not change whether the account is locked. */
@CommandHandler(UnlockAccountCommand)
export class UnlockAccountHandler extends RedecidingHandler<UnlockAccountCommand> {
  protected async decide({ accountId }: UnlockAccountCommand, metadata: CommandMetadata) {
    const account = await this.writeSide.loadAccount(accountId);
    if (!account.state) throw new DomainError('account.not-found');
    const { events } = this.writeSide.decideAccount({ type: 'UnlockAccount', accountId }, account.state, metadata);
    const result = await this.writeSide.appendMany([this.writeSide.append(accountStream(accountId), events, account.version, metadata)]);
    return { id: accountId, version: result.streams[0].nextVersion };
  }
}
