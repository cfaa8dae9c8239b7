import type { CommandMetadata } from './command-metadata.js';

/** The shape every aggregate exposes: a pure decision and a pure fold. */
export interface Decider<Command, Event, State> {
  initialState: State;
  decide(command: Command, state: State, metadata: CommandMetadata): Event[];
  evolve(state: State, event: Event): State;
}

export function fold<Event, State>(decider: Pick<Decider<unknown, Event, State>, 'initialState' | 'evolve'>, events: readonly Event[]): State {
  return events.reduce(decider.evolve, decider.initialState);
}
