import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { DomainError, isDomainError, normaliseIdentifier } from '@peps/domain';
import { Operators, type Operator } from '@peps/runtime';
import { SecurityAudit } from '@peps/runtime';
import { accountStream } from '@peps/domain';
import { SessionStore } from '../authentication/session-store.js';
import { AccountSessionOpener, type SignedIn } from '../second-factor/account-session-opener.js';
import { SecondFactorGate, type PendingSecondFactor } from '../second-factor/second-factor-gate.js';
import { AccountDirectory } from '../../shell/command-side/account-directory.js';
import { PasswordHasher } from '../passwords/password-hasher.js';
import type { RequestContext } from '@peps/runtime';
import { WriteSide } from '../../shell/command-side/write-side.js';
import { RecordFailedSignInCommand, RecordSignInCommand } from './record-sign-in.handlers.js';

export { displayNameOf, type SignedIn } from '../second-factor/account-session-opener.js';

/** The password step's outcome: a session, or a second factor to give first (CONTRACT.md, "Second factor"). */
export type PasswordAccepted = SignedIn | { secondFactor: PendingSecondFactor };

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
    private readonly operators: Operators,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionStore,
    private readonly audit: SecurityAudit,
    private readonly gate: SecondFactorGate,
    private readonly opener: AccountSessionOpener,
  ) {}

  /** `workstation`: the trusted-workstation token the browser or client presents, if any. */
  async signIn(identifier: string, password: string, context: RequestContext, workstation?: string): Promise<PasswordAccepted> {
    const normalised = normaliseIdentifier(identifier);
    if (normalised === undefined) {
      await this.hasher.verify(undefined, password);
      throw refused();
    }
    // Operators and employer accounts in one statement (a sign-in's round trips are its cost beside the hash).
    const { operator, beside } = await this.operators.findByIdentifierBeside<Record<string, string>>(normalised, AccountDirectory.byIdentifierSql);
    if (operator) return this.signInOperator(operator, password, context, workstation);

    const entry = AccountDirectory.entryOf(beside);
    const loaded = entry ? await this.writeSide.loadAccount(entry.accountId) : undefined;
    const account = loaded?.state ?? null;
    const passwordMatches = await this.hasher.verify(account?.passwordHash, password);
    if (!account) throw refused();
    const actorContext: RequestContext = { ...context, actor: { kind: 'anonymous' } };
    if (!passwordMatches) {
      await this.commands.execute(new RecordFailedSignInCommand(account.accountId, actorContext, loaded));
      throw refused();
    }
    // Argon2 parameters changed since this hash was made: store a new hash of the same password with the sign-in.
    const rehashed = account.passwordHash && this.hasher.needsRehash(account.passwordHash) ? await this.hasher.hash(password) : undefined;
    const now = this.writeSide.now();
    // Only an account that may sign in now gets a challenge (locked, closed…: the same refusal as a wrong password).
    try {
      this.writeSide.decideAccount({ type: 'RecordSignIn', accountId: account.accountId }, account, this.writeSide.metadata(actorContext));
    } catch (error) {
      if (isDomainError(error)) throw refused();
      throw error;
    }
    const pending = await this.gate.atSignIn({ kind: 'account', account }, workstation, now);
    if (pending) {
      if (rehashed) await this.writeSide.retrying(3, () => this.rehash(account.accountId, rehashed, actorContext));
      return { secondFactor: pending };
    }
    let recorded;
    try {
      recorded = await this.commands.execute(new RecordSignInCommand(account.accountId, actorContext, rehashed, loaded));
    } catch (error) {
      if (isDomainError(error)) throw refused();
      throw error;
    }
    return this.opener.open(recorded, now, null);
  }

  /** The new hash is stored at the password step when a second factor follows (the password is not kept for later). */
  private async rehash(accountId: string, passwordHash: string, context: RequestContext): Promise<void> {
    const metadata = this.writeSide.metadata(context);
    const loaded = await this.writeSide.loadAccount(accountId);
    if (!loaded.state) return;
    const { events } = this.writeSide.decideAccount({ type: 'RecordPasswordRehash', accountId, passwordHash }, loaded.state, metadata);
    if (events.length > 0) await this.writeSide.appendMany([this.writeSide.append(accountStream(accountId), events, loaded.version, metadata)]);
  }

  private async signInOperator(operator: Operator, password: string, context: RequestContext, workstation?: string): Promise<PasswordAccepted> {
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
    if (operator.lockedAt) {
      this.audit.operatorSignIn('failed', operator, context, { reason: 'locked' });
      throw refused();
    }
    if (this.hasher.needsRehash(operator.passwordHash)) {
      await this.operators.updatePasswordHash(operator.accountId, await this.hasher.hash(password));
    }
    // With a second factor due, failures keep counting until the code is right: wrong codes lock like wrong passwords.
    const pending = await this.gate.atSignIn({ kind: 'operator', operator }, workstation, this.writeSide.now());
    if (pending) return { secondFactor: pending };
    // Still not locked when the success is stored (failures running at the same time may have locked it since).
    if (!(await this.operators.recordSuccessfulSignIn(operator.accountId))) {
      this.audit.operatorSignIn('failed', operator, context, { reason: 'locked' });
      throw refused();
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
