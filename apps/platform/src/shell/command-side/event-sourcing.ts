import { randomUUID } from 'node:crypto';
import {
  foldStream,
  toStoredEvent,
  type Actor,
  type CommandMetadata,
  type DomainEvent,
} from '@peps/domain';
import type { EventMetadata, EventStore, NewEvent } from '@peps/event-store';
import { actorLabel } from '@peps/runtime';

export interface Loaded<State> {
  state: State;
  /** Stream version the state was folded from: the expected version of the next append (0: no stream). */
  version: number;
}

/** Reads a stream and folds it with the domain's `foldStream` (events upcast, then the aggregate's `evolve`). */
export async function loadAggregate<Event extends DomainEvent, State>(
  store: EventStore,
  stream: string,
  decider: { initialState: State; evolve(state: State, event: Event): State },
): Promise<Loaded<State>> {
  const recorded = await store.readStream(stream);
  return { state: foldStream(decider, recorded), version: recorded.length === 0 ? 0 : recorded[recorded.length - 1].version };
}

/** The event store records actors as a plain string: an account id, `system` or `anonymous`. */
export function eventMetadata(metadata: CommandMetadata): EventMetadata {
  const out: EventMetadata = { actor: actorLabel(metadata.actor), correlationId: metadata.correlationId, occurredAt: metadata.now };
  if (metadata.causationId) out.causationId = metadata.causationId;
  if (metadata.sourceAddress) out.sourceAddress = metadata.sourceAddress;
  return out;
}

/** Fresh event ids on every decision: a retried decision is a new append, not a replay of the old one. */
export function toNewEvents(events: readonly DomainEvent[], metadata: CommandMetadata): NewEvent[] {
  const meta = eventMetadata(metadata);
  return events.map((event) => ({ id: randomUUID(), ...toStoredEvent(event), metadata: meta }));
}
