import { Body, Controller, Get, HttpCode, Inject, Ip, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentActor, Public, type AuthenticatedActor } from '../auth/access.decorators.js';
import { AttemptThrottlerGuard } from '../auth/attempt-throttler.guard.js';
import { withResponseFloor } from '../auth/response-floor.js';
import { sessionCookieName, sessionCookieOptions } from '../auth/session-cookie.js';
import { SessionStore } from '../auth/session-store.js';
import type { PlatformConfig } from '../config/platform-config.js';
import { requestContext } from '../infrastructure/request-context.js';
import { tokenHash } from '../infrastructure/secret-token.js';
import { PLATFORM_CONFIG } from '../infrastructure/tokens.js';
import { SignInDto, SignInResponseDto } from './sign-in.dto.js';
import { SignInService } from './sign-in.service.js';

/** Every sign-in answer takes at least this long: longer than an argon2 verification plus its bookkeeping. */
export const SIGN_IN_FLOOR_MS = 150;

@ApiTags('authentification')
@Controller('api/auth')
export class SignInController {
  private readonly cookieName: string;

  constructor(
    private readonly signIn: SignInService,
    private readonly sessions: SessionStore,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
  ) {
    this.cookieName = sessionCookieName(config.publicUrl);
  }

  @Post('login')
  @Public()
  @UseGuards(AttemptThrottlerGuard)
  @HttpCode(200)
  @ApiOperation({ summary: 'Se connecter : identifiant (majuscules ou minuscules) et mot de passe' })
  @ApiOkResponse({ type: SignInResponseDto })
  @ApiUnauthorizedResponse({ description: 'Identifiant ou mot de passe incorrect (aussi pour un compte bloqué)' })
  async login(@Body() body: SignInDto, @Ip() ip: string, @Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<SignInResponseDto> {
    const context = requestContext(undefined, ip);
    const signedIn = await withResponseFloor(SIGN_IN_FLOOR_MS, () => this.signIn.signIn(body.identifier, body.password, context));
    // Rotation: whatever session this browser had before ends with the new sign-in.
    const previous = (request.cookies as Record<string, string> | undefined)?.[this.cookieName];
    if (previous) await this.sessions.end(tokenHash(previous), { reason: 'signed-in-again', context });
    response.cookie(this.cookieName, signedIn.session.token, {
      ...sessionCookieOptions(this.config.publicUrl),
      maxAge: this.config.sessionAbsoluteHours * 3_600_000,
    });
    return { token: signedIn.session.token, csrfToken: signedIn.session.csrfToken, account: signedIn.account };
  }

  @Post('logout')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Se déconnecter : la session prend fin' })
  @ApiNoContentResponse()
  async logout(
    @Req() request: Request,
    @CurrentActor() actor: AuthenticatedActor,
    @Ip() ip: string,
    @Res({ passthrough: true }) response: Response,
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
