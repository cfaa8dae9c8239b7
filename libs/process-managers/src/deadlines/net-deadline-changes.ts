import type { DeadlineChange, DeadlineKind } from './deadline-decisions.js';

// A record, so that a new kind of deadline cannot be forgotten by a `clear` of every kind.
const EVERY_KIND: Record<DeadlineKind, true> = { 'invitation-expiry': true, 'inactivity-warning': true, 'inactivity-deactivation': true, 'personal-data-erasure': true };
const KINDS = Object.keys(EVERY_KIND) as DeadlineKind[];

/** What a batch of changes does to the `pm.deadlines` rows, as three set-wise statements. */
export interface NetDeadlineChanges {
  /** Rows to write (insert or replace): the last `set` of the batch for each account and kind. */
  upserts: { accountId: string; kind: DeadlineKind; ref: string; dueAt: string }[];
  /** Rows to delete whatever they hold. */
  deletes: { accountId: string; kind: DeadlineKind }[];
  /** Rows to delete only if they still hold that ref (a `clear` meeting no `set` of the batch). */
  conditionalDeletes: { accountId: string; kind: DeadlineKind; ref: string }[];
}

type KeyState =
  | { kind: 'set'; ref: string; dueAt: string }
  | { kind: 'deleted' }
  | { kind: 'db-clears'; all: boolean; refs: Set<string> };

/**
 * Pure: folds a batch of changes, in order, into their net effect, so that a batch of events costs three statements
 * instead of one per change. Applying the result gives the same rows as applying each change in turn.
 */
export function netDeadlineChanges(changes: readonly DeadlineChange[]): NetDeadlineChanges {
  const keys = new Map<string, { accountId: string; kind: DeadlineKind; state: KeyState }>();
  const entry = (accountId: string, kind: DeadlineKind) => {
    const key = `${accountId}\u0000${kind}`;
    let found = keys.get(key);
    if (!found) {
      found = { accountId, kind, state: { kind: 'db-clears', all: false, refs: new Set() } };
      keys.set(key, found);
    }
    return found;
  };
  for (const change of changes) {
    if (change.op === 'set') {
      entry(change.accountId, change.kind).state = { kind: 'set', ref: change.ref, dueAt: change.dueAt };
      continue;
    }
    for (const kind of change.kind ? [change.kind] : KINDS) {
      const target = entry(change.accountId, kind);
      const state = target.state;
      if (state.kind === 'set') {
        if (change.ref === undefined || change.ref === state.ref) target.state = { kind: 'deleted' };
      } else if (state.kind === 'db-clears') {
        if (change.ref === undefined) state.all = true;
        else state.refs.add(change.ref);
      }
    }
  }
  const net: NetDeadlineChanges = { upserts: [], deletes: [], conditionalDeletes: [] };
  for (const { accountId, kind, state } of keys.values()) {
    if (state.kind === 'set') net.upserts.push({ accountId, kind, ref: state.ref, dueAt: state.dueAt });
    else if (state.kind === 'deleted' || state.all) net.deletes.push({ accountId, kind });
    else for (const ref of state.refs) net.conditionalDeletes.push({ accountId, kind, ref });
  }
  return net;
}
