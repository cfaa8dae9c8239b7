import { Command, CommandHandler } from '@nestjs/cqrs';
import { publishedVersions, termsOfUseDecider, type CommandMetadata, type TermsOfUseEvent, type TermsOfUseState } from '@peps/domain';
import { loadAggregate } from '../../shell/command-side/event-sourcing.js';
import { RedecidingHandler } from '../../shell/command-side/redeciding-handler.js';
import type { RequestContext } from '@peps/runtime';
import { employerStream, TERMS_OF_USE_STREAM } from '@peps/domain';
import { WriteSide } from '../../shell/command-side/write-side.js';

export class PublishTermsOfUseCommand extends Command<{ version: string }> {
  constructor(
    readonly version: string,
    readonly text: string,
    readonly context: RequestContext,
  ) {
    super();
  }
}

export class AcceptTermsOfUseCommand extends Command<{ version: string; acceptedAt: string }> {
  constructor(
    readonly employerId: string,
    readonly version: string,
    readonly context: RequestContext,
  ) {
    super();
  }
}

export const loadTermsOfUse = (writeSide: WriteSide) =>
  loadAggregate<TermsOfUseEvent, TermsOfUseState>(writeSide.store, TERMS_OF_USE_STREAM, termsOfUseDecider);

/** Re-deciding after a conflict is safe: another publication only adds a version this one may collide with. */
@CommandHandler(PublishTermsOfUseCommand)
export class PublishTermsOfUseHandler extends RedecidingHandler<PublishTermsOfUseCommand> {
  protected async decide({ version, text }: PublishTermsOfUseCommand, metadata: CommandMetadata) {
    const current = await loadTermsOfUse(this.writeSide);
    const events = termsOfUseDecider.decide({ type: 'PublishTermsOfUse', version, text }, current.state, metadata);
    await this.writeSide.appendMany([
      this.writeSide.append(TERMS_OF_USE_STREAM, events, current.version === 0 ? 'no-stream' : current.version, metadata),
    ]);
    const published = events[0];
    return { version: published.data.version };
  }
}

/** The employer decides, given the versions published so far (read from the terms-of-use stream). */
@CommandHandler(AcceptTermsOfUseCommand)
export class AcceptTermsOfUseHandler extends RedecidingHandler<AcceptTermsOfUseCommand> {
  protected async decide({ employerId, version }: AcceptTermsOfUseCommand, metadata: CommandMetadata) {
    const terms = await loadTermsOfUse(this.writeSide);
    const employer = await this.writeSide.loadEmployer(employerId);
    const events = this.writeSide.decideEmployer(
      { type: 'AcceptTermsOfUse', employerId, version, publishedVersions: publishedVersions(terms.state) },
      employer.state,
      metadata,
    );
    await this.writeSide.appendMany([this.writeSide.append(employerStream(employerId), events, employer.version, metadata)]);
    return { version, acceptedAt: metadata.now };
  }
}
