import { EventStoreDBClient, jsonEvent, START } from '@eventstore/db-client';
import { startEventStoreServer } from '@app/eventstore-server';

describe('embedded event store shutdown', () => {
  it('ends a back-pressured subscription cleanly and commits in-flight appends', async () => {
    const server = await startEventStoreServer({ port: 0, memory: true });
    const client = EventStoreDBClient.connectionString(server.connectionString);
    const stream = 'slow-consumer';
    for (let batch = 0; batch < 4; batch++) {
      await client.appendToStream(stream, Array.from({ length: 400 }, (_, i) => jsonEvent({ type: 'Big', data: { i, pad: 'x'.repeat(2000) } })));
    }
    const subscription = client.subscribeToStream(stream, { fromRevision: START });
    const errors: unknown[] = [];
    subscription.on('error', (error) => errors.push(error));
    const ended = new Promise<void>((resolve) => subscription.once('end', () => resolve()));
    await new Promise<void>((resolve) => subscription.once('data', () => resolve()));
    // The consumer pauses long enough for the server to be waiting on 'drain' when stop() begins.
    subscription.pause();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(server.stats().liveSubscriptions).toBe(1);
    const append = client.appendToStream('in-flight', jsonEvent({ type: 'Late', data: {} }));
    const stopped = server.stop();
    setTimeout(() => subscription.resume(), 100);
    subscription.on('data', () => undefined);
    expect((await append).success).toBe(true);
    await stopped;
    await ended;
    expect(errors).toEqual([]);
    await client.dispose();
  });
});
