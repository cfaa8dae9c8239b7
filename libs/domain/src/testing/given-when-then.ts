// Spec-only helper: given(past events).when(command, metadata).then(new events) / .thenThrows(code).
import type { CommandMetadata } from '../shared/command-metadata.js';
import type { Decider } from '../shared/decider.js';
import { fold } from '../shared/decider.js';
import { DomainError } from '../shared/domain-error.js';
import type { DomainErrorCode } from '../shared/domain-error-code.js';
import type { FieldError } from '../shared/field-error.js';

export interface Scenario<Command, Event, State> {
  when(command: Command, metadata: CommandMetadata): Outcome<Event, State>;
}

export interface Outcome<Event, State> {
  then(expected: Event[]): State;
  thenThrows(code: DomainErrorCode, details?: FieldError[]): DomainError;
  /** The produced events, for assertions that do not compare the whole list. */
  events(): Event[];
}

export function scenarioFor<Command, Event, State>(decider: Decider<Command, Event, State>) {
  return function given(history: Event[]): Scenario<Command, Event, State> {
    const state = fold(decider, history);
    return {
      when(command, metadata) {
        const run = () => decider.decide(command, state, metadata);
        return {
          then(expected) {
            const produced = run();
            expect(produced).toEqual(expected);
            return fold({ initialState: state, evolve: decider.evolve }, produced);
          },
          thenThrows(code, details) {
            let caught: unknown;
            try {
              run();
            } catch (error) {
              caught = error;
            }
            expect(caught).toBeInstanceOf(DomainError);
            const error = caught as DomainError;
            expect(error.code).toBe(code);
            if (details) expect(error.details).toEqual(details);
            return error;
          },
          events: run,
        };
      },
    };
  };
}
