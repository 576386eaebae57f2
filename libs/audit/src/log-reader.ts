import {
  BACKWARDS,
  END,
  START,
  type AllStreamRecordedEvent,
  type AllStreamResolvedEvent,
  type EventStoreDBClient,
  type Position,
} from '@eventstore/db-client';
import { parseStreamName } from '@app/domain/stream-names';

/** Events read from the log per page handed to the consumer. */
const PAGE = 4096;

/** Pages taken and not yet handed to the consumer: past this the read is paused, so it holds this much at most. */
const PAGES_AHEAD = 2;

export const positionAfter = (a: Position, b: Position) => a.commit > b.commit || (a.commit === b.commit && a.prepare > b.prepare);

/** Hands a domain event to a page's items, as the read stream emits it: pushes what the page holds for it, if anything. */
export type TakeEvent<T> = (event: AllStreamRecordedEvent, items: T[]) => void;

/**
 * The domain's events of `$all` in log order, from `from` through `through` (inclusive), a page at a time, each event
 * handed to `take` as it is read: a page is what `take` pushed for the log's next events (pages with nothing are not
 * yielded). One read runs from `from` on, taken ahead of the consumer by up to two pages and paused there (the store
 * then waits on the transport's flow control), and cancelled once past `through`, when the consumer stops, or when
 * `take` throws (the consumer gets the pages taken before, then that error). Reading in one go rather than a read per
 * page spares the consumer waiting for each page's read to start. A `take` that keeps something smaller than the event
 * (an export's bytes) lets each event be collected young, instead of a page of events outliving several collections.
 * Streams that are no domain stream (system streams, the process manager's checkpoint) and non-JSON events are left
 * out: they carry no hash chain.
 */
export async function* takenEventPages<T>(
  client: EventStoreDBClient,
  through: Position,
  take: TakeEvent<T>,
  from?: Position,
): AsyncGenerator<T[]> {
  const pages: T[][] = [];
  let items: T[] = [];
  let events = 0;
  let ended = false;
  let failure: { error: unknown } | undefined;
  let wake: (() => void) | undefined;
  const signal = () => {
    const waiting = wake;
    wake = undefined;
    waiting?.();
  };
  const end = (problem?: { error: unknown }) => {
    if (ended) return;
    ended = true;
    failure = problem;
    if (items.length > 0) pages.push(items);
    items = [];
    void reading.cancel();
    signal();
  };
  const reading = client
    .readAll({ fromPosition: from ?? START })
    .on('data', (resolved: AllStreamResolvedEvent) => {
      const event = resolved.event;
      if (ended || !event?.position) return;
      if (positionAfter(event.position, through)) return end();
      if (event.isJson && parseStreamName(event.streamId)) {
        try {
          take(event, items);
        } catch (error) {
          return end({ error });
        }
      }
      if (++events % PAGE !== 0 || items.length === 0) return;
      pages.push(items);
      items = [];
      if (pages.length >= PAGES_AHEAD) reading.pause();
      signal();
    })
    .once('error', (error) => end({ error }))
    .once('end', () => end());
  try {
    for (;;) {
      const page = pages.shift();
      if (page) {
        if (!ended && pages.length < PAGES_AHEAD) reading.resume();
        yield page;
      } else if (failure) throw failure.error;
      else if (ended) return;
      else await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    // A consumer that stopped early: nothing more is handed to `take`, and the read's end concerns no one.
    end();
  }
}

/** The domain's events of `$all` in log order, a page at a time (`takenEventPages`, each page the events themselves). */
export function domainEventPages(client: EventStoreDBClient, through: Position, from?: Position): AsyncGenerator<AllStreamRecordedEvent[]> {
  return takenEventPages<AllStreamRecordedEvent>(client, through, (event, items) => items.push(event), from);
}

export async function* domainEvents(
  client: EventStoreDBClient,
  through: Position,
  from?: Position,
): AsyncGenerator<AllStreamRecordedEvent> {
  for await (const page of domainEventPages(client, through, from)) yield* page;
}

/** The position of the last event in the log, or undefined for an empty log. */
export async function logHead(client: EventStoreDBClient): Promise<Position | undefined> {
  let head: Position | undefined;
  for await (const resolved of client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1 }))
    head = resolved.event?.position ?? head;
  return head;
}
