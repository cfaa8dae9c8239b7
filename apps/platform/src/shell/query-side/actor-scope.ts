import { NotFoundException, UnauthorizedException } from '@nestjs/common';
import type { AuthenticatedActor } from '../../access/authentication/access.decorators.js';

export function requireActor(actor: AuthenticatedActor | undefined): AuthenticatedActor {
  if (!actor) throw new UnauthorizedException();
  return actor;
}

/** Administrators see their own employer only; anything else answers 404, as if it did not exist. */
export function assertEmployerVisible(actor: AuthenticatedActor, employerId: string, allRoles: readonly string[]): void {
  if (actor.roles.some((role) => allRoles.includes(role))) return;
  if (actor.roles.includes('administrator') && actor.employerId === employerId) return;
  throw new NotFoundException();
}

export function minPositionOf(query: { minPosition?: string }, header: string | undefined): string | undefined {
  return query.minPosition ?? (header || undefined);
}
