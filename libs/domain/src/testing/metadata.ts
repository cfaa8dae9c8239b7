// Spec-only metadata builders: fixed instants and actors so scenarios read like the guide.
import type { Actor, CommandMetadata } from '../shared/command-metadata.js';

export const drsActor: Actor = { kind: 'account', accountId: 'drs-operator', roles: ['drs', 'auditor'] };
export const systemActor: Actor = { kind: 'system' };
export const anonymousActor: Actor = { kind: 'anonymous' };

export function administratorOf(employerId: string, accountId = 'admin-1'): Actor {
  return { kind: 'account', accountId, roles: ['administrator'], employerId };
}

export function userOf(employerId: string, accountId = 'user-1'): Actor {
  return { kind: 'account', accountId, roles: ['user'], employerId };
}

export function meta(now: string, actor: Actor = systemActor): CommandMetadata {
  return { now, actor, correlationId: 'correlation-1' };
}
