import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  DomainError,
  passwordPolicyErrors,
  validationFailed,
  type AccountCommand,
  type FieldError,
} from '@peps/domain';
import { SessionStore } from '../authentication/session-store.js';
import { LinkTokens } from '../links/link-tokens.js';
import { PasswordHasher } from '../passwords/password-hasher.js';
import type { RequestContext } from '@peps/runtime';
import { tokenHash } from '../../shell/command-side/secret-token.js';
import { accountStream } from '@peps/domain';
import { WriteSide } from '../../shell/command-side/write-side.js';

export class CreatePasswordCommand extends Command<{ identifier: string; purpose: 'invitation' | 'password-reset' }> {
  constructor(
    readonly token: string,
    readonly password: string,
    readonly passwordConfirmation: string,
    readonly context: RequestContext,
  ) {
    super();
  }
}

/**
 * POST /api/password/setup for both kinds of link: a password-creation link (CreatePassword) and a reset link
 * (CompletePasswordReset). The link is checked first (404 unknown, 410 expired or used), then the policy, and only
 * then is the password hashed; the hash goes into the event, the password nowhere. The policy knows whose password
 * it is: the holder's names and identifier from the account, the employer's name from the employer's stream.
 */
@CommandHandler(CreatePasswordCommand)
export class CreatePasswordHandler implements ICommandHandler<CreatePasswordCommand> {
  constructor(
    private readonly writeSide: WriteSide,
    private readonly linkTokens: LinkTokens,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionStore,
  ) {}

  async execute({ token, password, passwordConfirmation, context }: CreatePasswordCommand) {
    const hash = tokenHash(token);
    const link = await this.linkTokens.find(hash);
    if (!link) throw new DomainError('invitation.unknown');
    const command = (passwordHash: string): AccountCommand =>
      link.purpose === 'invitation'
        ? { type: 'CreatePassword', accountId: link.accountId, tokenHash: hash, passwordHash }
        : { type: 'CompletePasswordReset', accountId: link.accountId, tokenHash: hash, passwordHash };

    const first = await this.writeSide.loadAccount(link.accountId);
    if (!first.state) throw new DomainError(link.purpose === 'invitation' ? 'invitation.unknown' : 'password-reset.unknown');
    this.writeSide.decideAccount(command('check-only'), first.state, this.writeSide.metadata(context));

    const employer = await this.writeSide.loadEmployer(first.state.employerId);
    const errors: FieldError[] = passwordPolicyErrors(password, {
      lastName: first.state.lastName,
      firstName: first.state.firstName,
      identifier: first.state.identifier,
      employerName: employer.state?.name,
    });
    if (password !== passwordConfirmation) {
      errors.push({ field: 'passwordConfirmation', message: 'La confirmation du mot de passe ne correspond pas au mot de passe saisi.' });
    }
    if (errors.length > 0) throw validationFailed(errors);
    const passwordHash = await this.hasher.hash(password);

    // A link is single use: re-deciding after a conflict refuses a link someone else just used.
    const identifier = await this.writeSide.retrying(3, async () => {
      const metadata = this.writeSide.metadata(context);
      const loaded = await this.writeSide.loadAccount(link.accountId);
      const { events } = this.writeSide.decideAccount(command(passwordHash), loaded.state, metadata);
      await this.writeSide.appendMany([this.writeSide.append(accountStream(link.accountId), events, loaded.version, metadata)]);
      return loaded.state!.identifier;
    });
    // A new password ends whatever sessions the account had (ASVS 7.4.3).
    await this.sessions.endAllOf(link.accountId);
    return { identifier, purpose: link.purpose };
  }
}
