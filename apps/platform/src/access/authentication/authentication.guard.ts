import { ForbiddenException, Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { DomainError, type Role } from '@peps/domain';
import type { PlatformClock } from '@peps/runtime';
import type { PlatformConfig } from '@peps/runtime';
import { matchesDigest } from '../../shell/command-side/secret-token.js';
import { PLATFORM_CLOCK, PLATFORM_CONFIG } from '@peps/runtime';
import { WriteSide } from '../../shell/command-side/write-side.js';
import { accountStream } from '@peps/domain';
import { PUBLIC_ROUTE, ROUTE_ROLES, type AuthenticatedActor, type RequestWithActor } from './access.decorators.js';
import { CSRF_HEADER, sessionCookieName } from './session-cookie.js';
import { SecurityAudit } from '@peps/runtime';
import { sessionIdOf, SessionStore, type FoundSession, type SessionRecord } from './session-store.js';
import { requestPath, routeOf } from '../../shell/http/request-path.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Writing `last_seen_at` on every request would double the database work for nothing. */
const TOUCH_EVERY_MS = 30_000;

/**
 * What the guard found for a request, kept beside it for the pages (which are `@Public()` and check their forms
 * themselves): the session's CSRF digest, so a page can tell the session-bound token from any other value, and the
 * session token.
 */
const requestSessions = new WeakMap<FastifyRequest, { csrfHash: string; token: string; tokenHash: string }>();

/** True when `presented` is the CSRF token of the session this request carries (compared with its stored digest). */
export function sessionCsrfMatches(request: FastifyRequest, presented: unknown): boolean {
  const found = requestSessions.get(request);
  return !!found && typeof presented === 'string' && presented.length > 0 && presented.length <= 200 && matchesDigest(presented, found.csrfHash);
}

/** The digest of the live session this request carries, if any (step-up challenges are bound to it). */
export function sessionHashOf(request: FastifyRequest): string | undefined {
  return requestSessions.get(request)?.tokenHash;
}

/** The token of the live session this request carries, if any. */
export function sessionTokenOf(request: FastifyRequest): string | undefined {
  return requestSessions.get(request)?.token;
}

/**
 * The global guard enforcing `@Public()` / `@Roles()` (access.decorators.ts). Finds the session from the bearer token
 * or the cookie, re-checks the account when its stream moved since the last check (so deletion, lock, closure and
 * deactivation end sessions even when another process wrote the event), and asks cookie-authenticated
 * state-changing requests for the CSRF token.
 */
@Injectable()
export class AuthenticationGuard implements CanActivate {
  private readonly cookieName: string;

  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionStore,
    private readonly writeSide: WriteSide,
    private readonly audit: SecurityAudit,
    @Inject(PLATFORM_CLOCK) private readonly clock: PlatformClock,
    @Inject(PLATFORM_CONFIG) config: PlatformConfig,
  ) {
    this.cookieName = sessionCookieName(config.publicUrl);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<FastifyRequest & RequestWithActor>();
    const targets = [context.getHandler(), context.getClass()];
    const isPublic = this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets) === true;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROUTE_ROLES, targets);

    const credentials = this.credentialsOf(request);
    const session = credentials ? await this.liveSession(credentials.token) : undefined;
    if (session && credentials) {
      request.actor = toActor(session);
      requestSessions.set(request, { csrfHash: session.csrfHash, token: credentials.token, tokenHash: session.tokenHash });
    }
    if (isPublic) return true;
    if (!session || !credentials) throw new DomainError('authentication.required');

    if (credentials.via === 'cookie' && !SAFE_METHODS.has(request.method.toUpperCase())) {
      const header = request.headers[CSRF_HEADER];
      const presented = Array.isArray(header) ? header[0] : header;
      if (!presented || !matchesDigest(presented, session.csrfHash)) {
        await this.refused(request, 'csrf.invalid');
        throw new ForbiddenException({
          code: 'csrf.invalid',
          message: 'Jeton anti-falsification (CSRF) absent ou invalide. Rechargez la page et recommencez.',
          errors: [],
        });
      }
    }
    if (roles && roles.length > 0 && !roles.some((role) => session.roles.includes(role))) {
      await this.refused(request, 'authorisation.forbidden', roles);
      throw new DomainError('authorisation.forbidden');
    }
    return true;
  }

  /** ASVS 16.3.2: the refusal is in the audit trail (stream `security-<accountId>`) before the 403 leaves. */
  private refused(request: FastifyRequest & RequestWithActor, code: string, requiredRoles?: Role[]): Promise<void> {
    return recordAccessRefused(this.audit, request, code, requiredRoles);
  }

  private credentialsOf(request: FastifyRequest): { token: string; via: 'bearer' | 'cookie' } | undefined {
    const authorization = request.headers.authorization;
    if (authorization?.startsWith('Bearer ')) {
      const token = authorization.slice('Bearer '.length).trim();
      if (token) return { token, via: 'bearer' };
    }
    const cookie = (request.cookies as Record<string, string> | undefined)?.[this.cookieName];
    return cookie ? { token: cookie, via: 'cookie' } : undefined;
  }

  private async liveSession(token: string): Promise<FoundSession | undefined> {
    if (token.length > 200) return undefined;
    const now = this.clock.now();
    const session = await this.sessions.find(token, now);
    if (!session) return undefined;
    let checkedVersion = session.checkedVersion;
    if (session.employerId) {
      // Employer accounts: a new event on the stream may have ended the account; re-check only then.
      const version = session.streamVersion ?? (await this.writeSide.store.streamVersion(accountStream(session.accountId)));
      if (version !== session.checkedVersion) {
        const { state } = await this.writeSide.loadAccount(session.accountId);
        const demoted = session.roles.includes('administrator') && state?.profile !== 'administrator';
        if (!state || state.status !== 'active' || demoted) {
          await this.sessions.endAllOf(session.accountId);
          return undefined;
        }
        checkedVersion = version;
      }
    }
    if (checkedVersion !== session.checkedVersion || now.getTime() - session.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
      await this.sessions.touch(session.tokenHash, now, checkedVersion);
    }
    return session;
  }
}


function toActor(session: SessionRecord): AuthenticatedActor {
  const actor: AuthenticatedActor = {
    accountId: session.accountId,
    identifier: session.identifier,
    roles: session.roles,
    sessionId: sessionIdOf(session.tokenHash),
    displayName: session.displayName,
  };
  if (session.employerId) actor.employerId = session.employerId;
  if (session.secondFactorVerifiedAt) actor.secondFactorVerifiedAt = session.secondFactorVerifiedAt.toISOString();
  if ((session as FoundSession).employerStreamVersion !== undefined) actor.employerStreamVersion = (session as FoundSession).employerStreamVersion;
  return actor;
}

/** One 403 in the audit trail, from the guard or from AccessRefusalInterceptor: who, from where, on which route. */
export function recordAccessRefused(
  audit: SecurityAudit,
  request: FastifyRequest & RequestWithActor,
  code: string,
  requiredRoles?: Role[],
): Promise<void> {
  return audit.accessRefused({
    actor: request.actor,
    sourceAddress: request.ip,
    method: request.method,
    route: routeOf(request) ?? null,
    path: requestPath(request),
    status: 403,
    code,
    requiredRoles,
  });
}
