import { DomainCommand, DomainEvent } from './types';

export interface Decider<State, Command extends DomainCommand, Event extends DomainEvent, Context> {
  readonly initialState: () => State;
  readonly evolve: (state: State, event: Event) => State;
  readonly decide: (command: Command, state: State, context: Context) => Event[];
}

/** Folds a stream's events into its state; auditors cut `events` at a revision or time first. */
export const fold = <State, Event extends DomainEvent>(
  decider: Pick<Decider<State, never, Event, never>, 'initialState' | 'evolve'>,
  events: readonly Event[],
): State => events.reduce(decider.evolve, decider.initialState());
