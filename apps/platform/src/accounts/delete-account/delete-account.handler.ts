import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DomainError } from '@peps/domain';
import { SessionStore } from '../../access/authentication/session-store.js';
import type { RequestContext } from '@peps/runtime';
import { accountStream } from '@peps/domain';
import { AdministratorSet } from '../../shell/command-side/administrator-set.js';
import { WriteSide } from '../../shell/command-side/write-side.js';

export class DeleteAccountCommand extends Command<void> {
  constructor(
    readonly accountId: string,
    readonly context: RequestContext,
  ) {
    super();
  }
}

/**
 * DeleteAccount, and for an administrator RemoveAdministrator on the employer in the same transaction
 * (AdministratorSet; the employer refuses to lose its last administrator). No client version is involved, so a
 * conflict simply means deciding again on fresh state. The holder's sessions end at once.
 */
@CommandHandler(DeleteAccountCommand)
export class DeleteAccountHandler implements ICommandHandler<DeleteAccountCommand> {
  constructor(
    private readonly writeSide: WriteSide,
    private readonly administratorSet: AdministratorSet,
    private readonly sessions: SessionStore,
  ) {}

  async execute({ accountId, context }: DeleteAccountCommand): Promise<void> {
    await this.administratorSet.append(async () => {
      const metadata = this.writeSide.metadata(context);
      const account = await this.writeSide.loadAccount(accountId);
      if (!account.state) throw new DomainError('account.not-found');
      const { events } = this.writeSide.decideAccount({ type: 'DeleteAccount', accountId }, account.state, metadata);
      return { append: this.writeSide.append(accountStream(accountId), events, account.version, metadata), events, metadata };
    });
    await this.sessions.endAllOf(accountId);
  }
}
