import { EventStoreDBClient, jsonEvent, type Position } from '@eventstore/db-client';
import { startEventStoreServer, type EmbeddedEventStore } from '@app/eventstore-server';
import { domainEvents, logHead, takenEventPages } from '@app/audit';

// More than a page of the log (4,096 events), over streams interleaved in the log.
const STREAMS = 5;
const PER_STREAM = 1000;
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

  it('fails with the error of a take that throws, once its page is read', async () => {
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

  it('hands nothing more over once its consumer has stopped, though the page read ahead is read to its end', async () => {
    let handed = 0;
    for await (const page of takenEventPages<number>(client, through, (_, items) => items.push(++handed))) {
      expect(page.length).toBeGreaterThan(4000);
      break;
    }
    const stoppedAt = handed;
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(handed).toBe(stoppedAt);
    expect(handed).toBeLessThan(STREAMS * PER_STREAM);
  });
});
