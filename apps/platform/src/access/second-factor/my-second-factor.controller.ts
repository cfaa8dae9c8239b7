import { Body, Delete, Get, HttpCode, Inject, Ip, Param, Post } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { availableMethods, DomainError, type Account } from '@peps/domain';
import { Operators, PLATFORM_CLOCK, requestContext, SecurityAudit, type AuthenticatedActor, type Operator, type PlatformClock } from '@peps/runtime';
import { CommandBus } from '@nestjs/cqrs';
import { WriteSide } from '../../shell/command-side/write-side.js';
import { ApiController } from '../../shell/http/api-endpoint.js';
import { CurrentActor } from '../authentication/access.decorators.js';
import { newRecoveryCodes } from './methods/codes.js';
import { matchTotpStep, newTotpSecret, otpauthUri, qrCodeSvg } from './methods/totp.js';
import { OperatorSecondFactors } from './operator-second-factors.js';
import { OperatorWorkstations } from './operator-workstations.js';
import { SecondFactorGate } from './second-factor-gate.js';
import { DecideSecondFactorCommand } from './second-factor-command.handler.js';
import { TotpConfirmationDto } from './second-factor.dto.js';

/**
 * « Mon compte › Sécurité » through the API: the holder's own second factor (authenticator app, recovery codes,
 * trusted workstations). Passkeys have their own controller. Employer accounts decide in their stream; operators
 * (not event-sourced) keep the same means in `auth.operator_*` tables, with the same answers.
 */
@ApiController('double authentification', 'api/me')
export class MySecondFactorController {
  constructor(
    private readonly commands: CommandBus,
    private readonly writeSide: WriteSide,
    private readonly gate: SecondFactorGate,
    private readonly operatorWorkstations: OperatorWorkstations,
    private readonly operators: Operators,
    private readonly operatorFactors: OperatorSecondFactors,
    private readonly audit: SecurityAudit,
    @Inject(PLATFORM_CLOCK) private readonly clock: PlatformClock,
  ) {}

  @Get('second-factor')
  @ApiOperation({ summary: 'Ma double authentification : méthodes, application, codes de secours restants, postes de confiance' })
  async summary(@CurrentActor() actor: AuthenticatedActor) {
    const required = this.gate.applies(actor.roles);
    if (!actor.employerId) {
      const operator = await this.operator(actor);
      const totp = await this.operatorFactors.totpOf(operator.accountId);
      return {
        required,
        methods: await this.operatorFactors.methodsOf(operator),
        totp: totp.enrolledAt ? { enrolledAt: totp.enrolledAt } : null,
        recoveryCodesLeft: totp.recoveryCodesLeft,
        passkeys: (await this.operatorFactors.passkeysOf(operator.accountId)).length,
        workstations: await this.operatorWorkstationsOf(actor),
      };
    }
    const account = await this.holder(actor);
    const sf = account.secondFactor;
    return {
      required,
      methods: availableMethods(account),
      totp: sf.totp ? { enrolledAt: sf.totp.enrolledAt } : null,
      recoveryCodesLeft: Object.values(sf.recoveryCodes).filter((code) => code.usedAt === null).length,
      passkeys: Object.keys(sf.passkeys).length,
      workstations: this.workstationsOf(account),
    };
  }

  @Post('second-factor/totp')
  @HttpCode(201)
  @ApiOperation({ summary: 'Commencer l’enrôlement d’une application d’authentification : secret, URI otpauth et QR code (SVG)' })
  async startTotp(@CurrentActor() actor: AuthenticatedActor, @Ip() ip: string) {
    const secret = newTotpSecret();
    if (actor.employerId) {
      const account = await this.holder(actor);
      await this.decide({ type: 'StartTotpEnrolment', accountId: account.accountId, secret }, actor, ip);
    } else {
      await this.operatorFactors.startTotp((await this.operator(actor)).accountId, secret, this.clock.now());
    }
    const uri = otpauthUri(secret, actor.identifier);
    return { secret, otpauthUri: uri, qrCodeSvg: await qrCodeSvg(uri) };
  }

  @Post('second-factor/totp/confirmation')
  @HttpCode(200)
  @ApiOperation({ summary: 'Confirmer l’application avec un code : renvoie 10 codes de secours, montrés une seule fois' })
  async confirmTotp(@CurrentActor() actor: AuthenticatedActor, @Body() body: TotpConfirmationDto, @Ip() ip: string) {
    if (!actor.employerId) return this.confirmOperatorTotp(await this.operator(actor), body.code, actor, ip);
    const account = await this.holder(actor);
    const pending = account.secondFactor.pendingTotp;
    const matchedStep = pending ? matchTotpStep(pending.secret, body.code, this.clock.now()) : null;
    const recovery = newRecoveryCodes();
    await this.decide({ type: 'ConfirmTotpEnrolment', accountId: account.accountId, matchedStep, recoveryCodeDigests: recovery.digests }, actor, ip);
    return { recoveryCodes: recovery.codes };
  }

  @Delete('second-factor/totp')
  @HttpCode(204)
  @ApiOperation({ summary: 'Retirer l’application d’authentification (et ses codes de secours)' })
  async removeTotp(@CurrentActor() actor: AuthenticatedActor, @Ip() ip: string): Promise<void> {
    if (!actor.employerId) {
      const operator = await this.operator(actor);
      await this.operatorFactors.removeTotp(operator.accountId);
      return this.audit.operatorSecondFactorChanged(operator, 'totp-removed', requestContext(actor, ip));
    }
    const account = await this.holder(actor);
    await this.decide({ type: 'RemoveTotp', accountId: account.accountId }, actor, ip);
  }

  @Get('workstations')
  @ApiOperation({ summary: 'Mes postes de confiance (7 jours sans second facteur)' })
  async workstations(@CurrentActor() actor: AuthenticatedActor) {
    if (!actor.employerId) return this.operatorWorkstationsOf(actor);
    return this.workstationsOf(await this.holder(actor));
  }

  @Delete('workstations/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Ne plus faire confiance à ce poste' })
  async revokeWorkstation(@CurrentActor() actor: AuthenticatedActor, @Param('id') id: string, @Ip() ip: string): Promise<void> {
    if (!actor.employerId) {
      if (!(await this.operatorWorkstations.revoke(actor.accountId, id))) throw new DomainError('second-factor.workstation-unknown');
      return this.audit.operatorSecondFactorChanged(await this.operator(actor), 'workstation-revoked', requestContext(actor, ip), id);
    }
    await this.decide({ type: 'RevokeWorkstation', accountId: actor.accountId, workstationId: id }, actor, ip);
  }

  private workstationsOf(account: Account) {
    const now = this.clock.now().toISOString();
    return Object.entries(account.secondFactor.workstations)
      .filter(([, workstation]) => workstation.expiresAt > now)
      .map(([id, workstation]) => ({ id, label: workstation.label, trustedAt: workstation.trustedAt, expiresAt: workstation.expiresAt, lastUsedAt: workstation.lastUsedAt }))
      .sort((a, b) => b.trustedAt.localeCompare(a.trustedAt));
  }

  /** An operator's workstations in the shape of an account's (`id`, the one DELETE /api/me/workstations/:id takes). */
  private async operatorWorkstationsOf(actor: AuthenticatedActor) {
    const rows = await this.operatorWorkstations.list(actor.accountId, this.clock.now());
    return rows.map(({ workstationId, label, trustedAt, expiresAt }) => ({ id: workstationId, label, trustedAt, expiresAt, lastUsedAt: null }));
  }

  /** The operator's first code: the enrolment under way is confirmed with the step it matched, as for an account. */
  private async confirmOperatorTotp(operator: Operator, code: string, actor: AuthenticatedActor, ip: string) {
    const now = this.clock.now();
    const pending = await this.operatorFactors.totpSecret(operator.accountId, 'pending');
    const matchedStep = pending ? matchTotpStep(pending, code.trim(), now) : null;
    const recovery = newRecoveryCodes();
    await this.operatorFactors.confirmTotp(operator.accountId, matchedStep, recovery.digests, now);
    await this.audit.operatorSecondFactorChanged(operator, 'totp-enrolled', requestContext(actor, ip));
    return { recoveryCodes: recovery.codes };
  }

  private async operator(actor: AuthenticatedActor): Promise<Operator> {
    const operator = await this.operators.findById(actor.accountId);
    if (!operator) throw new DomainError('authentication.required');
    return operator;
  }

  /** Employer accounts (operators go through `operator`). */
  private async holder(actor: AuthenticatedActor): Promise<Account> {
    if (!actor.employerId) throw new DomainError('second-factor.method-unavailable');
    const { state } = await this.writeSide.loadAccount(actor.accountId);
    if (!state) throw new DomainError('authentication.required');
    return state;
  }

  private decide(command: DecideSecondFactorCommand['command'], actor: AuthenticatedActor, ip: string) {
    return this.commands.execute(new DecideSecondFactorCommand(command, requestContext(actor, ip)));
  }
}
