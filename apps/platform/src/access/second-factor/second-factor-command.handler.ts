import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { accountStream, DomainError, type Account, type AccountCommand, type AccountEvent, type AccountState } from '@peps/domain';
import type { Loaded } from '../../shell/command-side/event-sourcing.js';
import type { RequestContext } from '@peps/runtime';
import { WriteSide } from '../../shell/command-side/write-side.js';
import { SessionStore } from '../authentication/session-store.js';
import { ChallengeStore } from './challenge-store.js';

/** The account commands of the second factor (the domain decides them all; this handler only loads and appends). */
export type SecondFactorAccountCommand = Extract<
  AccountCommand,
  {
    type:
      | 'IssueSecondFactorCode'
      | 'VerifySecondFactor'
      | 'StartTotpEnrolment'
      | 'ConfirmTotpEnrolment'
      | 'RemoveTotp'
      | 'RegisterPasskey'
      | 'RemovePasskey'
      | 'RevokeWorkstation'
      | 'ResetSecondFactor';
  }
>;

export interface SecondFactorDecided {
  account: Account;
  version: number;
  events: AccountEvent[];
}

export class DecideSecondFactorCommand extends Command<SecondFactorDecided> {
  constructor(
    readonly command: SecondFactorAccountCommand,
    readonly context: RequestContext,
    /** The account as the caller just read it: the first attempt decides on it rather than reading the stream again. */
    readonly known?: Loaded<AccountState>,
  ) {
    super();
  }
}

/**
 * Load, decide, append with expected version. Failures the domain records (a wrong code) are appended like any
 * event; the caller reads them from `events`. A lock or a reset ends the account's sessions and open challenges.
 */
@CommandHandler(DecideSecondFactorCommand)
export class DecideSecondFactorHandler implements ICommandHandler<DecideSecondFactorCommand> {
  constructor(
    private readonly writeSide: WriteSide,
    private readonly sessions: SessionStore,
    private readonly challenges: ChallengeStore,
  ) {}

  async execute({ command, context, known }: DecideSecondFactorCommand): Promise<SecondFactorDecided> {
    let first = known;
    // Deciding again on fresh state is what a racing writer calls for: a code used meanwhile is then refused.
    const decided = await this.writeSide.retrying(3, async () => {
      const metadata = this.writeSide.metadata(context);
      const loaded = first ?? (await this.writeSide.loadAccount(command.accountId));
      first = undefined;
      if (!loaded.state) throw new DomainError('account.not-found');
      const { events, state } = this.writeSide.decideAccount(command, loaded.state, metadata);
      if (events.length === 0) return { account: state!, version: loaded.version, events };
      const result = await this.writeSide.appendMany([this.writeSide.append(accountStream(command.accountId), events, loaded.version, metadata)]);
      return { account: state!, version: result.streams[0].nextVersion, events };
    });
    if (decided.events.some((event) => event.type === 'account.locked')) {
      await this.sessions.endAllOf(command.accountId, { reason: 'account-locked', context });
      await this.challenges.endAllOf(command.accountId);
    }
    if (decided.events.some((event) => event.type === 'account.second-factor-reset')) await this.challenges.endAllOf(command.accountId);
    return decided;
  }
}
