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

/** Events read from the store per call: a consumer that stops early leaves at most one page unread. */
const PAGE = 4096;

export const positionAfter = (a: Position, b: Position) => a.commit > b.commit || (a.commit === b.commit && a.prepare > b.prepare);

interface Page<T> {
  items: T[];
  /** Whether the log may go on past this page up to `through`. */
  more: boolean;
  last?: Position;
}

/** Hands a domain event to a page's items, as the read stream emits it: pushes what the page holds for it, if anything. */
export type TakeEvent<T> = (event: AllStreamRecordedEvent, items: T[]) => void;

/**
 * One page of `$all` from `start`, read to its end; `skip`: the event at the start, already read. Each event is handed
 * to `take` as the read stream emits it, without a promise per event, until `reading.stopped`. A `take` that throws
 * stops the reading, and the page fails with its error once read.
 */
function readPage<T>(
  client: EventStoreDBClient,
  through: Position,
  take: TakeEvent<T>,
  reading: { stopped: boolean },
  start?: Position,
  skip?: Position,
): Promise<Page<T>> {
  let read = 0;
  let last: Position | undefined;
  const items: T[] = [];
  let failure: { error: unknown } | undefined;
  const onData = (resolved: AllStreamResolvedEvent) => {
    read++;
    const event = resolved.event;
    if (!event?.position) return;
    last = event.position;
    if (reading.stopped) return;
    if (skip && !positionAfter(event.position, skip)) return;
    if (positionAfter(event.position, through)) return;
    if (!event.isJson || !parseStreamName(event.streamId)) return;
    try {
      take(event, items);
    } catch (error) {
      failure = { error };
      reading.stopped = true;
    }
  };
  return new Promise((done, fail) => {
    client
      .readAll({ fromPosition: start ?? START, maxCount: PAGE })
      .on('data', onData)
      .once('error', fail)
      .once('end', () =>
        failure ? fail(failure.error) : done({ items, last, more: read === PAGE && last !== undefined && positionAfter(through, last) }),
      );
  });
}

/**
 * The domain's events of `$all` in log order, from `from` through `through` (inclusive), a page at a time, each event
 * handed to `take` as it is read: a page is what `take` pushed for its events (pages with nothing are not yielded).
 * Each page is read to its end (a read abandoned with messages unread would keep the client's channel busy), and the
 * next one is read, and handed to `take`, while the consumer works through the current one. A `take` that keeps
 * something smaller than the event (an export's bytes) lets each event be collected young, instead of a page of
 * events outliving several collections. Streams that are no domain stream (system streams, the process manager's
 * checkpoint) and non-JSON events are left out: they carry no hash chain.
 */
export async function* takenEventPages<T>(
  client: EventStoreDBClient,
  through: Position,
  take: TakeEvent<T>,
  from?: Position,
): AsyncGenerator<T[]> {
  const reading = { stopped: false };
  let next: Promise<Page<T>> | undefined = readPage(client, through, take, reading, from);
  try {
    while (next) {
      const page: Page<T> = await next;
      // Forwards reads include their start position: the next page starts at the last event read and skips it.
      next = page.more ? readPage(client, through, take, reading, page.last, page.last) : undefined;
      if (page.items.length > 0) yield page.items;
    }
  } finally {
    // A consumer that stopped early leaves a page being read: it ends by itself, its events no longer handed to
    // `take`, and its failure concerns no one.
    reading.stopped = true;
    next?.catch(() => undefined);
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
