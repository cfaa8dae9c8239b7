import { randomUUID } from 'node:crypto';
import type { Actor, CommandMetadata, Role } from '@peps/domain';

/** The signed-in account a session carries (the platform's guard puts it on the request). */
export interface AuthenticatedActor {
  accountId: string;
  identifier: string;
  /** Roles as they were at sign-in: a promotion shows at the next sign-in, as the guide says. */
  roles: Role[];
  employerId?: string;
  sessionId: string;
  displayName: string;
  /** ISO instant of the last second factor verified in this session, if any (step-up looks at it). */
  secondFactorVerifiedAt?: string;
  /** The employer stream's version read with the session, when the log shares its database (see WriteSide.employerOf). */
  employerStreamVersion?: number;
}

/** What a command handler learns about the request that caused it: who, from where, under which correlation. */
export interface RequestContext {
  actor: Actor;
  correlationId: string;
  sourceAddress?: string;
  /** The actor's employer stream version read with the session: an employer state cached at it is current. */
  employerStreamVersion?: number;
}

export function toDomainActor(actor: AuthenticatedActor | undefined): Actor {
  if (!actor) return { kind: 'anonymous' };
  return { kind: 'account', accountId: actor.accountId, roles: [...actor.roles], employerId: actor.employerId };
}

export function requestContext(actor: AuthenticatedActor | undefined, sourceAddress?: string): RequestContext {
  const context: RequestContext = { actor: toDomainActor(actor), correlationId: randomUUID(), sourceAddress };
  if (actor?.employerStreamVersion !== undefined) context.employerStreamVersion = actor.employerStreamVersion;
  return context;
}

export const systemContext = (): RequestContext => ({ actor: { kind: 'system' }, correlationId: randomUUID() });

/** The actor as event metadata records it: the account id, or the kind (`system`, `anonymous`). */
export function actorLabel(actor: Actor): string {
  return actor.kind === 'account' ? actor.accountId : actor.kind;
}

/** The domain gets time as data: the platform clock read once per decision. */
export function commandMetadata(context: RequestContext, now: Date): CommandMetadata {
  const metadata: CommandMetadata = { now: now.toISOString(), actor: context.actor, correlationId: context.correlationId };
  if (context.sourceAddress) metadata.sourceAddress = context.sourceAddress;
  return metadata;
}
