import { EventStoreDBClient, jsonEvent, type Position } from '@eventstore/db-client';
import { startEventStoreServer, type EmbeddedEventStore } from '@app/eventstore-server';
import { domainEvents, logHead, takenEventPages } from '@app/audit';

// Almost five pages of the log (4,096 events each), over streams interleaved in the log.
const STREAMS = 5;
const PER_STREAM = 4000;
const BATCH = 100;

describe('the log read a page at a time, each event handed over as it is read', () => {
  let store: EmbeddedEventStore;
  let client: EventStoreDBClient;
  let through: Position;

  beforeAll(async () => {
    store = await startEventStoreServer({ port: 0, memory: true });
    client = EventStoreDBClient.connectionString(store.connectionString);
    for (let from = 0; from < PER_STREAM; from += BATCH)
      for (let s = 0; s < STREAMS; s++)
        await client.appendToStream(
          `customer-c${s}`,
          Array.from({ length: BATCH }, (_, i) =>
            jsonEvent({ type: 'CustomerNoted', data: { customerId: `c${s}`, n: from + i }, metadata: { schemaVersion: 1 } }),
          ),
        );
    // Not a domain stream: never handed over.
    await client.appendToStream('checkpoint-spec', jsonEvent({ type: 'Checkpoint', data: { at: 1 } }));
    through = (await logHead(client))!;
  }, 60_000);
  afterAll(async () => {
    await client?.dispose();
    await store?.stop();
  });

  it('hands over every domain event once, in log order, as the pages of events do', async () => {
    const taken: string[] = [];
    for await (const page of takenEventPages<string>(client, through, (event, items) => items.push(`${event.streamId}@${event.revision}`)))
      taken.push(...page);
    const events: string[] = [];
    for await (const event of domainEvents(client, through)) events.push(`${event.streamId}@${event.revision}`);
    expect(taken).toHaveLength(STREAMS * PER_STREAM);
    expect(taken).toEqual(events);
  });

  it('fails with the error of a take that throws, and hands nothing more over', async () => {
    let handed = 0;
    const pages = takenEventPages<never>(client, through, () => {
      if (++handed === 4500) throw new Error('no room for this one');
    });
    await expect(
      (async () => {
        for await (const page of pages) expect(page).toEqual([]);
      })(),
    ).rejects.toThrow('no room for this one');
    expect(handed).toBe(4500);
  });

  it('hands nothing more over once its consumer has stopped, and the client reads on', async () => {
    let handed = 0;
    for await (const page of takenEventPages<number>(client, through, (_, items) => items.push(++handed))) {
      expect(page.length).toBeGreaterThan(4000);
      break;
    }
    const stoppedAt = handed;
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(handed).toBe(stoppedAt);
    expect(handed).toBeLessThan(STREAMS * PER_STREAM);
    // The read was cancelled, not left open: the same client reads the whole log again.
    let events = 0;
    for await (const page of takenEventPages<number>(client, through, (_, items) => items.push(1))) events += page.length;
    expect(events).toBe(STREAMS * PER_STREAM);
  });

  it('reads no further ahead of a consumer that takes its time than two pages', async () => {
    let handed = 0;
    const pages = takenEventPages<number>(client, through, (_, items) => items.push(++handed));
    await pages.next();
    // Long enough for a read that is not paused to take the whole log.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    // The first page handed over, two taken ahead, and the read paused short of the log's 20,000 events.
    expect(handed).toBeLessThanOrEqual(3 * 4096);
    await pages.return(undefined);
  });

  it('hands over the events from `from` through `through`, none appended since', async () => {
    await client.appendToStream(
      'customer-c0',
      jsonEvent({ type: 'CustomerNoted', data: { customerId: 'c0', n: -1 }, metadata: { schemaVersion: 1 } }),
    );
    const positions = async (from?: Position) => {
      const read: Position[] = [];
      for await (const page of takenEventPages<Position>(client, through, (event, items) => items.push(event.position), from))
        read.push(...page);
      return read;
    };
    const all = await positions();
    expect(all).toHaveLength(STREAMS * PER_STREAM);
    expect(await positions(all[10_000])).toEqual(all.slice(10_000));
  });
});
