import type { AccountEvent } from '../account/account-events.js';
import type { AccountState } from '../account/account-state.js';
import { accountDecider } from '../account/decide-account.js';
import { employerDecider } from '../employer/decide-employer.js';
import type { EmployerEvent } from '../employer/employer-events.js';
import type { EmployerState } from '../employer/employer-state.js';
import type { DomainEvent } from '../events/domain-event.js';
import { toDomainEvent, type StoredEvent } from '../events/upcast.js';
import { fold, type Decider } from '../shared/decider.js';

/**
 * A stream's state from its stored events, read by whoever holds the store: each event upcast to its current schema,
 * then folded with the aggregate's own `evolve` from its `initialState`.
 */
export function foldStream<Event extends DomainEvent, State>(
  decider: Pick<Decider<unknown, Event, State>, 'initialState' | 'evolve'>,
  stored: readonly StoredEvent[],
): State {
  return fold(decider, stored.map((event) => toDomainEvent(event) as Event));
}

export const foldAccount = (stored: readonly StoredEvent[]): AccountState => foldStream<AccountEvent, AccountState>(accountDecider, stored);

export const foldEmployer = (stored: readonly StoredEvent[]): EmployerState => foldStream<EmployerEvent, EmployerState>(employerDecider, stored);
