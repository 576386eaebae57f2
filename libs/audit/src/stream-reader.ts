import { FORWARDS, type EventStoreDBClient, type Position } from '@eventstore/db-client';
import { positionAfter } from './log-reader';

/** A stored event with its place in its stream and in the log (what an export line is made of). */
export interface StreamEvent {
  streamId: string;
  revision: bigint;
  position: Position;
  id: string;
  type: string;
  created: Date;
  data: unknown;
  metadata: unknown;
}

/** Events read from one stream per call: the merge holds at most this many events of each stream. */
const PAGE = 256;

/** One stream's events from its first, a page at a time, through the log position `through` (inclusive). */
async function* streamEvents(client: EventStoreDBClient, stream: string, through: Position): AsyncGenerator<StreamEvent> {
  let revision = 0n;
  for (;;) {
    let read = 0;
    for await (const resolved of client.readStream(stream, { fromRevision: revision, maxCount: PAGE, direction: FORWARDS })) {
      read++;
      const event = resolved.event;
      if (!event) continue;
      revision = event.revision + 1n;
      if (!event.position || positionAfter(event.position, through)) return;
      if (event.isJson) yield { ...event, position: event.position };
    }
    if (read < PAGE) return;
  }
}

/**
 * The events of a few streams in log order, through `through`: each stream read on its own from its first event and
 * merged by position, so an export of a customer's handful of streams reads those streams and not the log. Memory
 * holds a page of each stream.
 */
export async function* streamsInLogOrder(
  client: EventStoreDBClient,
  streams: Iterable<string>,
  through: Position,
): AsyncGenerator<StreamEvent> {
  const readers = [...streams].map((stream) => streamEvents(client, stream, through));
  const heads: { reader: AsyncGenerator<StreamEvent>; event: StreamEvent }[] = [];
  try {
    for (const reader of readers) {
      const first = await reader.next();
      if (!first.done) heads.push({ reader, event: first.value });
    }
    while (heads.length > 0) {
      let earliest = 0;
      for (let i = 1; i < heads.length; i++) if (positionAfter(heads[earliest].event.position, heads[i].event.position)) earliest = i;
      const head = heads[earliest];
      yield head.event;
      const next = await head.reader.next();
      if (next.done) heads.splice(earliest, 1);
      else head.event = next.value;
    }
  } finally {
    for (const reader of readers) await reader.return(undefined);
  }
}
