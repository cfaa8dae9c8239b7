/** Who did something, as the contract names it: never only an id. */
export type HistoryActorKind = 'account' | 'operator' | 'holder' | 'system';

export interface HistoryActor {
  kind: HistoryActorKind;
  id: string;
  identifier?: string;
  name: string;
}

export interface KnownPerson {
  id: string;
  identifier: string;
  name: string;
}

/** The names found for the actor ids of a history: employer accounts (read model) and DRS operators (auth schema). */
export interface ActorNames {
  accounts: ReadonlyMap<string, KnownPerson>;
  operators: ReadonlyMap<string, KnownPerson>;
}

export const SYSTEM_NAME = 'Plateforme PEP’s (traitement automatique)';
export const UNKNOWN_NAME = 'Auteur inconnu';
export const ANONYMOUS_NAME = 'Personne non connectée';

/**
 * The event metadata records an account id, `system` or `anonymous`. Without a session on the account's own stream
 * the author is its holder (a password link, a sign-in, a forgotten password): the link or the identifier is theirs.
 */
export function historyActor(raw: string, holder: KnownPerson | null, names: ActorNames): HistoryActor {
  if (!raw || raw === 'system') return { kind: 'system', id: 'system', name: SYSTEM_NAME };
  if (raw === 'anonymous') return holder ? { kind: 'holder', ...holder } : { kind: 'system', id: 'anonymous', name: ANONYMOUS_NAME };
  if (holder && raw === holder.id) return { kind: 'holder', ...holder };
  const operator = names.operators.get(raw);
  if (operator) return { kind: 'operator', ...operator };
  const account = names.accounts.get(raw);
  if (account) return { kind: 'account', ...account };
  return { kind: 'account', id: raw, name: UNKNOWN_NAME };
}

/** How a page or a CSV cell shows an actor. */
export function actorLabel(actor: HistoryActor): string {
  switch (actor.kind) {
    case 'holder':
      return `${actor.name} (titulaire du compte${actor.identifier ? `, ${actor.identifier}` : ''})`;
    case 'operator':
      return `${actor.name} (DRS${actor.identifier ? `, ${actor.identifier}` : ''})`;
    case 'account':
      return actor.identifier ? `${actor.name} (${actor.identifier})` : actor.name;
    case 'system':
      return actor.name;
  }
}

/** The ids a history needs names for: neither the holder nor `system`/`anonymous`. */
export function actorIdsToName(raws: Iterable<string>, holderId: string | null): string[] {
  const ids = new Set<string>();
  for (const raw of raws) if (raw && raw !== 'system' && raw !== 'anonymous' && raw !== holderId) ids.add(raw);
  return [...ids];
}
