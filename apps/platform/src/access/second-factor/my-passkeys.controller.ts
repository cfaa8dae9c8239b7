import { Body, Delete, Get, Inject, Ip, Param, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBadRequestResponse, ApiNotFoundResponse } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { DomainError, validatePasskeyName, validationFailed, type Account, type Role } from '@peps/domain';
import { Operators, PLATFORM_CLOCK, requestContext, SecurityAudit, type AuthenticatedActor, type Operator, type PlatformClock } from '@peps/runtime';
import { randomUUID } from 'node:crypto';
import { WriteSide } from '../../shell/command-side/write-side.js';
import { ApiController, Endpoint } from '../../shell/http/api-endpoint.js';
import { CurrentActor } from '../authentication/access.decorators.js';
import { sessionHashOf } from '../authentication/authentication.guard.js';
import { ChallengeStore } from './challenge-store.js';
import { accountPasskeyHolder, PasskeyCeremonies, passkeyRefused, type PasskeyHolder, type RegisteredCredential } from './methods/passkey-ceremonies.js';
import { PasskeyDto, RegisterPasskeyDto } from './my-passkeys.dto.js';
import { OperatorSecondFactors, type OperatorPasskey } from './operator-second-factors.js';
import { DecideSecondFactorCommand } from './second-factor-command.handler.js';

/** Any signed-in holder: an employer account or an operator. */
const ANY_HOLDER: Role[] = [];

/** The caller as the ceremonies see them, with where their passkeys are kept. */
type Holder = { kind: 'account'; account: Account; passkeys: PasskeyHolder } | { kind: 'operator'; operator: Operator; passkeys: PasskeyHolder };

/**
 * The holder's passkeys (CONTRACT.md, "Second factor"). A registration is two requests: the options open a
 * challenge bound to this session, and the browser's answer is checked against the latest one, which it uses up.
 * An employer account's passkeys live in its stream, an operator's in `auth.operator_passkeys`; the ceremonies are
 * the same.
 */
@ApiController('double authentification', 'api/me/passkeys')
export class MyPasskeysController {
  constructor(
    private readonly commands: CommandBus,
    private readonly writeSide: WriteSide,
    private readonly challenges: ChallengeStore,
    private readonly ceremonies: PasskeyCeremonies,
    private readonly operators: Operators,
    private readonly operatorFactors: OperatorSecondFactors,
    private readonly audit: SecurityAudit,
    @Inject(PLATFORM_CLOCK) private readonly clock: PlatformClock,
  ) {}

  @Post('options')
  @Endpoint(ANY_HOLDER, 'Options WebAuthn pour enregistrer une clé d’accès (navigator.credentials.create)', {
    status: 200,
    description: 'PublicKeyCredentialCreationOptionsJSON, à passer à startRegistration',
  })
  async options(@CurrentActor() actor: AuthenticatedActor, @Req() request: FastifyRequest) {
    const holder = await this.holder(actor);
    const now = this.clock.now();
    const { challenge } = await this.challenges.open({ kind: holder.kind, id: holder.passkeys.userId }, 'passkey-registration', now, this.sessionOf(request));
    const options = await this.ceremonies.registrationOptions(holder.passkeys);
    await this.challenges.setWebauthnChallenge(challenge.tokenHash, options.challenge);
    return options;
  }

  @Post()
  @Endpoint(ANY_HOLDER, 'Enregistrer la clé d’accès que le navigateur vient de créer, sous un nom', { status: 201, type: PasskeyDto })
  @ApiBadRequestResponse({ description: 'Nom invalide, ou réponse qui ne correspond pas aux dernières options demandées' })
  async register(@CurrentActor() actor: AuthenticatedActor, @Body() body: RegisterPasskeyDto, @Req() request: FastifyRequest, @Ip() ip: string): Promise<PasskeyDto> {
    const holder = await this.holder(actor);
    // An operator's name is checked before the ceremony, as the account's decider does for accounts.
    const name = holder.kind === 'operator' ? validatePasskeyName(body.name) : undefined;
    if (name && !name.ok) throw validationFailed(name.errors);
    const now = this.clock.now();
    const challenge = await this.challenges.latestOfSession(this.sessionOf(request), 'passkey-registration', now);
    if (!challenge || challenge.holderKind !== holder.kind || challenge.holderId !== holder.passkeys.userId) throw passkeyRefused();
    const credential = await this.ceremonies.verifyRegistration(challenge.webauthnChallenge, body.credential);
    // One answer per challenge: a second request with the same answer finds it used.
    if (!(await this.challenges.consume(challenge.tokenHash, now))) throw passkeyRefused();
    if (holder.kind === 'operator') {
      const added = await this.operatorFactors.addPasskey(holder.operator.accountId, credential, name!.ok ? name!.value : '', now);
      await this.audit.operatorSecondFactorChanged(holder.operator, 'passkey-registered', requestContext(actor, ip), added.passkeyId);
      return operatorView(added);
    }
    return this.registerForAccount(holder.account, credential, body.name, actor, ip);
  }

  @Get()
  @Endpoint(ANY_HOLDER, 'Mes clés d’accès : nom, date d’enregistrement, dernière utilisation', { status: 200, type: PasskeyDto, isArray: true })
  async list(@CurrentActor() actor: AuthenticatedActor): Promise<PasskeyDto[]> {
    const holder = await this.holder(actor);
    return holder.passkeys.passkeys
      .map(([id, passkey]) => ({ id, name: passkey.name, registeredAt: passkey.registeredAt, lastUsedAt: passkey.lastUsedAt }))
      .sort((a, b) => a.registeredAt.localeCompare(b.registeredAt) || a.id.localeCompare(b.id));
  }

  @Delete(':id')
  @Endpoint(ANY_HOLDER, 'Retirer une clé d’accès : elle ne permet plus de se connecter', { status: 204 })
  @ApiNotFoundResponse({ description: 'Clé d’accès inconnue de ce compte' })
  async remove(@CurrentActor() actor: AuthenticatedActor, @Param('id') id: string, @Ip() ip: string): Promise<void> {
    const holder = await this.holder(actor);
    if (holder.kind === 'operator') {
      await this.operatorFactors.removePasskey(holder.operator.accountId, id);
      return this.audit.operatorSecondFactorChanged(holder.operator, 'passkey-removed', requestContext(actor, ip), id);
    }
    await this.commands.execute(new DecideSecondFactorCommand({ type: 'RemovePasskey', accountId: holder.account.accountId, passkeyId: id }, requestContext(actor, ip)));
  }

  private async registerForAccount(account: Account, credential: RegisteredCredential, name: string, actor: AuthenticatedActor, ip: string): Promise<PasskeyDto> {
    const passkeyId = randomUUID();
    const decided = await this.commands.execute(
      new DecideSecondFactorCommand({ type: 'RegisterPasskey', accountId: account.accountId, passkeyId, ...credential, name }, requestContext(actor, ip)),
    );
    const passkey = decided.account.secondFactor.passkeys[passkeyId]!;
    return { id: passkeyId, name: passkey.name, registeredAt: passkey.registeredAt, lastUsedAt: passkey.lastUsedAt };
  }

  private async holder(actor: AuthenticatedActor): Promise<Holder> {
    if (!actor.employerId) {
      const operator = await this.operators.findById(actor.accountId);
      if (!operator) throw new DomainError('authentication.required');
      return { kind: 'operator', operator, passkeys: await this.operatorFactors.passkeyHolderOf(operator) };
    }
    const { state } = await this.writeSide.loadAccount(actor.accountId);
    if (!state) throw new DomainError('authentication.required');
    return { kind: 'account', account: state, passkeys: accountPasskeyHolder(state) };
  }

  private sessionOf(request: FastifyRequest): string {
    const hash = sessionHashOf(request);
    if (!hash) throw new DomainError('authentication.required');
    return hash;
  }
}

function operatorView(passkey: OperatorPasskey): PasskeyDto {
  return { id: passkey.passkeyId, name: passkey.name, registeredAt: passkey.registeredAt, lastUsedAt: passkey.lastUsedAt };
}
