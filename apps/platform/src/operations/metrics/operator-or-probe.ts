import type { FastifyRequest } from 'fastify';
import { DomainError } from '@peps/domain';
import type { PlatformConfig } from '@peps/runtime';
import type { RequestWithActor } from '../../access/authentication/access.decorators.js';
import { sameSecret } from '../../shell/command-side/secret-token.js';

/** Header a monitoring probe may use instead of `Authorization: Bearer` to present `PEPS_HEALTH_TOKEN`. */
export const HEALTH_TOKEN_HEADER = 'x-health-token';

/** Roles that read what the health details and the metrics show: the DRS operators and auditors. */
const OPERATOR_ROLES = new Set(['drs', 'auditor']);

/**
 * The door to `/api/health`'s details and to the metrics: a signed-in DRS operator or auditor, or a probe presenting
 * `PEPS_HEALTH_TOKEN` (`Authorization: Bearer` or `X-Health-Token`).
 */
export function isOperatorOrProbe(request: FastifyRequest & RequestWithActor, config: PlatformConfig): boolean {
  if (request.actor?.roles.some((role) => OPERATOR_ROLES.has(role))) return true;
  const expected = config.healthToken;
  if (!expected) return false;
  return presentedTokens(request).some((token) => sameSecret(token, expected));
}

/** Anyone else is refused: 401 without a session, 403 for an employer account. */
export function requireOperatorOrProbe(request: FastifyRequest & RequestWithActor, config: PlatformConfig): void {
  if (isOperatorOrProbe(request, config)) return;
  throw new DomainError(request.actor ? 'authorisation.forbidden' : 'authentication.required');
}

function presentedTokens(request: FastifyRequest): string[] {
  const tokens: string[] = [];
  const authorization = request.headers.authorization;
  if (authorization?.startsWith('Bearer ')) tokens.push(authorization.slice('Bearer '.length).trim());
  const header = request.headers[HEALTH_TOKEN_HEADER];
  for (const value of Array.isArray(header) ? header : header ? [header] : []) tokens.push(value.trim());
  return tokens.filter((token) => token.length > 0 && token.length <= 1000);
}
