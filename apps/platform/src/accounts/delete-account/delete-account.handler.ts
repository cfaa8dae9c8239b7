import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DomainError } from '@peps/domain';
import type { StreamAppend } from '@peps/event-store';
import { SessionStore } from '../../access/authentication/session-store.js';
import type { RequestContext } from '@peps/runtime';
import { accountStream, employerStream } from '@peps/domain';
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
 * DeleteAccount, and for an administrator RemoveAdministrator on the employer in the same transaction (the employer
 * refuses to lose its last administrator). No client version is involved, so a conflict simply means deciding again
 * on fresh state. The holder's sessions end at once.
 */
@CommandHandler(DeleteAccountCommand)
export class DeleteAccountHandler implements ICommandHandler<DeleteAccountCommand> {
  constructor(
    private readonly writeSide: WriteSide,
    private readonly sessions: SessionStore,
  ) {}

  async execute({ accountId, context }: DeleteAccountCommand): Promise<void> {
    await this.writeSide.retrying(3, async () => {
      const metadata = this.writeSide.metadata(context);
      const account = await this.writeSide.loadAccount(accountId);
      if (!account.state) throw new DomainError('account.not-found');
      const { events } = this.writeSide.decideAccount({ type: 'DeleteAccount', accountId }, account.state, metadata);
      const appends: StreamAppend[] = [this.writeSide.append(accountStream(accountId), events, account.version, metadata)];
      if (account.state.profile === 'administrator') {
        const employer = await this.writeSide.loadEmployer(account.state.employerId);
        const removed = this.writeSide.decideEmployer(
          { type: 'RemoveAdministrator', employerId: account.state.employerId, accountId, reason: 'deletion' },
          employer.state,
          metadata,
        );
        appends.push(this.writeSide.append(employerStream(account.state.employerId), removed, employer.version, metadata));
      }
      await this.writeSide.appendMany(appends);
    });
    await this.sessions.endAllOf(accountId);
  }
}
