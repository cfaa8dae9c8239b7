import type { AuditTrailReader } from '@peps/audit-trail';
import { accountStream, foldAccount } from '@peps/domain';
import type { EventStore } from '@peps/event-store';
import type { SqlDatabase } from '@peps/sql';
import { Operators } from '@peps/runtime';
import type { ActorNames, KnownPerson } from './history-actor.js';

/**
 * Names for the authors of a history: employer accounts from the audit trail's read model, DRS operators from
 * `auth.operators` (they have no account stream, so no read model knows them), and the account's own stream for an
 * account the read model does not know yet.
 */
export class ActorNameDirectory {
  private readonly operators: Operators;

  constructor(
    private readonly audit: AuditTrailReader,
    db: SqlDatabase,
    private readonly store: EventStore,
  ) {
    this.operators = new Operators(db);
  }

  async names(ids: readonly string[]): Promise<ActorNames> {
    const accounts = new Map<string, KnownPerson>();
    const operators = new Map<string, KnownPerson>();
    if (!ids.length) return { accounts, operators };
    for (const a of await this.audit.accounts(ids)) accounts.set(a.accountId, { id: a.accountId, identifier: a.identifier, name: a.name });
    for (const id of ids.filter((i) => !accounts.has(i))) {
      const operator = await findOperator(this.operators, id);
      if (operator) operators.set(id, { id, identifier: operator.identifier, name: operator.displayName });
    }
    // An account the read model has not reached yet (projections lag, or run in a worker that is behind): its stream.
    for (const id of ids.filter((i) => !accounts.has(i) && !operators.has(i))) {
      const state = await this.store.readStream(accountStream(id)).then(foldAccount, () => null);
      if (state) accounts.set(id, { id, identifier: state.identifier, name: `${state.firstName} ${state.lastName}`.trim() });
    }
    return { accounts, operators };
  }
}

/**
 * An operator by id, or nothing: a read-only deployment of the queries (the query-side spec, a reporting replica)
 * may have no `auth` schema, and a name we cannot find must not fail the whole history.
 */
export async function findOperator(operators: Operators, id: string) {
  try {
    return await operators.findById(id);
  } catch {
    return undefined;
  }
}
