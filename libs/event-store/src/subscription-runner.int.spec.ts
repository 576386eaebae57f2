import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventStoreDBClient, jsonEvent } from '@eventstore/db-client';
import { startEventStoreServer, type EmbeddedEventStore } from '@app/eventstore-server';
import { MemoryCheckpointStore } from './checkpoint-store';
import { SubscriptionRunner } from './subscription-runner';

const waitFor = async (check: () => boolean, timeoutMs = 20_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
};

describe('SubscriptionRunner', () => {
  it('resubscribes from its checkpoint after the server went away and came back', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'runner-'));
    let server: EmbeddedEventStore = await startEventStoreServer({ port: 0, dataDir });
    const port = server.port;
    const client = EventStoreDBClient.connectionString(server.connectionString);
    const seen: number[] = [];
    const runner = new SubscriptionRunner(client, {
      name: 'reconnect-spec',
      checkpoints: new MemoryCheckpointStore(),
      checkpointIntervalMs: 1,
      backoff: { initialMs: 50, maxMs: 200 },
      handle: async (stored) => {
        if (stored.event.type === 'Ticked') seen.push((stored.event.data as { n: number }).n);
      },
    });
    try {
      await client.appendToStream('tick-1', jsonEvent({ type: 'Ticked', data: { n: 1 } }));
      runner.start();
      await waitFor(() => seen.length === 1);

      await server.stop();
      server = await startEventStoreServer({ port, dataDir });
      const writer = EventStoreDBClient.connectionString(server.connectionString);
      await writer.appendToStream('tick-2', jsonEvent({ type: 'Ticked', data: { n: 2 } }));
      await writer.dispose();

      await waitFor(() => seen.includes(2));
      // Resumed after event 1, not from the start: nothing handled twice.
      expect(seen).toEqual([1, 2]);
    } finally {
      await runner.stop();
      await client.dispose();
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('SubscriptionRunner stopped right after start', () => {
  it('stops while its checkpoint is still loading, and leaves no subscription behind', async () => {
    const server = await startEventStoreServer({ port: 0, memory: true });
    const client = EventStoreDBClient.connectionString(server.connectionString);
    let releaseLoad!: () => void;
    const loading = new Promise<void>((resolve) => (releaseLoad = resolve));
    const checkpoints = new MemoryCheckpointStore();
    const runner = new SubscriptionRunner(client, {
      name: 'stop-race-spec',
      checkpoints: { load: async () => (await loading, checkpoints.load()), save: (c) => checkpoints.save(c) },
      handle: async () => undefined,
    });
    try {
      runner.start();
      const stopped = runner.stop();
      releaseLoad();
      await expect(Promise.race([stopped.then(() => 'stopped'), new Promise((r) => setTimeout(() => r('hung'), 3_000))])).resolves.toBe(
        'stopped',
      );
      await new Promise((r) => setTimeout(r, 200));
      expect(server.stats().liveSubscriptions).toBe(0);
    } finally {
      await client.dispose();
      await server.stop();
    }
  });
});
