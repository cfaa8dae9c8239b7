import { randomUUID } from 'node:crypto';
import type { Actor, CommandMetadata } from '@peps/domain';
import type { AuthenticatedActor } from '@peps/platform';

/** What a command handler learns about the request that caused it: who, from where, under which correlation. */
export interface RequestContext {
  actor: Actor;
  correlationId: string;
  sourceAddress?: string;
}

export function toDomainActor(actor: AuthenticatedActor | undefined): Actor {
  if (!actor) return { kind: 'anonymous' };
  return { kind: 'account', accountId: actor.accountId, roles: [...actor.roles], employerId: actor.employerId };
}

export function requestContext(actor: AuthenticatedActor | undefined, sourceAddress?: string): RequestContext {
  return { actor: toDomainActor(actor), correlationId: randomUUID(), sourceAddress };
}

export const systemContext = (): RequestContext => ({ actor: { kind: 'system' }, correlationId: randomUUID() });

/** The domain gets time as data: the platform clock read once per decision. */
export function commandMetadata(context: RequestContext, now: Date): CommandMetadata {
  const metadata: CommandMetadata = { now: now.toISOString(), actor: context.actor, correlationId: context.correlationId };
  if (context.sourceAddress) metadata.sourceAddress = context.sourceAddress;
  return metadata;
}
