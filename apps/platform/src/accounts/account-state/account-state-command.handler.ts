import { Command, CommandHandler } from '@nestjs/cqrs';
import { accountStream, DomainError, type CommandMetadata } from '@peps/domain';
import type { RequestContext } from '@peps/runtime';
import { RedecidingHandler } from '../../shell/command-side/redeciding-handler.js';

/** The account commands that the account's own state alone decides, given by id: no form, no client version. */
export type AccountStateCommandType = 'RenewAccount' | 'UnlockAccount';

export class AccountStateCommand extends Command<{ id: string; version: number }> {
  constructor(
    readonly type: AccountStateCommandType,
    readonly accountId: string,
    readonly context: RequestContext,
  ) {
    super();
  }
}

/**
 * Safe to re-decide on a conflict: a concurrent sign-in, failed or not, changes neither whether the account may be
 * renewed nor whether it is locked.
 */
@CommandHandler(AccountStateCommand)
export class AccountStateCommandHandler extends RedecidingHandler<AccountStateCommand> {
  protected async decide({ type, accountId }: AccountStateCommand, metadata: CommandMetadata) {
    const account = await this.writeSide.loadAccount(accountId);
    if (!account.state) throw new DomainError('account.not-found');
    const { events } = this.writeSide.decideAccount({ type, accountId }, account.state, metadata);
    const result = await this.writeSide.appendMany([this.writeSide.append(accountStream(accountId), events, account.version, metadata)]);
    return { id: accountId, version: result.streams[0].nextVersion };
  }
}
