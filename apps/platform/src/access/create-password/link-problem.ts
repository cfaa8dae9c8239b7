import type { IssuedToken } from '@peps/domain';

export type LinkKind = 'creation' | 'reset';
export type LinkState = 'usable' | 'expired' | 'used' | 'unknown';

/** Whoever can send a new password-creation link: the account's creator, when known. */
export interface LinkAdministrator {
  civility: string;
  lastName: string;
}

/** A link's state from the account's record of it: a pending link past its date is expired even before the sweep. */
export function linkState(token: IssuedToken | undefined, now: Date): LinkState {
  if (!token) return 'unknown';
  if (token.status === 'used' || token.status === 'superseded') return 'used';
  if (token.status === 'expired' || Date.parse(token.expiresAt) <= now.getTime()) return 'expired';
  return 'usable';
}

/**
 * The one sentence shown instead of the form: what is wrong with the link and who to turn to — the administrator by
 * name for an invitation (only they can send a new one), the « mot de passe oublié » request for a reset.
 */
export function linkProblem(kind: LinkKind, state: Exclude<LinkState, 'usable'>, administrator?: LinkAdministrator): string {
  const what = state === 'expired' ? 'Ce lien a expiré' : state === 'used' ? "Ce lien n'est plus valable (il a déjà servi ou a été remplacé par un plus récent)" : "Ce lien n'est pas valide";
  if (kind === 'reset') return `${what} : refaites une demande de mot de passe oublié.`;
  const who = administrator ? `${administrator.civility === 'madame' ? 'Madame' : 'Monsieur'} ${administrator.lastName}, votre administrateur,` : 'un administrateur de votre établissement';
  return `${what} : demandez à ${who} un nouveau lien.`;
}
