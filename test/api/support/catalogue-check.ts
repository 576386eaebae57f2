import { FORWARDS, START, type EventStoreDBClient } from '@eventstore/db-client';
import { eventValidator } from '@app/event-catalogue/testing/event-validator';

/**
 * Every event the command path appended to the store (its metadata carries the hash chain; a spec's own raw appends
 * do not), checked against the committed catalogue's schema of its type and stored schema version. Returns the
 * problems and the types seen, so the spec can also show that it exercised something.
 */
export async function catalogueProblems(client: EventStoreDBClient): Promise<{ problems: string[]; types: Set<string> }> {
  const { problemsOf } = eventValidator();
  const problems: string[] = [];
  const types = new Set<string>();
  for await (const resolved of client.readAll({ direction: FORWARDS, fromPosition: START })) {
    const event = resolved.event;
    if (!event || !event.isJson || event.type.startsWith('$')) continue;
    const metadata = event.metadata as { schemaVersion?: unknown; chain?: unknown } | undefined;
    if (metadata?.chain === undefined || typeof metadata.schemaVersion !== 'number') continue;
    types.add(event.type);
    problems.push(
      ...problemsOf(event.type, metadata.schemaVersion, event.data).map((problem) => `${event.streamId}@${event.revision}: ${problem}`),
    );
  }
  return { problems, types };
}
