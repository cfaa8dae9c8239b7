import type { Request } from 'express';
import { DomainError } from '@peps/domain';
import type { PlatformConfig } from '@peps/runtime';
import type { RequestWithActor } from '../../access/authentication/access.decorators.js';
import { sameSecret } from '../../shell/command-side/secret-token.js';
import { HEALTH_TOKEN_HEADER } from '../health/health.controller.js';

/** Roles that read what the health details show: the DRS operators and auditors. */
const OPERATOR_ROLES = new Set(['drs', 'auditor']);

/**
 * Same door as `/api/health`'s details: a signed-in DRS operator or auditor, or a probe presenting
 * `PEPS_HEALTH_TOKEN` (`Authorization: Bearer` or `X-Health-Token`). Anyone else is refused: 401 without a session,
 * 403 for an employer account.
 */
export function requireOperatorOrProbe(request: Request & RequestWithActor, config: PlatformConfig): void {
  if (request.actor?.roles.some((role) => OPERATOR_ROLES.has(role))) return;
  const expected = config.healthToken;
  if (expected && presentedTokens(request).some((token) => sameSecret(token, expected))) return;
  throw new DomainError(request.actor ? 'authorisation.forbidden' : 'authentication.required');
}

function presentedTokens(request: Request): string[] {
  const tokens: string[] = [];
  const authorization = request.headers.authorization;
  if (authorization?.startsWith('Bearer ')) tokens.push(authorization.slice('Bearer '.length).trim());
  const header = request.headers[HEALTH_TOKEN_HEADER];
  for (const value of Array.isArray(header) ? header : header ? [header] : []) tokens.push(value.trim());
  return tokens.filter((token) => token.length > 0 && token.length <= 1000);
}
