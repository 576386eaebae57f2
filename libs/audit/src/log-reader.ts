import { BACKWARDS, END, START, type AllStreamRecordedEvent, type EventStoreDBClient, type Position } from '@eventstore/db-client';
import { parseStreamName } from '@app/domain/stream-names';

/** Events read from the store per call: a consumer that stops early leaves at most one page unread. */
const PAGE = 4096;

export const positionAfter = (a: Position, b: Position) => a.commit > b.commit || (a.commit === b.commit && a.prepare > b.prepare);

/**
 * The domain's events of `$all` in log order, from `from` through `through` (inclusive), read in bounded pages,
 * each to its end: a read abandoned with messages unread would keep the client's channel busy. Streams that are no
 * domain stream (system streams, the process manager's checkpoint) and non-JSON events are left out: they carry no
 * hash chain.
 */
export async function* domainEvents(
  client: EventStoreDBClient,
  through: Position,
  from?: Position,
): AsyncGenerator<AllStreamRecordedEvent> {
  let start: Position | undefined = from;
  let skip: Position | undefined;
  for (;;) {
    let read = 0;
    let last: Position | undefined;
    const page: AllStreamRecordedEvent[] = [];
    for await (const resolved of client.readAll({ fromPosition: start ?? START, maxCount: PAGE })) {
      read++;
      const event = resolved.event;
      if (!event?.position) continue;
      last = event.position;
      if (skip && !positionAfter(event.position, skip)) continue;
      if (positionAfter(event.position, through)) continue;
      if (event.isJson && parseStreamName(event.streamId)) page.push(event);
    }
    yield* page;
    if (read < PAGE || !last || !positionAfter(through, last)) return;
    // Forwards reads include their start position: the next page starts at the last event read and skips it.
    start = skip = last;
  }
}

/** The position of the last event in the log, or undefined for an empty log. */
export async function logHead(client: EventStoreDBClient): Promise<Position | undefined> {
  let head: Position | undefined;
  for await (const resolved of client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1 }))
    head = resolved.event?.position ?? head;
  return head;
}
