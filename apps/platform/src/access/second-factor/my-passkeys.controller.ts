import { Body, Delete, Get, Inject, Ip, NotFoundException, Param, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBadRequestResponse, ApiNotFoundResponse } from '@nestjs/swagger';
import type { Request } from 'express';
import { DomainError, type Account, type Role } from '@peps/domain';
import { PLATFORM_CLOCK, requestContext, type AuthenticatedActor, type PlatformClock } from '@peps/runtime';
import { randomUUID } from 'node:crypto';
import { WriteSide } from '../../shell/command-side/write-side.js';
import { ApiController, Endpoint } from '../../shell/http/api-endpoint.js';
import { CurrentActor } from '../authentication/access.decorators.js';
import { sessionHashOf } from '../authentication/authentication.guard.js';
import { ChallengeStore } from './challenge-store.js';
import { PasskeyCeremonies, passkeyRefused } from './methods/passkey-ceremonies.js';
import { PasskeyDto, RegisterPasskeyDto } from './my-passkeys.dto.js';
import { DecideSecondFactorCommand } from './second-factor-command.handler.js';

/** Any signed-in account: the holder check below answers operators. */
const ANY_HOLDER: Role[] = [];

export const OPERATOR_PASSKEYS_MESSAGE = 'Les clés d’accès sont réservées aux comptes des établissements : les opérateurs reçoivent leur code par courriel.';

/**
 * The holder's passkeys (CONTRACT.md, "Second factor"). A registration is two requests: the options open a
 * challenge bound to this session, and the browser's answer is checked against the latest one, which it uses up.
 * Employer accounts only; the key itself never leaves the account's stream.
 */
@ApiController('double authentification', 'api/me/passkeys')
export class MyPasskeysController {
  constructor(
    private readonly commands: CommandBus,
    private readonly writeSide: WriteSide,
    private readonly challenges: ChallengeStore,
    private readonly ceremonies: PasskeyCeremonies,
    @Inject(PLATFORM_CLOCK) private readonly clock: PlatformClock,
  ) {}

  @Post('options')
  @Endpoint(ANY_HOLDER, 'Options WebAuthn pour enregistrer une clé d’accès (navigator.credentials.create)', {
    status: 200,
    description: 'PublicKeyCredentialCreationOptionsJSON, à passer à startRegistration',
  })
  @ApiNotFoundResponse({ description: 'Opérateur : pas de clé d’accès' })
  async options(@CurrentActor() actor: AuthenticatedActor, @Req() request: Request) {
    const account = await this.holder(actor);
    const now = this.clock.now();
    const { challenge } = await this.challenges.open({ kind: 'account', id: account.accountId }, 'passkey-registration', now, this.sessionOf(request));
    const options = await this.ceremonies.registrationOptions(account);
    await this.challenges.setWebauthnChallenge(challenge.tokenHash, options.challenge);
    return options;
  }

  @Post()
  @Endpoint(ANY_HOLDER, 'Enregistrer la clé d’accès que le navigateur vient de créer, sous un nom', { status: 201, type: PasskeyDto })
  @ApiBadRequestResponse({ description: 'Nom invalide, ou réponse qui ne correspond pas aux dernières options demandées' })
  async register(@CurrentActor() actor: AuthenticatedActor, @Body() body: RegisterPasskeyDto, @Req() request: Request, @Ip() ip: string): Promise<PasskeyDto> {
    const account = await this.holder(actor);
    const now = this.clock.now();
    const challenge = await this.challenges.latestOfSession(this.sessionOf(request), 'passkey-registration', now);
    if (!challenge || challenge.holderKind !== 'account' || challenge.holderId !== account.accountId) throw passkeyRefused();
    const credential = await this.ceremonies.verifyRegistration(account, challenge.webauthnChallenge, body.credential);
    // One answer per challenge: a second request with the same answer finds it used.
    if (!(await this.challenges.consume(challenge.tokenHash, now))) throw passkeyRefused();
    const passkeyId = randomUUID();
    const decided = await this.commands.execute(
      new DecideSecondFactorCommand({ type: 'RegisterPasskey', accountId: account.accountId, passkeyId, ...credential, name: body.name }, requestContext(actor, ip)),
    );
    return view(passkeyId, decided.account);
  }

  @Get()
  @Endpoint(ANY_HOLDER, 'Mes clés d’accès : nom, date d’enregistrement, dernière utilisation', { status: 200, type: PasskeyDto, isArray: true })
  async list(@CurrentActor() actor: AuthenticatedActor): Promise<PasskeyDto[]> {
    const account = await this.holder(actor);
    return Object.keys(account.secondFactor.passkeys)
      .map((id) => view(id, account))
      .sort((a, b) => a.registeredAt.localeCompare(b.registeredAt) || a.id.localeCompare(b.id));
  }

  @Delete(':id')
  @Endpoint(ANY_HOLDER, 'Retirer une clé d’accès : elle ne permet plus de se connecter', { status: 204 })
  @ApiNotFoundResponse({ description: 'Clé d’accès inconnue de ce compte' })
  async remove(@CurrentActor() actor: AuthenticatedActor, @Param('id') id: string, @Ip() ip: string): Promise<void> {
    const account = await this.holder(actor);
    await this.commands.execute(new DecideSecondFactorCommand({ type: 'RemovePasskey', accountId: account.accountId, passkeyId: id }, requestContext(actor, ip)));
  }

  /** Operators sign in with e-mailed codes only: for them these routes do not exist. */
  private async holder(actor: AuthenticatedActor): Promise<Account> {
    if (!actor.employerId) throw new NotFoundException({ code: 'not-found', message: OPERATOR_PASSKEYS_MESSAGE, errors: [] });
    const { state } = await this.writeSide.loadAccount(actor.accountId);
    if (!state) throw new DomainError('authentication.required');
    return state;
  }

  private sessionOf(request: Request): string {
    const hash = sessionHashOf(request);
    if (!hash) throw new DomainError('authentication.required');
    return hash;
  }
}

function view(id: string, account: Account): PasskeyDto {
  const passkey = account.secondFactor.passkeys[id]!;
  return { id, name: passkey.name, registeredAt: passkey.registeredAt, lastUsedAt: passkey.lastUsedAt };
}
