import { randomUUID } from 'node:crypto';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DomainError, employerDecider, validationFailed, type FieldError } from '@peps/domain';
import { prepareAccountCreation, type AccountInput } from '../../accounts/create-account/prepare-account-creation.js';
import { AccountStaging } from '../../accounts/create-account/account-staging.js';
import type { RequestContext } from '@peps/runtime';
import { accountStream } from '@peps/domain';
import { AdministratorSet } from '../../shell/command-side/administrator-set.js';
import { WriteSide } from '../../shell/command-side/write-side.js';

export interface RegisterEmployerInput {
  name: string;
  siret: string;
  legalRepresentative: { civility: string; lastName: string; firstName: string; function?: string; address: string[] };
  defaultRights?: Record<string, unknown>;
  firstAdministrator: AccountInput;
  /** The demonstration seed uses a fixed id so that "first start" is simply "this stream does not exist". */
  employerId?: string;
}

export interface RegisteredEmployer {
  id: string;
  firstAdministrator: { id: string; identifier: string; invitationToken: string };
}

export class RegisterEmployerCommand extends Command<RegisteredEmployer> {
  constructor(
    readonly input: RegisterEmployerInput,
    readonly context: RequestContext,
  ) {
    super();
  }
}

/**
 * RegisterEmployer with its first administrator, in one transaction over both streams: an employer without an
 * administrator could never be managed, and an administrator without an employer makes no sense.
 */
@CommandHandler(RegisterEmployerCommand)
export class RegisterEmployerHandler implements ICommandHandler<RegisterEmployerCommand> {
  constructor(
    private readonly writeSide: WriteSide,
    private readonly administratorSet: AdministratorSet,
    private readonly staging: AccountStaging,
  ) {}

  async execute({ input, context }: RegisterEmployerCommand): Promise<RegisteredEmployer> {
    const metadata = this.writeSide.metadata(context);
    const employerId = input.employerId ?? randomUUID();
    const existing = await this.writeSide.loadEmployer(employerId);
    const representative = input.legalRepresentative ?? {};
    const registered = this.writeSide.decideEmployer(
      {
        type: 'RegisterEmployer',
        employerId,
        name: input.name,
        siret: input.siret,
        legalRepresentative: { civility: representative.civility, lastName: representative.lastName, firstName: representative.firstName, function: representative.function },
        // The contract nests the postal address in the legal representative: that is where the letters go.
        address: representative.address,
        defaultRights: input.defaultRights,
      },
      existing.state,
      metadata,
    );
    const employer = registered.reduce(employerDecider.evolve, existing.state);
    if (!employer) throw new DomainError('employer.already-registered');
    const firstAdministrator = { ...input.firstAdministrator, profile: input.firstAdministrator?.profile ?? 'administrator' };
    if (firstAdministrator.profile !== 'administrator') {
      throw validationFailed([{ field: 'firstAdministrator.profile', message: 'Le premier compte d’un établissement doit être administrateur.' }]);
    }
    const prepared = await prepareAccountCreation(
      { store: this.writeSide.store, staging: this.staging },
      firstAdministrator,
      employer,
      metadata,
    ).catch((error: unknown) => {
      throw prefixFields(error, 'firstAdministrator');
    });
    try {
      // The registration and its first administrator's addition open the employer's stream, with the account's.
      await this.administratorSet.append(() => ({
        append: { stream: accountStream(prepared.accountId), events: prepared.newEvents, expectedVersion: 'no-stream' as const },
        events: prepared.events,
        metadata,
        registration: registered,
      }));
    } catch (error) {
      await prepared.release();
      throw error;
    }
    return {
      id: employerId,
      firstAdministrator: { id: prepared.accountId, identifier: prepared.identifier, invitationToken: prepared.link.token },
    };
  }
}

/** The first administrator's fields are reported under `firstAdministrator.` as in the request body. */
function prefixFields(error: unknown, prefix: string): unknown {
  if (error instanceof DomainError && error.code === 'validation.failed' && error.details) {
    return validationFailed(error.details.map((detail: FieldError) => ({ field: `${prefix}.${detail.field}`, message: detail.message })));
  }
  return error;
}
