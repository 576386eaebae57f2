import { EventStoreDBClient, jsonEvent } from '@eventstore/db-client';
import { startEventStoreServer, type EmbeddedEventStore } from '@app/eventstore-server';
import { MemoryCheckpointStore, type Checkpoint } from './checkpoint-store';
import { SubscriptionRunner } from './subscription-runner';

const waitFor = async (check: () => boolean, timeoutMs = 10_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
};

/** Records what was saved, in order. */
class RecordingCheckpoints extends MemoryCheckpointStore {
  readonly saved: Checkpoint[] = [];
  override async save(checkpoint: Checkpoint): Promise<void> {
    this.saved.push(checkpoint);
    await super.save(checkpoint);
  }
}

describe('SubscriptionRunner with a server-side event type filter', () => {
  let server: EmbeddedEventStore;
  let client: EventStoreDBClient;

  beforeEach(async () => {
    server = await startEventStoreServer({ port: 0, memory: true });
    client = EventStoreDBClient.connectionString(server.connectionString);
  });
  afterEach(async () => {
    await client.dispose();
    await server.stop();
  });

  async function appendNoise(count: number): Promise<bigint> {
    let last = 0n;
    for (let i = 0; i < count; i++) {
      const result = await client.appendToStream(`noise-${i % 3}`, jsonEvent({ type: 'Noise', data: { i } }));
      last = result.position!.commit;
    }
    return last;
  }

  it('hands over only the listed types, and stores the checkpoint past the events filtered out', async () => {
    await client.appendToStream('wanted-1', jsonEvent({ type: 'Wanted', data: { n: 1 } }));
    await client.appendToStream('other-1', jsonEvent({ type: 'WantedNot', data: {} }));
    const lastNoise = await appendNoise(40);
    const checkpoints = new RecordingCheckpoints();
    const seen: string[] = [];
    const runner = new SubscriptionRunner(client, {
      name: 'filter-spec',
      checkpoints,
      eventTypes: ['Wanted'],
      checkpointIntervalMs: 1,
      handle: async (stored) => void seen.push(`${stored.streamName}:${stored.event.type}`),
    });
    runner.start();
    try {
      await waitFor(() => (checkpoints.saved.at(-1)?.commit ?? -1n) >= lastNoise);
      expect(seen).toEqual(['wanted-1:Wanted']);
    } finally {
      await runner.stop();
    }
    // A restart resumes after everything already considered: nothing is handed over twice.
    const again: string[] = [];
    const restarted = new SubscriptionRunner(client, {
      name: 'filter-spec',
      checkpoints,
      eventTypes: ['Wanted'],
      checkpointIntervalMs: 1,
      handle: async (stored) => void again.push(stored.streamName),
    });
    restarted.start();
    try {
      await client.appendToStream('wanted-2', jsonEvent({ type: 'Wanted', data: { n: 2 } }));
      await waitFor(() => again.length > 0);
      expect(again).toEqual(['wanted-2']);
    } finally {
      await restarted.stop();
    }
  });

  it('does not store a filter checkpoint before the events delivered ahead of it are handled', async () => {
    const wanted = await client.appendToStream('wanted-slow', jsonEvent({ type: 'Wanted', data: {} }));
    const lastNoise = await appendNoise(40);
    const checkpoints = new RecordingCheckpoints();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let handled = false;
    const runner = new SubscriptionRunner(client, {
      name: 'filter-order-spec',
      checkpoints,
      eventTypes: ['Wanted'],
      checkpointIntervalMs: 1,
      handle: async () => {
        await gate;
        handled = true;
      },
    });
    runner.start();
    try {
      // The catch-up checkpoint (at the last noise event) reaches the client while the handler still waits.
      await new Promise((r) => setTimeout(r, 300));
      expect(checkpoints.saved).toEqual([]);
      release();
      await waitFor(() => (checkpoints.saved.at(-1)?.commit ?? -1n) >= lastNoise);
      expect(handled).toBe(true);
      expect(checkpoints.saved.every((c) => c.commit >= wanted.position!.commit)).toBe(true);
    } finally {
      release();
      await runner.stop();
    }
  });
});

describe('SubscriptionRunner saving a filter checkpoint', () => {
  // The client calls checkpointReached inside its stream transform: waiting there on a save (an append on the
  // same HTTP/2 connection) stalls the subscription and can deadlock on flow control.
  it('keeps delivering events while the save is pending, and stop() waits for it', async () => {
    const server = await startEventStoreServer({ port: 0, memory: true });
    const client = EventStoreDBClient.connectionString(server.connectionString);
    let releaseSave!: () => void;
    const saveGate = new Promise<void>((resolve) => (releaseSave = resolve));
    const saved: Checkpoint[] = [];
    let saving = 0;
    const handled: string[] = [];
    const runner = new SubscriptionRunner(client, {
      name: 'filter-save-spec',
      checkpoints: {
        load: async () => null,
        save: async (checkpoint) => {
          saving++;
          await saveGate;
          saved.push(checkpoint);
        },
      },
      eventTypes: ['Wanted'],
      checkpointIntervalMs: 1,
      handle: async (stored) => void handled.push(stored.streamName),
    });
    try {
      for (let i = 0; i < 5; i++) await client.appendToStream(`noise-${i}`, jsonEvent({ type: 'Noise', data: {} }));
      runner.start();
      await waitFor(() => saving > 0);
      await client.appendToStream('wanted-during-save', jsonEvent({ type: 'Wanted', data: {} }));
      await waitFor(() => handled.length > 0, 3_000);
      expect(handled).toEqual(['wanted-during-save']);
      const stopped = runner.stop().then(() => 'stopped');
      await new Promise((r) => setTimeout(r, 100));
      expect(await Promise.race([stopped, Promise.resolve('waiting')])).toBe('waiting');
      releaseSave();
      await expect(stopped).resolves.toBe('stopped');
      expect(saved.length).toBe(saving);
    } finally {
      releaseSave();
      await runner.stop();
      await client.dispose();
      await server.stop();
    }
  });
});
