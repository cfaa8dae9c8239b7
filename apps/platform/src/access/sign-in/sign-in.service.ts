import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  DomainError,
  isDomainError,
  normaliseIdentifier,
  type Account,
  type Role,
} from '@peps/domain';
import { Operators, type Operator } from '@peps/runtime';
import { SecurityAudit } from '@peps/runtime';
import { SessionStore, type NewSession } from '../authentication/session-store.js';
import { AccountDirectory } from '../../shell/command-side/account-directory.js';
import { PasswordHasher } from '../passwords/password-hasher.js';
import type { RequestContext } from '@peps/runtime';
import { WriteSide } from '../../shell/command-side/write-side.js';
import { RecordFailedSignInCommand, RecordSignInCommand } from './record-sign-in.handlers.js';

export interface SignedIn {
  session: NewSession;
  account: { id: string; identifier: string; displayName: string; roles: Role[]; employerId?: string };
}

export function displayNameOf(account: Pick<Account, 'civility' | 'firstName' | 'lastName'>): string {
  return `${account.civility === 'madame' ? 'Mme' : 'M.'} ${account.firstName} ${account.lastName}`;
}

/**
 * Identifier (any case) + password. Every refusal is the same `sign-in.invalid-credentials` (same body); an unknown
 * identifier, and input that is no identifier at all (`normaliseIdentifier`: ASCII letters and digits only, so a
 * look-alike such as `DRſOPER01` is nobody), still cost one argon2 verification, and the controller pads every answer
 * to the same floor. Operators lock after the domain's MAX_CONSECUTIVE_FAILED_SIGN_INS failures in a row, like
 * employer accounts; a locked operator's right password gets the same refusal as a wrong one.
 */
@Injectable()
export class SignInService {
  constructor(
    private readonly commands: CommandBus,
    private readonly writeSide: WriteSide,
    private readonly directory: AccountDirectory,
    private readonly operators: Operators,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionStore,
    private readonly audit: SecurityAudit,
  ) {}

  async signIn(identifier: string, password: string, context: RequestContext): Promise<SignedIn> {
    const normalised = normaliseIdentifier(identifier);
    if (normalised === undefined) {
      await this.hasher.verify(undefined, password);
      throw refused();
    }
    const operator = await this.operators.findByIdentifier(normalised);
    if (operator) return this.signInOperator(operator, password, context);

    const entry = await this.directory.findByIdentifier(normalised);
    const loaded = entry ? await this.writeSide.loadAccount(entry.accountId) : undefined;
    const account = loaded?.state ?? null;
    const passwordMatches = await this.hasher.verify(account?.passwordHash, password);
    if (!account) throw refused();
    const actorContext: RequestContext = { ...context, actor: { kind: 'anonymous' } };
    if (!passwordMatches) {
      await this.commands.execute(new RecordFailedSignInCommand(account.accountId, actorContext));
      throw refused();
    }
    // Argon2 parameters changed since this hash was made: store a new hash of the same password with the sign-in.
    const rehashed = account.passwordHash && this.hasher.needsRehash(account.passwordHash) ? await this.hasher.hash(password) : undefined;
    let recorded;
    try {
      recorded = await this.commands.execute(new RecordSignInCommand(account.accountId, actorContext, rehashed));
    } catch (error) {
      if (isDomainError(error)) throw refused();
      throw error;
    }
    // The profile a session carries is the one recorded at sign-in: a promotion shows from the next one.
    const signedIn = recorded.events.find((event) => event.type === 'account.signed-in');
    const profile = signedIn?.type === 'account.signed-in' ? signedIn.data.profile : recorded.account.profile;
    const roles: Role[] = [profile];
    const displayName = displayNameOf(recorded.account);
    const session = await this.sessions.open(
      { accountId: account.accountId, identifier: account.identifier, roles, employerId: account.employerId, displayName, version: recorded.version },
      this.writeSide.now(),
    );
    return { session, account: { id: account.accountId, identifier: account.identifier, displayName, roles, employerId: account.employerId } };
  }

  private async signInOperator(operator: Operator, password: string, context: RequestContext): Promise<SignedIn> {
    const passwordMatches = await this.hasher.verify(operator.passwordHash, password);
    if (!passwordMatches) {
      const failure = await this.operators.recordFailedSignIn(operator.accountId, this.writeSide.now());
      this.audit.operatorSignIn('failed', operator, context, { reason: 'wrong-password', consecutiveFailures: failure?.failedSignIns });
      if (failure?.lockedNow && failure.lockedAt) {
        this.audit.operatorLocked(operator, { lockedAt: failure.lockedAt, consecutiveFailures: failure.failedSignIns }, context);
        // As for an employer account, the lock ends the sessions the operator had.
        await this.sessions.endAllOf(operator.accountId, { reason: 'account-locked', context });
      }
      throw refused();
    }
    // Still not locked when the success is stored (failures running at the same time may have locked it since).
    if (operator.lockedAt || !(await this.operators.recordSuccessfulSignIn(operator.accountId))) {
      this.audit.operatorSignIn('failed', operator, context, { reason: 'locked' });
      throw refused();
    }
    if (this.hasher.needsRehash(operator.passwordHash)) {
      await this.operators.updatePasswordHash(operator.accountId, await this.hasher.hash(password));
    }
    const session = await this.sessions.open(
      { accountId: operator.accountId, identifier: operator.identifier, roles: operator.roles, employerId: null, displayName: operator.displayName, version: 0 },
      this.writeSide.now(),
    );
    this.audit.operatorSignIn('signed-in', operator, context);
    return { session, account: { id: operator.accountId, identifier: operator.identifier, displayName: operator.displayName, roles: operator.roles } };
  }
}

/** One code for every refusal: the answer must not tell a locked account from a wrong password. */
function refused(): DomainError {
  return new DomainError('sign-in.invalid-credentials');
}
