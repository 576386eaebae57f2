import { DomainError, ErrorCode } from '../errors';
import { Decider } from '../shared/decider';
import { DomainCommand, DomainEvent } from '../shared/types';

/**
 * given(events).when(command).then(events) / thenThrows(code), after Emmett's deciderSpecification.
 * Uses jest's `expect`, so it is for specs only.
 */
export const deciderSpec = <State, Command extends DomainCommand, Event extends DomainEvent, Context>(
  decider: Decider<State, Command, Event, Context>,
  defaultContext: Context,
) => ({
  given: (events: readonly Event[]) => ({
    when: (command: Command, context: Partial<Context> = {}) => {
      const run = () => decider.decide(command, events.reduce(decider.evolve, decider.initialState()), { ...defaultContext, ...context });
      return {
        then: (expected: readonly Event[]) => expect(run()).toEqual(expected),
        thenNothing: () => expect(run()).toEqual([]),
        thenThrows: (code: ErrorCode, field?: string) => {
          let caught: unknown;
          try {
            run();
          } catch (error) {
            caught = error;
          }
          expect(caught).toBeInstanceOf(DomainError);
          expect((caught as DomainError).code).toBe(code);
          if (field !== undefined) expect((caught as DomainError).field).toBe(field);
        },
        /** For outcomes checked by shape rather than exact equality. */
        events: run,
      };
    },
  }),
});
