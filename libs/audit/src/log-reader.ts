import { BACKWARDS, END, START, type AllStreamRecordedEvent, type EventStoreDBClient, type Position } from '@eventstore/db-client';
import type { Readable } from 'node:stream';
import { parseStreamName } from '@app/domain/stream-names';
import { readAllRaw, type RawEvent } from './raw-log-reader';

/** Events read from the store per call: a consumer that stops early leaves at most one page unread. */
const PAGE = 4096;

export const positionAfter = (a: Position, b: Position) => a.commit > b.commit || (a.commit === b.commit && a.prepare > b.prepare);

/** What reading a page needs of an event of `$all`. */
interface LogEvent {
  streamId: string;
  position?: Position;
  isJson: boolean;
}

/** A forwards read of `$all` from a position (undefined: the start), of at most `maxCount` events. */
type ReadAll<E extends LogEvent> = (from: Position | undefined, maxCount: number) => Readable & AsyncIterable<{ event?: E }>;

interface Page<E> {
  events: E[];
  /** Whether the log may go on past this page up to `through`. */
  more: boolean;
  last?: Position;
}

/**
 * One page of `$all` from `start`, read to its end; `skip`: the event at the start, already read. The events are taken
 * as the read stream emits them, without a promise per event.
 */
function readPage<E extends LogEvent>(read: ReadAll<E>, through: Position, start?: Position, skip?: Position): Promise<Page<E>> {
  let count = 0;
  let last: Position | undefined;
  const events: E[] = [];
  const take = (resolved: { event?: E }) => {
    count++;
    const event = resolved.event;
    if (!event?.position) return;
    last = event.position;
    if (skip && !positionAfter(event.position, skip)) return;
    if (positionAfter(event.position, through)) return;
    if (event.isJson && parseStreamName(event.streamId)) events.push(event);
  };
  return new Promise((done, fail) => {
    read(start, PAGE)
      .on('data', take)
      .once('error', fail)
      .once('end', () => done({ events, last, more: count === PAGE && last !== undefined && positionAfter(through, last) }));
  });
}

/**
 * The domain's events of `$all` in log order, from `from` through `through` (inclusive), a page at a time. Each page
 * is read to its end (a read abandoned with messages unread would keep the client's channel busy), and the next one
 * is read while the consumer works through the current one. Streams that are no domain stream (system streams, the
 * process manager's checkpoint) and non-JSON events are left out: they carry no hash chain.
 */
export function domainEventPages(client: EventStoreDBClient, through: Position, from?: Position): AsyncGenerator<AllStreamRecordedEvent[]> {
  const read = (start: Position | undefined, maxCount: number) => client.readAll({ fromPosition: start ?? START, maxCount });
  return pagesOf<AllStreamRecordedEvent>(read, through, from);
}

/** Events a streamed read gathers before it waits for the consumer to take them. */
const BATCH = 512;

/**
 * `domainEventPages` from the start of the log with each event's data and metadata as their stored bytes
 * (`readAllRaw`), in one read of the log taken in batches as they arrive (at most `BATCH` events waiting; the read is
 * paused meanwhile and cancelled if the consumer stops early): a whole-log export holds no page of events long enough
 * for them to outlive the young generation.
 */
export async function* rawDomainEventPages(client: EventStoreDBClient, through: Position): AsyncGenerator<RawEvent[]> {
  const read = readAllRaw(client, undefined, Number.MAX_SAFE_INTEGER);
  let batch: RawEvent[] = [];
  let ended = false;
  let failure: unknown;
  let wake: (() => void) | undefined;
  const stop = () => {
    ended = true;
    wake?.();
  };
  read.on('data', ({ event }: { event?: RawEvent }) => {
    if (ended || !event?.position) return;
    if (positionAfter(event.position, through)) {
      stop();
      void read.cancel();
      return;
    }
    if (!event.isJson || !parseStreamName(event.streamId)) return;
    batch.push(event);
    if (batch.length >= BATCH) read.pause();
    wake?.();
  });
  read.once('end', stop);
  read.once('error', (error) => {
    failure = error;
    stop();
  });
  try {
    for (;;) {
      if (batch.length === 0 && !ended) await new Promise<void>((done) => (wake = done));
      wake = undefined;
      if (failure) throw failure;
      if (batch.length === 0) return;
      const events = batch;
      batch = [];
      read.resume();
      yield events;
    }
  } finally {
    if (!ended) {
      ended = true;
      await read.cancel();
    }
  }
}

async function* pagesOf<E extends LogEvent>(read: ReadAll<E>, through: Position, from?: Position): AsyncGenerator<E[]> {
  let next: Promise<Page<E>> | undefined = readPage(read, through, from);
  try {
    while (next) {
      const page: Page<E> = await next;
      // Forwards reads include their start position: the next page starts at the last event read and skips it.
      next = page.more ? readPage(read, through, page.last, page.last) : undefined;
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
