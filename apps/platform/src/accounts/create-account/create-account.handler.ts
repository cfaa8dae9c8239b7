import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DomainError } from '@peps/domain';
import { AccountStaging } from './account-staging.js';
import type { RequestContext } from '@peps/runtime';
import { accountStream, employerStream } from '@peps/domain';
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

/** Employer-stream conflicts come from other administrators being added at the same time: re-deciding is safe. */
const EMPLOYER_CONFLICT_RETRIES = 8;

@CommandHandler(CreateAccountCommand)
export class CreateAccountHandler implements ICommandHandler<CreateAccountCommand> {
  constructor(
    private readonly writeSide: WriteSide,
    private readonly staging: AccountStaging,
  ) {}

  async execute({ employerId, input, context }: CreateAccountCommand): Promise<CreatedAccount> {
    const metadata = this.writeSide.metadata(context);
    const employer = await this.writeSide.loadEmployer(employerId);
    if (!employer.state) throw new DomainError('employer.not-found');
    const prepared = await prepareAccountCreation(
      { store: this.writeSide.store, staging: this.staging },
      input,
      employer.state,
      metadata,
    );
    try {
      const accountAppend = { stream: accountStream(prepared.accountId), events: prepared.newEvents, expectedVersion: 'no-stream' as const };
      const created = prepared.events[0];
      if (created.type === 'account.created' && created.data.profile === 'administrator') {
        // The employer's set of administrators changes in the same transaction as the account's creation.
        let current = employer;
        await this.writeSide.retrying(EMPLOYER_CONFLICT_RETRIES, async () => {
          const added = this.writeSide.decideEmployer(
            { type: 'AddAdministrator', employerId, accountId: prepared.accountId, reason: 'creation' },
            current.state,
            metadata,
          );
          try {
            await this.writeSide.appendMany([
              accountAppend,
              this.writeSide.append(employerStream(employerId), added, current.version, metadata),
            ]);
          } catch (error) {
            current = await this.writeSide.loadEmployer(employerId);
            throw error;
          }
        });
      } else {
        await this.writeSide.appendMany([accountAppend]);
      }
    } catch (error) {
      await prepared.release();
      throw error;
    }
    return { id: prepared.accountId, identifier: prepared.identifier, invitationToken: prepared.link.token };
  }
}
