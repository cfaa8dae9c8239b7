import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DomainError, type Account, type AccountEvent, type AccountState } from '@peps/domain';
import { SessionStore } from '../authentication/session-store.js';
import type { RequestContext } from '@peps/runtime';
import { accountStream } from '@peps/domain';
import { WriteSide } from '../../shell/command-side/write-side.js';
import type { Loaded } from '../../shell/command-side/event-sourcing.js';

export class RecordSignInCommand extends Command<{ account: Account; version: number; events: AccountEvent[] }> {
  constructor(
    readonly accountId: string,
    readonly context: RequestContext,
    /** A new argon2id hash of the password just verified, when the stored one was made with other parameters. */
    readonly rehashedPasswordHash?: string,
    /** The account as the password step read it: the first attempt decides on it rather than reading the stream again. */
    readonly known?: Loaded<AccountState>,
  ) {
    super();
  }
}

export class RecordFailedSignInCommand extends Command<{ locked: boolean }> {
  constructor(
    readonly accountId: string,
    readonly context: RequestContext,
    /** As for RecordSignInCommand: the account the password was checked against. */
    readonly known?: Loaded<AccountState>,
  ) {
    super();
  }
}

/**
 * The password was verified by the caller; the account decides whether it may sign in now. A rehash (new argon2
 * parameters) is decided on the signed-in state and appended with the sign-in, all or nothing.
 */
@CommandHandler(RecordSignInCommand)
export class RecordSignInHandler implements ICommandHandler<RecordSignInCommand> {
  constructor(private readonly writeSide: WriteSide) {}

  execute({ accountId, context, rehashedPasswordHash, known }: RecordSignInCommand) {
    let first = known;
    // Re-deciding on a conflict is safe: the decision only depends on the account's status.
    return this.writeSide.retrying(3, async () => {
      const metadata = this.writeSide.metadata(context);
      const loaded = first ?? (await this.writeSide.loadAccount(accountId));
      first = undefined;
      if (!loaded.state) throw new DomainError('sign-in.invalid-credentials');
      const signedIn = this.writeSide.decideAccount({ type: 'RecordSignIn', accountId }, loaded.state, metadata);
      let { events, state } = signedIn;
      if (rehashedPasswordHash) {
        const rehash = this.writeSide.decideAccount({ type: 'RecordPasswordRehash', accountId, passwordHash: rehashedPasswordHash }, state, metadata);
        events = [...events, ...rehash.events];
        state = rehash.state;
      }
      const result = await this.writeSide.appendMany([this.writeSide.append(accountStream(accountId), events, loaded.version, metadata)]);
      return { account: state!, version: result.streams[0].nextVersion, events };
    });
  }
}

/** Counts a failure (5 in a row lock the account); a lock ends every session of the account at once. */
@CommandHandler(RecordFailedSignInCommand)
export class RecordFailedSignInHandler implements ICommandHandler<RecordFailedSignInCommand> {
  constructor(
    private readonly writeSide: WriteSide,
    private readonly sessions: SessionStore,
  ) {}

  async execute({ accountId, context, known }: RecordFailedSignInCommand) {
    let first = known;
    // Counting is safe to repeat on fresh state: each attempt adds exactly one failure.
    const locked = await this.writeSide.retrying(5, async () => {
      const metadata = this.writeSide.metadata(context);
      const loaded = first ?? (await this.writeSide.loadAccount(accountId));
      first = undefined;
      if (!loaded.state || loaded.state.status === 'closed') return false;
      const { events } = this.writeSide.decideAccount({ type: 'RecordFailedSignIn', accountId }, loaded.state, metadata);
      await this.writeSide.appendMany([this.writeSide.append(accountStream(accountId), events, loaded.version, metadata)]);
      return events.some((event) => event.type === 'account.locked');
    });
    if (locked) await this.sessions.endAllOf(accountId);
    return { locked };
  }
}
