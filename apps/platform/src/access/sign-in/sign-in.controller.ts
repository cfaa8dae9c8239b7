import { Body, Controller, Get, HttpCode, HttpException, HttpStatus, Inject, Injectable, Ip, Post, Req, Res, UseGuards, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse, ApiUnsupportedMediaTypeResponse } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentActor, Public, type AuthenticatedActor } from '../authentication/access.decorators.js';
import { AttemptThrottlerGuard } from '../throttling/attempt-throttler.guard.js';
import { withResponseFloor } from '../authentication/response-floor.js';
import { sessionCookieName, sessionCookieOptions } from '../authentication/session-cookie.js';
import { SessionStore } from '../authentication/session-store.js';
import type { PlatformConfig } from '@peps/runtime';
import { requestContext } from '@peps/runtime';
import { tokenHash } from '../../shell/command-side/secret-token.js';
import { PLATFORM_CONFIG } from '@peps/runtime';
import { SecondFactorDueDto, SignInDto, SignInResponseDto } from './sign-in.dto.js';
import { workstationCookieName } from '../second-factor/workstation-cookie.js';
import { ApiExtraModels, getSchemaPath } from '@nestjs/swagger';
import { SignInService } from './sign-in.service.js';
import { isDomainError } from '@peps/domain';
import { PlatformMetrics } from '../../operations/metrics/platform-metrics.js';

/** Every sign-in answer takes at least this long: longer than an argon2 verification plus its bookkeeping. */
export const SIGN_IN_FLOOR_MS = 150;

export const JSON_ONLY_MESSAGE = 'La connexion attend un corps JSON (en-tête Content-Type: application/json).';

/**
 * Sign-in takes `application/json` only (`415` otherwise, before any attempt is counted): an HTML form can only send
 * urlencoded, multipart or text/plain bodies, so a cross-site form cannot sign a browser into someone else's account
 * (login CSRF), and a cross-site `fetch` with JSON needs a CORS preflight the platform never grants.
 */
@Injectable()
export class JsonBodyOnlyGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (isJsonBody(request.headers['content-type'])) return true;
    throw new HttpException({ code: 'unsupported-media-type', message: JSON_ONLY_MESSAGE, errors: [] }, HttpStatus.UNSUPPORTED_MEDIA_TYPE);
  }
}

@ApiTags('authentification')
@Controller('api/auth')
export class SignInController {
  private readonly cookieName: string;

  constructor(
    private readonly signIn: SignInService,
    private readonly sessions: SessionStore,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
    private readonly metrics: PlatformMetrics,
  ) {
    this.cookieName = sessionCookieName(config.publicUrl);
  }

  @Post('login')
  @Public()
  @UseGuards(JsonBodyOnlyGuard, AttemptThrottlerGuard)
  @HttpCode(200)
  @ApiOperation({ summary: 'Se connecter : identifiant (majuscules ou minuscules) et mot de passe' })
  @ApiConsumes('application/json')
  @ApiExtraModels(SignInResponseDto, SecondFactorDueDto)
  @ApiOkResponse({ schema: { oneOf: [{ $ref: getSchemaPath(SignInResponseDto) }, { $ref: getSchemaPath(SecondFactorDueDto) }] } })
  @ApiUnauthorizedResponse({ description: 'Identifiant ou mot de passe incorrect (aussi pour un compte bloqué)' })
  @ApiUnsupportedMediaTypeResponse({ description: 'Corps autre que JSON (formulaire, texte) : refusé' })
  async login(
    @Body() body: SignInDto,
    @Ip() ip: string,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) response: FastifyReply,
  ): Promise<SignInResponseDto | SecondFactorDueDto> {
    const context = requestContext(undefined, ip);
    const workstation = body.workstation || (request.cookies as Record<string, string> | undefined)?.[workstationCookieName(this.config.publicUrl)];
    const signedIn = await withResponseFloor(SIGN_IN_FLOOR_MS, () => this.signIn.signIn(body.identifier, body.password, context, workstation)).catch((error: unknown) => {
      this.metrics.signIn(isDomainError(error) ? 'refused' : 'error');
      throw error;
    });
    // No session yet: the second factor comes first (the browser's current session, if any, stays as it was).
    if ('secondFactor' in signedIn) {
      this.metrics.signIn('second-factor-asked');
      return { secondFactor: signedIn.secondFactor };
    }
    this.metrics.signIn('signed-in');
    // Rotation: whatever session this browser had before ends with the new sign-in.
    const previous = (request.cookies as Record<string, string> | undefined)?.[this.cookieName];
    if (previous) await this.sessions.end(tokenHash(previous), { reason: 'signed-in-again', context });
    // A browser-session cookie like the pages' `peps_csrf`: both go when the browser closes, so a restart never
    // leaves a session cookie without its CSRF token; the server's idle and absolute limits end the session anyway.
    response.cookie(this.cookieName, signedIn.session.token, sessionCookieOptions(this.config.publicUrl));
    return { token: signedIn.session.token, csrfToken: signedIn.session.csrfToken, account: signedIn.account };
  }

  @Post('logout')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Se déconnecter : la session prend fin' })
  @ApiNoContentResponse()
  async logout(
    @Req() request: FastifyRequest,
    @CurrentActor() actor: AuthenticatedActor,
    @Ip() ip: string,
    @Res({ passthrough: true }) response: FastifyReply,
  ): Promise<void> {
    const header = request.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : (request.cookies as Record<string, string> | undefined)?.[this.cookieName];
    if (token) await this.sessions.end(tokenHash(token), { reason: 'logout', context: requestContext(actor, ip) });
    response.clearCookie(this.cookieName, sessionCookieOptions(this.config.publicUrl));
  }

  @Get('session')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'La session en cours : compte, rôles (tels qu’à la connexion)' })
  session(@CurrentActor() actor: AuthenticatedActor) {
    return { account: { id: actor.accountId, identifier: actor.identifier, displayName: actor.displayName, roles: actor.roles, employerId: actor.employerId } };
  }
}

/** `application/json`, with or without parameters (`; charset=utf-8`), as Express's `req.is` judged it. */
function isJsonBody(contentType: string | undefined): boolean {
  return (contentType ?? '').split(';')[0].trim().toLowerCase() === 'application/json';
}
