import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { accountStream, DomainError } from '@peps/domain';
import type { RequestContext } from '@peps/runtime';
import { WriteSide } from '../../shell/command-side/write-side.js';
import { PersonalDataErasure } from '@peps/process-managers';

export class ErasePersonalDataCommand extends Command<{ id: string; erasedAt: string }> {
  constructor(
    readonly accountId: string,
    readonly reason: string,
    readonly context: RequestContext,
  ) {
    super();
  }
}

/**
 * The event first, then the steps (key, mails, letters, tables): a crash in between leaves the event, and the
 * `personal-data-erasure` process manager runs the steps again. A second request decides nothing new but runs the steps too, which finishes
 * an erasure without waiting for the reactor.
 */
@CommandHandler(ErasePersonalDataCommand)
export class ErasePersonalDataHandler implements ICommandHandler<ErasePersonalDataCommand> {
  constructor(
    private readonly writeSide: WriteSide,
    private readonly steps: PersonalDataErasure,
  ) {}

  async execute({ accountId, reason, context }: ErasePersonalDataCommand) {
    const erasedAt = await this.writeSide.retrying(3, async () => {
      const metadata = this.writeSide.metadata(context);
      const account = await this.writeSide.loadAccount(accountId);
      if (!account.state) throw new DomainError('account.not-found');
      const { events, state } = this.writeSide.decideAccount({ type: 'ErasePersonalData', accountId, reason }, account.state, metadata);
      if (events.length) await this.writeSide.appendMany([this.writeSide.append(accountStream(accountId), events, account.version, metadata)]);
      return state!.personalDataErasedAt!;
    });
    await this.steps.run(accountId, new Date(erasedAt));
    return { id: accountId, erasedAt };
  }
}
