import type { Actor } from './command-metadata.js';

export function isSystem(actor: Actor): boolean {
  return actor.kind === 'system';
}

export function isDrs(actor: Actor): boolean {
  return actor.kind === 'account' && actor.roles.includes('drs');
}

export function isAdministratorOf(actor: Actor, employerId: string): boolean {
  return actor.kind === 'account' && actor.roles.includes('administrator') && actor.employerId === employerId;
}

/** Administrators of another employer must not even learn that an account exists (answered as not found). */
export function isAdministratorElsewhere(actor: Actor, employerId: string): boolean {
  return actor.kind === 'account' && actor.roles.includes('administrator') && actor.employerId !== employerId;
}

/** Who may manage an employer's accounts: its administrators, the DRS operator, and the platform itself. */
export function mayManageAccountsOf(actor: Actor, employerId: string): boolean {
  return isAdministratorOf(actor, employerId) || isDrs(actor) || isSystem(actor);
}
