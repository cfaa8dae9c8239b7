import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DomainError } from '@peps/domain';
import type { RequestContext } from '@peps/runtime';
import { accountStream } from '@peps/domain';
import { WriteSide } from '../../shell/command-side/write-side.js';

export class UnlockAccountCommand extends Command<{ id: string; version: number }> {
  constructor(
    readonly accountId: string,
    readonly context: RequestContext,
  ) {
    super();
  }
}

@CommandHandler(UnlockAccountCommand)
export class UnlockAccountHandler implements ICommandHandler<UnlockAccountCommand> {
  constructor(private readonly writeSide: WriteSide) {}

  /** Safe to re-decide on a conflict: a concurrent failed sign-in does not change whether the account is locked. */
  execute({ accountId, context }: UnlockAccountCommand) {
    return this.writeSide.retrying(3, async () => {
      const metadata = this.writeSide.metadata(context);
      const account = await this.writeSide.loadAccount(accountId);
      if (!account.state) throw new DomainError('account.not-found');
      const { events } = this.writeSide.decideAccount({ type: 'UnlockAccount', accountId }, account.state, metadata);
      const result = await this.writeSide.appendMany([this.writeSide.append(accountStream(accountId), events, account.version, metadata)]);
      return { id: accountId, version: result.streams[0].nextVersion };
    });
  }
}
