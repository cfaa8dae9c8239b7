import { HttpException, HttpStatus, Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { accountChangeNeedsStepUp, DomainError, stepUpSatisfied, type AccountChangeRequest } from '@peps/domain';
import { Operators, PLATFORM_CLOCK, type AuthenticatedActor, type PlatformClock } from '@peps/runtime';
import { WriteSide } from '../../shell/command-side/write-side.js';
import { sessionHashOf } from '../authentication/authentication.guard.js';
import { SecondFactorGate, type PendingSecondFactor } from './second-factor-gate.js';

export const SECOND_FACTOR_REQUIRED = 'second-factor.required';
export const SECOND_FACTOR_REQUIRED_MESSAGE =
  'Cette action demande une vérification récente de votre identité : saisissez le code de double authentification, puis recommencez.';

/** The 403 of a sensitive action without a recent second factor: the challenge to answer comes with it. */
export class SecondFactorRequired extends HttpException {
  constructor(readonly pending: PendingSecondFactor) {
    super(
      { code: SECOND_FACTOR_REQUIRED, message: SECOND_FACTOR_REQUIRED_MESSAGE, challenge: pending.challenge, methods: pending.methods, expiresAt: pending.expiresAt, errors: [] },
      HttpStatus.FORBIDDEN,
    );
  }
}

/**
 * Step-up, as PEP's: the contract's sensitive actions need a second factor verified in the last
 * STEP_UP_WINDOW_MINUTES of the session (when PEPS_SECOND_FACTOR asks one of this actor). The controller of each
 * sensitive action calls `require` before its command; the verification refreshes the session, and the client
 * repeats its request.
 */
@Injectable()
export class StepUp {
  constructor(
    private readonly gate: SecondFactorGate,
    private readonly writeSide: WriteSide,
    private readonly operators: Operators,
    @Inject(PLATFORM_CLOCK) private readonly clock: PlatformClock,
  ) {}

  /** Whether this actor's session may take a sensitive action now, without asking. */
  satisfied(actor: AuthenticatedActor): boolean {
    return !this.gate.applies(actor.roles) || stepUpSatisfied(actor.secondFactorVerifiedAt ?? null, this.clock.now().toISOString());
  }

  /** A change of an account: sensitive only when it touches what `accountChangeNeedsStepUp` names. */
  async requireForAccountChange(actor: AuthenticatedActor, request: FastifyRequest, accountId: string, change: AccountChangeRequest): Promise<void> {
    if (this.satisfied(actor)) return;
    const { state } = await this.writeSide.loadAccount(accountId);
    // An unknown account or one of another employer: the handler answers 404 as it always did.
    if (!state || !accountChangeNeedsStepUp(actor.accountId, state, change)) return;
    await this.require(actor, request);
  }

  async require(actor: AuthenticatedActor, request: FastifyRequest): Promise<void> {
    if (this.satisfied(actor)) return;
    const now = this.clock.now();
    const sessionHash = sessionHashOf(request);
    if (!sessionHash) throw new DomainError('authentication.required');
    if (actor.employerId) {
      const { state } = await this.writeSide.loadAccount(actor.accountId);
      if (!state) throw new DomainError('authentication.required');
      throw new SecondFactorRequired(await this.gate.open({ kind: 'account', account: state }, 'step-up', now, sessionHash));
    }
    const operator = await this.operators.findById(actor.accountId);
    if (!operator) throw new DomainError('authentication.required');
    throw new SecondFactorRequired(await this.gate.open({ kind: 'operator', operator }, 'step-up', now, sessionHash));
  }
}
