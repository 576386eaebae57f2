import { EventStoreDBClient, jsonEvent, START } from '@eventstore/db-client';
import { rmSync } from 'node:fs';
import { startEventStoreServer } from '@app/eventstore-server';
import { spawnServer, tempDir } from '../support/eventstore';

/** Appends `batches` × `size` events of about 2 kB each. */
async function appendBig(client: EventStoreDBClient, stream: string, batches: number, size: number): Promise<void> {
  for (let batch = 0; batch < batches; batch++) {
    const events = Array.from({ length: size }, (_, i) => jsonEvent({ type: 'Big', data: { i, pad: 'x'.repeat(2000) } }));
    await client.appendToStream(stream, events);
  }
}

describe('embedded event store shutdown', () => {
  it('ends a back-pressured subscription cleanly and commits in-flight appends', async () => {
    const server = await startEventStoreServer({ port: 0, memory: true });
    const client = EventStoreDBClient.connectionString(server.connectionString);
    const stream = 'slow-consumer';
    await appendBig(client, stream, 4, 400);
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

  it('ends a subscription whose client stopped reading within a second of SIGTERM, and exits cleanly', async () => {
    const dataDir = tempDir();
    const server = await spawnServer({ dataDir });
    const client = EventStoreDBClient.connectionString(server.connectionString);
    try {
      const stream = 'stopped-reading';
      // Far more than the connection's flow-control windows and socket buffers hold.
      await appendBig(client, stream, 8, 500);
      const subscription = client.subscribeToStream(stream, { fromRevision: START });
      subscription.on('error', () => undefined);
      await new Promise<void>((resolve) => subscription.once('data', () => resolve()));
      subscription.pause();
      await new Promise((resolve) => setTimeout(resolve, 300));

      const signalled = Date.now();
      expect(await server.kill('SIGTERM')).toBe(0);
      expect(Date.now() - signalled).toBeLessThan(1_000);
      expect(server.output()).toContain('event store stopped');
    } finally {
      await client.dispose();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
