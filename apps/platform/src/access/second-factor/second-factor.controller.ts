import { Body, Controller, HttpCode, Inject, Ip, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PLATFORM_CONFIG, requestContext, type PlatformConfig } from '@peps/runtime';
import { CurrentActor, Public, type AuthenticatedActor } from '../authentication/access.decorators.js';
import { sessionCsrfMatches, sessionHashOf } from '../authentication/authentication.guard.js';
import { withResponseFloor } from '../authentication/response-floor.js';
import { CSRF_HEADER, sessionCookieName, sessionCookieOptions } from '../authentication/session-cookie.js';
import { AttemptThrottlerGuard } from '../throttling/attempt-throttler.guard.js';
import { JsonBodyOnlyGuard } from '../sign-in/sign-in.controller.js';
import { SecondFactorVerification } from './second-factor-verification.service.js';
import { PasskeyOptionsRequestDto, SecondFactorCodeRequestDto, SecondFactorVerifiedDto, SecondFactorVerifyDto } from './second-factor.dto.js';
import { workstationCookieName, workstationCookieOptions } from './workstation-cookie.js';

/** Every verification answer takes at least this long, right or wrong (no timing tells a near miss). */
export const SECOND_FACTOR_FLOOR_MS = 100;

/**
 * The second step of a sign-in, and the step-up of a sensitive action (CONTRACT.md, "Second factor"). Public: a
 * sign-in has no session yet; a step-up challenge answers only with the session it was opened for, and a browser's
 * cookie-borne session must show its CSRF token as for any write.
 */
@ApiTags('authentification')
@Controller('api/auth/second-factor')
@Public()
@UseGuards(JsonBodyOnlyGuard, AttemptThrottlerGuard)
export class SecondFactorController {
  constructor(
    private readonly verification: SecondFactorVerification,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
  ) {}

  @Post('code')
  @HttpCode(202)
  @ApiOperation({ summary: 'Envoyer un code à 6 chiffres (courriel ou SMS), valable 5 minutes ; il remplace le précédent' })
  @ApiAcceptedResponse({ description: 'Code envoyé' })
  @ApiUnauthorizedResponse({ description: 'Défi inconnu, expiré ou déjà utilisé' })
  async code(@Body() body: SecondFactorCodeRequestDto, @Req() request: FastifyRequest, @Ip() ip: string, @CurrentActor() actor?: AuthenticatedActor): Promise<void> {
    await this.verification.sendCode(body.challenge, body.method, requestContext(actor, ip), this.stepUpSession(request));
  }

  @Post('passkey/options')
  @HttpCode(200)
  @ApiOperation({ summary: 'Options WebAuthn pour se connecter avec une clé d’accès' })
  passkeyOptions(@Body() body: PasskeyOptionsRequestDto, @Req() request: FastifyRequest) {
    return this.verification.passkeyOptions(body.challenge, this.stepUpSession(request));
  }

  @Post('verify')
  @HttpCode(200)
  @ApiOperation({ summary: 'Vérifier le second facteur : ouvre la session (connexion) ou la renouvelle (action sensible)' })
  @ApiOkResponse({ type: SecondFactorVerifiedDto })
  @ApiUnauthorizedResponse({ description: 'Code faux, expiré ou déjà utilisé ; 5 codes faux bloquent le compte' })
  async verify(
    @Body() body: SecondFactorVerifyDto,
    @Req() request: FastifyRequest,
    @Ip() ip: string,
    @Res({ passthrough: true }) response: FastifyReply,
    @CurrentActor() actor?: AuthenticatedActor,
  ): Promise<SecondFactorVerifiedDto> {
    const sessionHash = this.stepUpSession(request);
    const verified = await withResponseFloor(SECOND_FACTOR_FLOOR_MS, () =>
      this.verification.verify(
        { challenge: body.challenge, method: body.method, code: body.code, credential: body.credential, trustWorkstation: body.trustWorkstation === true, userAgent: request.headers['user-agent'] },
        requestContext(actor, ip),
        sessionHash ? { hash: sessionHash } : undefined,
      ),
    );
    response.cookie(sessionCookieName(this.config.publicUrl), verified.session.token, sessionCookieOptions(this.config.publicUrl));
    if (verified.workstation) response.cookie(workstationCookieName(this.config.publicUrl), verified.workstation.token, workstationCookieOptions(this.config.publicUrl));
    return {
      token: verified.session.token,
      csrfToken: verified.session.csrfToken,
      account: verified.account,
      ...(verified.workstation ? { workstation: verified.workstation.token } : {}),
    };
  }

  /**
   * The digest of the caller's session, which a step-up challenge must match; a cookie-borne session counts only
   * with its CSRF token (otherwise the step-up is refused like a wrong code, and a sign-in is unaffected).
   */
  private stepUpSession(request: FastifyRequest): string | undefined {
    const hash = sessionHashOf(request);
    if (!hash) return undefined;
    if (request.headers.authorization?.startsWith('Bearer ')) return hash;
    const header = request.headers[CSRF_HEADER];
    return sessionCsrfMatches(request, Array.isArray(header) ? header[0] : header) ? hash : undefined;
  }
}
