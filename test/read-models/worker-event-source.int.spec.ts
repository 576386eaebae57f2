import { EventStoreDBClient, jsonEvent } from '@eventstore/db-client';
import { startEventStoreServer, type EmbeddedEventStore } from '@app/eventstore-server';
import { ProjectionEvent, SourceMessage, WorkerEventSource } from '@app/read-models';

describe('WorkerEventSource: $all decoded in a worker thread', () => {
  let store: EmbeddedEventStore;
  let client: EventStoreDBClient;

  beforeAll(async () => {
    store = await startEventStoreServer({ port: 0, memory: true });
    client = EventStoreDBClient.connectionString(store.connectionString);
    for (let i = 0; i < 30; i++) {
      await client.appendToStream(
        `spec-${i % 4}`,
        Array.from({ length: 100 }, (_, j) => jsonEvent({ type: 'Counted', data: { n: i * 100 + j }, metadata: { schemaVersion: 1 } })),
      );
    }
  });
  afterAll(async () => {
    await client?.dispose();
    await store?.stop();
  });

  async function take(
    source: WorkerEventSource,
    after: ProjectionEvent['position'] | undefined,
    until: (events: ProjectionEvent[], caughtUp: boolean) => boolean,
  ) {
    const subscription = source.subscribe(after);
    const events: ProjectionEvent[] = [];
    let caughtUp = false;
    try {
      for await (const message of subscription as AsyncIterable<SourceMessage>) {
        if (message.kind === 'event') events.push(message.event);
        else if (message.kind === 'events') events.push(...message.events);
        else caughtUp = true;
        if (until(events, caughtUp)) break;
      }
    } finally {
      await subscription.close();
    }
    return { events, caughtUp };
  }

  test('catch-up from the start in log order with upcasting, then caught up; resumes after a position, exclusive; live events follow', async () => {
    const upcast = (type: string, version: number, data: Record<string, unknown>) =>
      type === 'Counted' && version === 1 ? { ...data, upcast: true } : data;
    const source = new WorkerEventSource(store.connectionString, client, { upcast });
    const all = await take(source, undefined, (_, caughtUp) => caughtUp);
    expect(all.events.map((e) => e.data.n)).toEqual(Array.from({ length: 3000 }, (_, n) => n));
    expect(all.events.every((e) => e.data.upcast === true && e.type === 'Counted')).toBe(true);
    expect((await source.head())?.position).toEqual(all.events[2999].position);

    const from = all.events[1234].position;
    const rest = await take(source, from, (_, caughtUp) => caughtUp);
    expect(rest.events.map((e) => e.data.n)).toEqual(Array.from({ length: 3000 - 1235 }, (_, n) => n + 1235));
    expect(await source.countAfter(from, 10_000)).toBe(3000 - 1235);

    const live = take(source, all.events[2999].position, (events) => events.length === 2);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await client.appendToStream('spec-live', [
      jsonEvent({ type: 'Counted', data: { n: 3000 } }),
      jsonEvent({ type: 'Counted', data: { n: 3001 } }),
    ]);
    expect((await live).events.map((e) => e.data.n)).toEqual([3000, 3001]);
  });

  test('an unreachable store fails the subscription instead of hanging', async () => {
    const source = new WorkerEventSource('esdb://127.0.0.1:1?tls=false', client);
    await expect(take(source, undefined, () => false)).rejects.toThrow();
  });
});
