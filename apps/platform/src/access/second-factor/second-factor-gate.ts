import { Inject, Injectable } from '@nestjs/common';
import { availableMethods, secondFactorApplies, secondFactorDueAtSignIn, type Account, type Role, type SecondFactorMethod } from '@peps/domain';
import { PLATFORM_CONFIG, type Operator, type PlatformConfig } from '@peps/runtime';
import { tokenHash } from '../../shell/command-side/secret-token.js';
import { ChallengeStore, type ChallengePurpose } from './challenge-store.js';
import { OperatorSecondFactors } from './operator-second-factors.js';
import { OperatorWorkstations } from './operator-workstations.js';

/** What the client gets instead of a session when a second factor is due (CONTRACT.md, "Second factor"). */
export interface PendingSecondFactor {
  challenge: string;
  methods: SecondFactorMethod[];
  expiresAt: string;
}

export type SecondFactorHolder = { kind: 'account'; account: Account } | { kind: 'operator'; operator: Operator };

/**
 * Decides whether a second factor is due (PEPS_SECOND_FACTOR, the domain's rhythm of 7 days per workstation) and
 * opens the challenge the client answers.
 */
@Injectable()
export class SecondFactorGate {
  constructor(
    private readonly challenges: ChallengeStore,
    private readonly operatorWorkstations: OperatorWorkstations,
    private readonly operatorFactors: OperatorSecondFactors,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
  ) {}

  applies(roles: Role[]): boolean {
    return secondFactorApplies(this.config.secondFactor, roles);
  }

  /** After the right password: a challenge, or undefined when this workstation is trusted (or the policy is off). */
  async atSignIn(holder: SecondFactorHolder, workstationToken: string | undefined, now: Date): Promise<PendingSecondFactor | undefined> {
    if (holder.kind === 'account') {
      const due = secondFactorDueAtSignIn(holder.account, {
        policy: this.config.secondFactor,
        now: now.toISOString(),
        workstationDigest: workstationToken && workstationToken.length <= 200 ? tokenHash(workstationToken) : undefined,
      });
      return due ? this.open(holder, 'sign-in', now, null) : undefined;
    }
    if (!this.applies(holder.operator.roles)) return undefined;
    if (await this.operatorWorkstations.isTrusted(holder.operator.accountId, workstationToken, now)) return undefined;
    return this.open(holder, 'sign-in', now, null);
  }

  async open(holder: SecondFactorHolder, purpose: ChallengePurpose, now: Date, sessionHash: string | null): Promise<PendingSecondFactor> {
    const id = holder.kind === 'account' ? holder.account.accountId : holder.operator.accountId;
    const { token, challenge } = await this.challenges.open({ kind: holder.kind, id }, purpose, now, sessionHash);
    const methods = holder.kind === 'account' ? availableMethods(holder.account) : await this.operatorFactors.methodsOf(holder.operator);
    return { challenge: token, methods, expiresAt: challenge.expiresAt.toISOString() };
  }
}
