import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { Role } from '@peps/domain';
import type { AuthenticatedActor } from '@peps/runtime';

export type { AuthenticatedActor };

/**
 * Access contract of every route (enforced by the global guard of the auth module):
 * - `@Public()` routes need no session;
 * - otherwise a valid session is required, and `@Roles(...)` restricts to those roles;
 * - employer scoping (another employer's account answers 404) is the handler's job, using the actor's employerId.
 */
export const PUBLIC_ROUTE = 'peps:public';
export const ROUTE_ROLES = 'peps:roles';

export const Public = () => SetMetadata(PUBLIC_ROUTE, true);
export const Roles = (...roles: Role[]) => SetMetadata(ROUTE_ROLES, roles);


export interface RequestWithActor {
  actor?: AuthenticatedActor;
  ip?: string;
}

export const CurrentActor = createParamDecorator((_data: unknown, context: ExecutionContext): AuthenticatedActor | undefined => {
  return context.switchToHttp().getRequest<RequestWithActor>().actor;
});
