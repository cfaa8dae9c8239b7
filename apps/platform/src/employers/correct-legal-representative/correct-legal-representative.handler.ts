import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DomainError, employerStream } from '@peps/domain';
import type { RequestContext } from '@peps/runtime';
import { WriteSide } from '../../shell/command-side/write-side.js';

export interface LegalRepresentativeInput {
  civility: string;
  lastName: string;
  firstName: string;
  function?: string | null;
  /** The contract nests the postal address in the representative, as at registration. */
  address: string[];
}

export class CorrectLegalRepresentativeCommand extends Command<{ id: string; version: number }> {
  constructor(
    readonly employerId: string,
    readonly input: LegalRepresentativeInput,
    readonly context: RequestContext,
  ) {
    super();
  }
}

/** The DRS corrects the representative or the address their letters go to: load, decide, append. */
@CommandHandler(CorrectLegalRepresentativeCommand)
export class CorrectLegalRepresentativeHandler implements ICommandHandler<CorrectLegalRepresentativeCommand> {
  constructor(private readonly writeSide: WriteSide) {}

  execute({ employerId, input, context }: CorrectLegalRepresentativeCommand): Promise<{ id: string; version: number }> {
    const metadata = this.writeSide.metadata(context);
    // The form carries no version: the correction is decided again on fresh state if another writer got there first.
    return this.writeSide.retrying(3, async () => {
      const { state, version } = await this.writeSide.loadEmployer(employerId);
      if (!state) throw new DomainError('employer.not-found');
      const { address, ...representative } = input ?? ({} as LegalRepresentativeInput);
      const events = this.writeSide.decideEmployer({ type: 'CorrectLegalRepresentative', employerId, legalRepresentative: representative, address }, state, metadata);
      await this.writeSide.appendMany([this.writeSide.append(employerStream(employerId), events, version, metadata)]);
      return { id: employerId, version: version + events.length };
    });
  }
}
