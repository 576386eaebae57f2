// Specs only: every event a decision returns is checked against the committed event catalogue, so each decider
// spec also proves the events it shows match their published schemas.
import { eventValidator } from '@app/event-catalogue/testing/event-validator';
import { DomainError, ErrorCode } from '../errors';
import { Decider } from '../shared/decider';
import { DomainCommand, DomainEvent } from '../shared/types';
import { currentSchemaVersion } from '../upcasters';

const catalogue = eventValidator();

/** Throws when an event does not match its type's current schema, the shape the command path will write. */
export const expectCatalogued = (events: readonly DomainEvent[]): void => {
  const problems = events.flatMap((event) => catalogue.problemsOf(event.type, currentSchemaVersion(event.type), event.data));
  if (problems.length > 0)
    throw new Error(
      `events that do not match the event catalogue (after changing an event type, run \`npm run catalogue\`):\n${problems.join('\n')}`,
    );
};

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
      const run = () => {
        const decided = decider.decide(command, events.reduce(decider.evolve, decider.initialState()), { ...defaultContext, ...context });
        expectCatalogued(decided);
        return decided;
      };
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
