import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { constantTimeEqual, DomainError, isDomainError, SECOND_FACTOR_CODE_TTL_MINUTES, type AccountEvent, type AccountState, type PresentedSecondFactor } from '@peps/domain';
import type { Loaded } from '../../shell/command-side/event-sourcing.js';
import { Operators, SecurityAudit, type Operator, type RequestContext } from '@peps/runtime';
import { newSecretToken, tokenHash } from '../../shell/command-side/secret-token.js';
import { WriteSide } from '../../shell/command-side/write-side.js';
import { SessionStore, type NewSession } from '../authentication/session-store.js';
import { AccountSessionOpener, type SignedIn } from './account-session-opener.js';
import { ChallengeStore, type Challenge } from './challenge-store.js';
import { SecondFactorCodeSender } from './code-sender.js';
import { digestCode, newSixDigitCode } from './methods/codes.js';
import { accountPasskeyHolder, PasskeyCeremonies, type PasskeyHolder } from './methods/passkey-ceremonies.js';
import { presentedFactor, type FactorSource } from './methods/presented-factor.js';
import { OperatorSecondFactors } from './operator-second-factors.js';
import { OperatorWorkstations } from './operator-workstations.js';
import { DecideSecondFactorCommand, type SecondFactorDecided } from './second-factor-command.handler.js';
import { workstationLabel } from './workstation-cookie.js';

export interface VerifyInput {
  challenge: string;
  method: string;
  code?: string;
  /** A WebAuthn authentication response (passkeys). */
  credential?: unknown;
  trustWorkstation?: boolean;
  userAgent?: string;
}

export interface Verified extends SignedIn {
  /** A new trusted-workstation token, when asked for (also set as a cookie by the controller). */
  workstation?: { token: string; expiresAt: string };
}

/** The id events and the audit show for a challenge: never the token, nor its whole digest. */
export const challengeIdOf = (challenge: Challenge): string => challenge.tokenHash.slice(0, 16);

/** Every refusal of a second factor is this one code: the answer never says which check failed. */
export function secondFactorRefused(): DomainError {
  return new DomainError('second-factor.verification-failed');
}

/**
 * Sending and verifying second-factor codes, at sign-in (a challenge from the password step) and for step-up (a
 * challenge bound to the session that asked for a sensitive action). What a code or an authenticator's answer proves
 * is worked out the same way for both holders (`presentedFactor`); employer accounts then decide in their stream,
 * operators against their SQL state (an e-mailed code in their challenge) and lock as they do for passwords.
 */
@Injectable()
export class SecondFactorVerification {
  constructor(
    private readonly commands: CommandBus,
    private readonly writeSide: WriteSide,
    private readonly challenges: ChallengeStore,
    private readonly sender: SecondFactorCodeSender,
    private readonly opener: AccountSessionOpener,
    private readonly sessions: SessionStore,
    private readonly operators: Operators,
    private readonly operatorWorkstations: OperatorWorkstations,
    private readonly operatorFactors: OperatorSecondFactors,
    private readonly passkeys: PasskeyCeremonies,
    private readonly audit: SecurityAudit,
  ) {}

  /** `POST /api/auth/second-factor/code`: a new 6-digit code replaces the previous one. */
  async sendCode(token: string, method: string, context: RequestContext, sessionHash?: string): Promise<void> {
    const challenge = await this.liveChallenge(token, sessionHash);
    const code = newSixDigitCode();
    if (challenge.holderKind === 'operator') {
      const operator = await this.operators.findById(challenge.holderId);
      if (!operator || operator.lockedAt || method !== 'email' || !operator.email) throw new DomainError('second-factor.method-unavailable');
      const now = this.writeSide.now();
      await this.challenges.setOperatorCode(challenge.tokenHash, digestCode(code), new Date(now.getTime() + SECOND_FACTOR_CODE_TTL_MINUTES * 60_000));
      await this.sender.send({ method: 'email', to: operator.email, recipient: { displayName: operator.displayName }, identifier: operator.identifier, code, issuedAt: now });
      return;
    }
    let decided: SecondFactorDecided;
    try {
      decided = await this.decide(
        { type: 'IssueSecondFactorCode', accountId: challenge.holderId, challengeId: challengeIdOf(challenge), method, codeDigest: digestCode(code) },
        context,
      );
    } catch (error) {
      // Locked or closed since the password step: nothing to tell an attacker holding the password.
      if (isDomainError(error) && error.code !== 'second-factor.method-unavailable') throw secondFactorRefused();
      throw error;
    }
    const account = decided.account;
    const message = { recipient: { civility: account.civility, lastName: account.lastName }, identifier: account.identifier, code, issuedAt: this.writeSide.now() };
    if (method === 'sms') await this.sender.send({ ...message, method: 'sms', to: account.phone! });
    else await this.sender.send({ ...message, method: 'email', to: account.email });
  }

  /** Options for `navigator.credentials.get` (passkeys), remembered in the challenge for the verification. */
  async passkeyOptions(token: string, sessionHash?: string): Promise<unknown> {
    const challenge = await this.liveChallenge(token, sessionHash);
    const holder = await this.passkeyHolderOf(challenge);
    if (!holder || holder.passkeys.length === 0) throw new DomainError('second-factor.method-unavailable');
    const options = await this.passkeys.authenticationOptions(holder);
    await this.challenges.setWebauthnChallenge(challenge.tokenHash, options.challenge);
    return options;
  }

  /**
   * `POST /api/auth/second-factor/verify`. A sign-in challenge opens the session; a step-up challenge (with the
   * session's own credentials) rotates the session into one whose second factor is fresh.
   */
  async verify(input: VerifyInput, context: RequestContext, session?: { hash: string }): Promise<Verified> {
    const challenge = await this.liveChallenge(input.challenge, session?.hash);
    const now = this.writeSide.now();
    if (challenge.holderKind === 'operator') return this.verifyOperator(challenge, input, context, now, session);

    const loaded = await this.writeSide.loadAccount(challenge.holderId);
    const { state } = loaded;
    if (!state) throw secondFactorRefused();
    const trust = input.trustWorkstation && challenge.purpose === 'sign-in' ? newSecretToken() : undefined;
    let decided: SecondFactorDecided;
    try {
      decided = await this.decide(
        {
          type: 'VerifySecondFactor',
          accountId: state.accountId,
          challengeId: challengeIdOf(challenge),
          purpose: challenge.purpose,
          presented: await this.presented(challenge, input, now, {
            totpSecret: async () => state.secondFactor.totp?.secret ?? null,
            passkeyHolder: async () => accountPasskeyHolder(state),
          }),
          ...(trust ? { trustWorkstation: { workstationId: crypto.randomUUID(), tokenDigest: tokenHash(trust), label: workstationLabel(input.userAgent) } } : {}),
        },
        context,
        loaded,
      );
    } catch (error) {
      // A locked, closed or deactivated account: the same refusal as a wrong code.
      if (isDomainError(error) && error.code !== 'second-factor.verification-failed') throw secondFactorRefused();
      throw error;
    }
    if (!decided.events.some((event) => event.type === 'account.second-factor-verified')) throw secondFactorRefused();
    // Two verifications racing on one challenge: the domain let both codes through only if both were right; one wins.
    // A sign-in uses up its challenge in the statement that opens the session.
    let signedIn: SignedIn | undefined;
    if (challenge.purpose === 'sign-in') {
      signedIn = await this.opener.openGuarded(decided, now, now, this.challenges.consumingGuard(challenge.tokenHash, now));
    } else if (await this.challenges.consume(challenge.tokenHash, now)) {
      signedIn = await this.rotate(challenge, decided, now, context);
    }
    if (!signedIn) throw secondFactorRefused();
    const trusted = decided.events.find((event): event is Extract<AccountEvent, { type: 'account.workstation-trusted' }> => event.type === 'account.workstation-trusted');
    return trust && trusted ? { ...signedIn, workstation: { token: trust, expiresAt: trusted.data.expiresAt } } : signedIn;
  }

  private presented(challenge: Challenge, input: VerifyInput, now: Date, source: FactorSource): Promise<PresentedSecondFactor> {
    return presentedFactor(input, source, challenge.webauthnChallenge, now, this.passkeys);
  }

  /** Whose passkeys answer this challenge: the account's (its stream) or the operator's (auth.operator_passkeys). */
  private async passkeyHolderOf(challenge: Challenge): Promise<PasskeyHolder | undefined> {
    if (challenge.holderKind === 'account') {
      const { state } = await this.writeSide.loadAccount(challenge.holderId);
      return state ? accountPasskeyHolder(state) : undefined;
    }
    const operator = await this.operators.findById(challenge.holderId);
    return operator ? this.operatorFactors.passkeyHolderOf(operator) : undefined;
  }

  /**
   * An operator's proof against their SQL state: the e-mailed code of the challenge, or a step, recovery code or
   * passkey counter used up in one statement (a replay, a used code, a cloned authenticator find nothing to update).
   */
  private async operatorProofHolds(operator: Operator, challenge: Challenge, presented: PresentedSecondFactor, now: Date): Promise<boolean> {
    switch (presented.method) {
      case 'email':
        return (
          challenge.codeDigest !== null &&
          challenge.codeExpiresAt !== null &&
          challenge.codeExpiresAt.getTime() > now.getTime() &&
          // Stored as digestCode (domain-separated), not as a token digest.
          constantTimeEqual(presented.codeDigest, challenge.codeDigest)
        );
      case 'totp':
        return this.operatorFactors.useTotpStep(operator.accountId, presented.matchedStep);
      case 'recovery':
        return this.operatorFactors.useRecoveryCode(operator.accountId, presented.codeDigest, now);
      case 'passkey':
        return presented.verified && presented.passkeyId !== null && this.operatorFactors.usePasskey(operator.accountId, presented.passkeyId, presented.newCounter, now);
      case 'sms':
        return false;
      default: {
        const unknown: never = presented;
        return unknown;
      }
    }
  }

  /** Step-up: the session that asked is replaced by one with the same rights and a fresh second factor. */
  private async rotate(challenge: Challenge, decided: SecondFactorDecided, now: Date, context: RequestContext): Promise<SignedIn> {
    const account = decided.account;
    const previous = challenge.sessionHash ? await this.sessions.findByHash(challenge.sessionHash) : undefined;
    if (!previous) throw new DomainError('authentication.required');
    const session = await this.sessions.open(
      { accountId: account.accountId, identifier: previous.identifier, roles: previous.roles, employerId: previous.employerId, displayName: previous.displayName, version: decided.version },
      now,
      now,
    );
    await this.sessions.end(previous.tokenHash, { reason: 'second-factor-step-up', context });
    return { session, account: { id: account.accountId, identifier: previous.identifier, displayName: previous.displayName, roles: previous.roles, employerId: previous.employerId ?? undefined } };
  }

  private async verifyOperator(challenge: Challenge, input: VerifyInput, context: RequestContext, now: Date, session?: { hash: string }): Promise<Verified> {
    const operator = await this.operators.findById(challenge.holderId);
    if (!operator) throw secondFactorRefused();
    const presented = await this.presented(challenge, input, now, {
      totpSecret: () => this.operatorFactors.totpSecret(operator.accountId, 'enrolled'),
      passkeyHolder: () => this.operatorFactors.passkeyHolderOf(operator),
    });
    // A locked operator's proof is not even tried: nothing of it is used up.
    const right = !operator.lockedAt && (await this.operatorProofHolds(operator, challenge, presented, now));
    if (!right) {
      await this.operatorFailed(operator, context, now);
      throw secondFactorRefused();
    }
    if (!(await this.challenges.consume(challenge.tokenHash, now)) || !(await this.operators.recordSuccessfulSignIn(operator.accountId))) throw secondFactorRefused();
    this.audit.operatorSignIn('signed-in', operator, context);
    let workstation: Verified['workstation'];
    if (input.trustWorkstation && challenge.purpose === 'sign-in') {
      const token = newSecretToken();
      const trusted = await this.operatorWorkstations.trust(operator.accountId, tokenHash(token), workstationLabel(input.userAgent), now);
      workstation = { token, expiresAt: trusted.expiresAt };
    }
    const opened = await this.sessions.open(
      { accountId: operator.accountId, identifier: operator.identifier, roles: operator.roles, employerId: null, displayName: operator.displayName, version: 0 },
      now,
      now,
    );
    if (challenge.purpose === 'step-up' && session) await this.sessions.end(session.hash, { reason: 'second-factor-step-up', context });
    const signedIn: Verified = { session: opened, account: { id: operator.accountId, identifier: operator.identifier, displayName: operator.displayName, roles: operator.roles } };
    return workstation ? { ...signedIn, workstation } : signedIn;
  }

  /** A wrong operator code counts as a failed sign-in: 5 in a row lock the operator, as for passwords. */
  private async operatorFailed(operator: Operator, context: RequestContext, now: Date): Promise<void> {
    const failure = await this.operators.recordFailedSignIn(operator.accountId, now);
    this.audit.operatorSignIn('failed', operator, context, { reason: 'wrong-second-factor', consecutiveFailures: failure?.failedSignIns });
    if (failure?.lockedNow && failure.lockedAt) {
      this.audit.operatorLocked(operator, { lockedAt: failure.lockedAt, consecutiveFailures: failure.failedSignIns }, context);
      await this.sessions.endAllOf(operator.accountId, { reason: 'account-locked', context });
      await this.challenges.endAllOf(operator.accountId);
      await this.operatorWorkstations.revokeAll(operator.accountId);
    }
  }

  private async liveChallenge(token: string, sessionHash: string | undefined): Promise<Challenge & { purpose: 'sign-in' | 'step-up' }> {
    const challenge = await this.challenges.find(token, this.writeSide.now());
    if (!challenge || challenge.purpose === 'passkey-registration') throw secondFactorRefused();
    // A step-up challenge answers only with the session it was opened for; a sign-in one with no session.
    if (challenge.purpose === 'step-up' && challenge.sessionHash !== sessionHash) throw secondFactorRefused();
    return challenge as Challenge & { purpose: 'sign-in' | 'step-up' };
  }

  private decide(command: DecideSecondFactorCommand['command'], context: RequestContext, known?: Loaded<AccountState>): Promise<SecondFactorDecided> {
    return this.commands.execute(new DecideSecondFactorCommand(command, context, known));
  }
}

export type { NewSession };
