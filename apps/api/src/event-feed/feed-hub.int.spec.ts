import { EventStoreDBClient, jsonEvent } from '@eventstore/db-client';
import { startEventStoreServer, type EmbeddedEventStore } from '@app/eventstore-server';
import { FeedHub } from './feed-hub';
import type { FeedStream } from './feed-stream';

const config = { heartbeatMs: 60_000, clientBufferBytes: 1 << 20, recentEvents: 100, maxConnections: 10, maxConnectionsPerPartner: 10 };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The `id:` of every frame the stream has sent so far. */
function ids(stream: FeedStream): bigint[] {
  const seen: bigint[] = [];
  stream.on('data', (chunk: Buffer | string) => {
    for (const match of String(chunk).matchAll(/^id: (\d+)$/gm)) seen.push(BigInt(match[1]));
  });
  return seen;
}

describe('the feed hub subscribes to the log only while clients are connected', () => {
  let store: EmbeddedEventStore;
  let client: EventStoreDBClient;
  beforeAll(async () => {
    store = await startEventStoreServer({ port: 0, memory: true });
    client = EventStoreDBClient.connectionString(store.connectionString);
  });
  afterAll(async () => {
    await client?.dispose();
    await store?.stop();
  });

  const append = async (partnerId: string, n: number) => {
    const result = await client.appendToStream(
      `customer-c${n}`,
      jsonEvent({
        type: 'CustomerDetailsUpdated',
        data: { customerId: `c${n}`, partnerId, companyName: `v${n}`, updatedAt: new Date().toISOString() },
      }),
    );
    return result.position!.commit;
  };
  const until = async (check: () => boolean) => {
    for (let i = 0; i < 200 && !check(); i++) await sleep(10);
    expect(check()).toBe(true);
  };

  it('is idle with no client, wakes for the first, sleeps after the last, and a resumed client misses nothing', async () => {
    const hub = new FeedHub(client, { config, source: () => 'https://api.example/v1', idleMs: 50 });
    hub.start();
    try {
      expect(hub.stats().subscribed).toBe(false);
      const first = await hub.open({ partnerId: 'p1', disconnect: () => undefined });
      if ('refused' in first) throw new Error('refused');
      expect(hub.stats().subscribed).toBe(true);
      const seen = ids(first.stream);
      const a = await append('p1', 1);
      await until(() => seen.includes(a));

      first.release();
      first.stream.destroy();
      await until(() => !hub.stats().subscribed);
      // Appended while nobody follows: the hub holds nothing of it, a resuming client reads it from the store.
      const missed = [await append('p1', 2), await append('someone-else', 3), await append('p1', 4)];
      const resumed = await hub.open({ partnerId: 'p1', after: a, disconnect: () => undefined });
      if ('refused' in resumed) throw new Error('refused');
      const after = ids(resumed.stream);
      const live = await append('p1', 5);
      await until(() => after.includes(live));
      expect(after).toEqual([missed[0], missed[2], live]);
      resumed.release();
      resumed.stream.destroy();
    } finally {
      await hub.stop();
    }
  });
});
