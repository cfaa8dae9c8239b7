import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DomainError } from '@peps/domain';
import { AccountStaging } from './account-staging.js';
import type { RequestContext } from '@peps/runtime';
import { accountStream } from '@peps/domain';
import { AdministratorSet } from '../../shell/command-side/administrator-set.js';
import { WriteSide } from '../../shell/command-side/write-side.js';
import { prepareAccountCreation, type AccountInput } from './prepare-account-creation.js';

export interface CreatedAccount {
  id: string;
  identifier: string;
  /** The raw password-creation token: only the demonstration seed prints it; the API never returns it. */
  invitationToken: string;
}

export class CreateAccountCommand extends Command<CreatedAccount> {
  constructor(
    readonly employerId: string,
    readonly input: AccountInput,
    readonly context: RequestContext,
  ) {
    super();
  }
}

@CommandHandler(CreateAccountCommand)
export class CreateAccountHandler implements ICommandHandler<CreateAccountCommand> {
  constructor(
    private readonly writeSide: WriteSide,
    private readonly administratorSet: AdministratorSet,
    private readonly staging: AccountStaging,
  ) {}

  async execute({ employerId, input, context }: CreateAccountCommand): Promise<CreatedAccount> {
    const metadata = this.writeSide.metadata(context);
    // Reused across creations while the employer's stream stays at the version read with the session.
    const employer = await this.writeSide.employerOf(context, employerId);
    if (!employer.state) throw new DomainError('employer.not-found');
    const prepared = await prepareAccountCreation(
      { store: this.writeSide.store, staging: this.staging },
      input,
      employer.state,
      metadata,
    );
    try {
      // An administrator joins the employer's set in the same transaction; only the employer is read again on a conflict.
      await this.administratorSet.append(() => ({
        append: { stream: accountStream(prepared.accountId), events: prepared.newEvents, expectedVersion: 'no-stream' as const },
        events: prepared.events,
        metadata,
        employer,
      }));
    } catch (error) {
      await prepared.release();
      throw error;
    }
    return { id: prepared.accountId, identifier: prepared.identifier, invitationToken: prepared.link.token };
  }
}
