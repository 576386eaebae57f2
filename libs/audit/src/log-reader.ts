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

interface Page {
  events: AllStreamRecordedEvent[];
  /** Whether the log may go on past this page up to `through`. */
  more: boolean;
  last?: Position;
}

/**
 * One page of `$all` from `start`, read to its end; `skip`: the event at the start, already read. The events are taken
 * as the read stream emits them, without a promise per event.
 */
function readPage(client: EventStoreDBClient, through: Position, start?: Position, skip?: Position): Promise<Page> {
  let read = 0;
  let last: Position | undefined;
  const events: AllStreamRecordedEvent[] = [];
  const take = (resolved: AllStreamResolvedEvent) => {
    read++;
    const event = resolved.event;
    if (!event?.position) return;
    last = event.position;
    if (skip && !positionAfter(event.position, skip)) return;
    if (positionAfter(event.position, through)) return;
    if (event.isJson && parseStreamName(event.streamId)) events.push(event);
  };
  return new Promise((done, fail) => {
    client
      .readAll({ fromPosition: start ?? START, maxCount: PAGE })
      .on('data', take)
      .once('error', fail)
      .once('end', () => done({ events, last, more: read === PAGE && last !== undefined && positionAfter(through, last) }));
  });
}

/**
 * The domain's events of `$all` in log order, from `from` through `through` (inclusive), a page at a time. Each page
 * is read to its end (a read abandoned with messages unread would keep the client's channel busy), and the next one
 * is read while the consumer works through the current one. Streams that are no domain stream (system streams, the
 * process manager's checkpoint) and non-JSON events are left out: they carry no hash chain.
 */
export async function* domainEventPages(
  client: EventStoreDBClient,
  through: Position,
  from?: Position,
): AsyncGenerator<AllStreamRecordedEvent[]> {
  let next: Promise<Page> | undefined = readPage(client, through, from);
  try {
    while (next) {
      const page: Page = await next;
      // Forwards reads include their start position: the next page starts at the last event read and skips it.
      next = page.more ? readPage(client, through, page.last, page.last) : undefined;
      if (page.events.length > 0) yield page.events;
    }
  } finally {
    // A consumer that stopped early leaves a page being read: it ends by itself, and its failure concerns no one.
    next?.catch(() => undefined);
  }
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
