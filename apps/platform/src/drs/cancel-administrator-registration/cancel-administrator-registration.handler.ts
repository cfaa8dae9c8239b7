import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DomainError } from '@peps/domain';
import { SessionStore } from '../../access/authentication/session-store.js';
import type { RequestContext } from '@peps/runtime';
import { accountStream } from '@peps/domain';
import { AdministratorSet } from '../../shell/command-side/administrator-set.js';
import { WriteSide } from '../../shell/command-side/write-side.js';

export class CancelAdministratorRegistrationCommand extends Command<{ outcome: 'closed' | 'demoted-to-user' }> {
  constructor(
    readonly accountId: string,
    readonly reason: string,
    readonly context: RequestContext,
  ) {
    super();
  }
}

/**
 * The DRS acts on the legal representative's objection: the account is closed (created as administrator) or goes back
 * to user (promoted), and leaves the employer's administrators in the same transaction (AdministratorSet). Either way
 * the holder's sessions end now: they carry the administrator profile.
 */
@CommandHandler(CancelAdministratorRegistrationCommand)
export class CancelAdministratorRegistrationHandler implements ICommandHandler<CancelAdministratorRegistrationCommand> {
  constructor(
    private readonly writeSide: WriteSide,
    private readonly administratorSet: AdministratorSet,
    private readonly sessions: SessionStore,
  ) {}

  async execute({ accountId, reason, context }: CancelAdministratorRegistrationCommand) {
    const { events } = await this.administratorSet.append(async () => {
      const metadata = this.writeSide.metadata(context);
      const account = await this.writeSide.loadAccount(accountId);
      if (!account.state) throw new DomainError('account.not-found');
      const { events } = this.writeSide.decideAccount({ type: 'CancelAdministratorRegistration', accountId, reason }, account.state, metadata);
      return { append: this.writeSide.append(accountStream(accountId), events, account.version, metadata), events, metadata };
    });
    const cancelled = events[0];
    const outcome = cancelled.type === 'account.administrator-registration-cancelled' ? cancelled.data.outcome : 'closed';
    await this.sessions.endAllOf(accountId);
    return { outcome };
  }
}
