import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  DomainError,
  validationFailed,
  type AccountCommand,
  type AccountEvent,
  type AccountState,
  type CommandMetadata,
  type FieldError,
  type Profile,
} from '@peps/domain';
import { WrongExpectedVersionError } from '@peps/event-store';
import { AccountDirectory } from '../../shell/command-side/account-directory.js';
import type { RequestContext } from '@peps/runtime';
import { accountStream } from '@peps/domain';
import { AdministratorSet } from '../../shell/command-side/administrator-set.js';
import { WriteSide } from '../../shell/command-side/write-side.js';
import type { ChangeAccountDto } from './change-account.dto.js';

export class ChangeAccountCommand extends Command<{ id: string; version: number; changes: number }> {
  constructor(
    readonly accountId: string,
    readonly body: ChangeAccountDto,
    readonly context: RequestContext,
  ) {
    super();
  }
}

/**
 * PATCH /api/accounts/:id: ChangeContactDetails, ChangeRights and ChangeProfile (PromoteToAdministrator) decided one
 * after the other on the same state and appended together at the client's expected version, so both tabs apply
 * or neither does. A promotion also records AddAdministrator on the employer in the same transaction (AdministratorSet).
 */
@CommandHandler(ChangeAccountCommand)
export class ChangeAccountHandler implements ICommandHandler<ChangeAccountCommand> {
  constructor(
    private readonly writeSide: WriteSide,
    private readonly administratorSet: AdministratorSet,
    private readonly directory: AccountDirectory,
  ) {}

  async execute({ accountId, body, context }: ChangeAccountCommand) {
    const metadata = this.writeSide.metadata(context);
    const stream = accountStream(accountId);
    const loaded = await this.writeSide.loadAccount(accountId);
    // Scoping first: another employer's account answers 404 whatever the version says.
    if (!loaded.state) throw new DomainError('account.not-found');
    const commands: AccountCommand[] = [];
    if (body.contact) commands.push({ type: 'ChangeContactDetails', accountId, ...body.contact });
    if (body.rights) commands.push({ type: 'ChangeRights', accountId, rights: body.rights });
    if (body.profile) {
      commands.push({
        type: 'ChangeProfile',
        accountId,
        profile: body.profile as Profile,
        professionalAddress: body.contact?.professionalAddress,
      });
    }
    // Authorisation and scoping are decided by the domain; run one decision for them even when the body is empty.
    const events = decideAll(this.writeSide, commands.length > 0 ? commands : [{ type: 'ChangeRights', accountId, rights: {} }], loaded.state, metadata);
    if (loaded.version !== body.expectedVersion) throw new WrongExpectedVersionError(stream, body.expectedVersion, loaded.version);
    if (events.length === 0) return { id: accountId, version: loaded.version, changes: 0 };

    // A promotion joins the employer's set in the same transaction; the account stays at the client's version.
    const { result } = await this.administratorSet.append(() => ({
      append: this.writeSide.append(stream, events, body.expectedVersion, metadata),
      events,
      metadata,
    }));
    const emailChange = events.find((event) => event.type === 'account.contact-details-changed');
    if (emailChange?.type === 'account.contact-details-changed' && emailChange.data.changes.email) {
      await this.directory.updateEmail(accountId, emailChange.data.changes.email.to);
    }
    const version = result.streams.find((s) => s.stream === stream)?.nextVersion ?? loaded.version + events.length;
    return { id: accountId, version, changes: events.length };
  }
}

/** Every tab's field errors reported together; any other refusal stops at once. */
function decideAll(writeSide: WriteSide, commands: AccountCommand[], initial: AccountState, metadata: CommandMetadata): AccountEvent[] {
  const errors: FieldError[] = [];
  const events: AccountEvent[] = [];
  let state = initial;
  for (const command of commands) {
    try {
      const decided = writeSide.decideAccount(command, state, metadata);
      events.push(...decided.events);
      state = decided.state;
    } catch (error) {
      if (error instanceof DomainError && error.code === 'validation.failed' && error.details) {
        const prefix = command.type === 'ChangeContactDetails' ? 'contact.' : '';
        errors.push(...error.details.map((d) => ({ field: prefix + d.field, message: d.message })));
      } else throw error;
    }
  }
  if (errors.length > 0) throw validationFailed(errors);
  return events;
}
