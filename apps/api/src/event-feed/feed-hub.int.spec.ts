import { EventEmitter } from 'node:events';
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

  it("moves streams past other partners' events without cutting them off, and never past their own undelivered ones", async () => {
    // A memory of 20 events and a buffer of one frame: 40 events of another partner would leave a stream behind if
    // its cursor stayed where it was, and a paused stream holds its own events back behind a burst of others'.
    const small = { ...config, recentEvents: 20, clientBufferBytes: 1_024 };
    const hub = new FeedHub(client, { config: small, source: () => 'https://api.example/v1', idleMs: 50 });
    hub.start();
    const open = async (partnerId: string) => {
      const admitted = await hub.open({ partnerId, disconnect: () => undefined });
      if ('refused' in admitted) throw new Error('refused');
      return { ...admitted, seen: ids(admitted.stream) };
    };
    try {
      const paused = await open('k1');
      const quiet = await open('k3');
      paused.stream.pause();
      const own: bigint[] = [];
      for (let n = 2000; n < 2005; n++) own.push(await append('k1', n));
      for (let n = 2005; n < 2015; n++) await append('k2', n);
      paused.stream.resume();
      await until(() => paused.seen.length === own.length);
      expect(paused.seen).toEqual(own);

      let last = 0n;
      for (let n = 2015; n < 2055; n++) last = await append('k2', n);
      await until(() => quiet.stream.position === last);
      const mine = await append('k3', 2055);
      await until(() => quiet.seen.length > 0);
      expect(quiet.seen).toEqual([mine]);
      expect(hub.stats().cutOffs).toBe(0);
      for (const { stream, release } of [paused, quiet]) {
        release();
        stream.destroy();
      }
    } finally {
      await hub.stop();
    }
  });

  it('hands an event to its streams before the loop turns to the other callbacks that are ready', async () => {
    // A stand-in for the store: the test decides when the subscription delivers.
    const subscription = Object.assign(new EventEmitter(), { unsubscribe: async () => undefined });
    const standIn = { subscribeToAll: () => subscription, readAll: async function* () {} } as unknown as EventStoreDBClient;
    const hub = new FeedHub(standIn, { config, source: () => 'https://api.example/v1' });
    hub.start();
    try {
      const admitted = await hub.open({ partnerId: 'n1', disconnect: () => undefined });
      if ('refused' in admitted) throw new Error('refused');
      const seen = ids(admitted.stream);
      await sleep(10); // the stream reads to the head and waits there for the hub
      // Ready before the event arrives, as a command's request would be: it must not run first.
      const atNextCallback = new Promise<bigint[]>((resolve) => setImmediate(() => resolve([...seen])));
      const data = { customerId: 'c1', partnerId: 'n1', companyName: 'v1', updatedAt: new Date().toISOString() };
      const event = { id: 'e1', streamId: 'customer-c1', revision: 0n, type: 'CustomerDetailsUpdated', position: { commit: 10n } };
      subscription.emit('data', { event: { ...event, created: new Date(), data, metadata: {} } });
      expect(await atNextCallback).toEqual([10n]);
      admitted.release();
      admitted.stream.destroy();
    } finally {
      await hub.stop();
    }
  });

  it('gives clients that stall, are cut off and resume over and over exactly their events while the log moves', async () => {
    // A memory of 20 events and a buffer of one frame: a client that stops reading is soon left behind and cut off,
    // and it resumes from the store, then turns live again, while events keep arriving.
    const small = { ...config, recentEvents: 20, clientBufferBytes: 1_024 };
    const hub = new FeedHub(client, { config: small, source: () => 'https://api.example/v1', idleMs: 50 });
    hub.start();
    const partners = ['s1', 's2'];
    const start = await append('someone-else', 999);
    const written: { partnerId: string; position: bigint }[] = [];
    let appending = true;
    const connections = [0, 0, 0];
    // The log keeps moving until every client has been dropped and come back at least once and some stream was cut
    // off: on a fast machine 400 appends can end before the first connection does.
    const appender = (async () => {
      for (let n = 1000; n < 1400 || connections.some((c) => c < 2) || hub.stats().cutOffs === 0; n++) {
        const partnerId = n % 3 === 0 ? 'someone-else' : partners[n % 2];
        written.push({ partnerId, position: await append(partnerId, n) });
        if (n >= 1400) await sleep(2);
      }
      appending = false;
    })();
    /** One client: reads at a random pace, stalls now and then, and resumes from its last id whenever it is dropped. */
    const follow = async (partnerId: string, client: number) => {
      const received: bigint[] = [];
      const last = () => written.filter((e) => e.partnerId === partnerId).at(-1)?.position;
      while (appending || received.at(-1) !== last()) {
        const admitted = await hub.open({ partnerId, after: received.at(-1) ?? start, disconnect: () => undefined });
        if ('refused' in admitted) throw new Error('refused');
        connections[client]++;
        const seen = ids(admitted.stream);
        const stall = setInterval(() => {
          admitted.stream.pause();
          setTimeout(() => admitted.stream.resume(), 200 + Math.random() * 300);
        }, 400);
        await new Promise<void>((resolve) => {
          admitted.stream.once('close', resolve);
          // Now and then the client leaves by itself.
          setTimeout(() => admitted.stream.destroy(), 300 + Math.random() * 1_000);
        });
        clearInterval(stall);
        admitted.release();
        received.push(...seen);
      }
      return { received, connections: connections[client] };
    };
    try {
      const results = await Promise.all([follow('s1', 0), follow('s1', 1), follow('s2', 2)]);
      await appender;
      for (const [i, partnerId] of ['s1', 's1', 's2'].entries()) {
        const expected = written.filter((e) => e.partnerId === partnerId).map((e) => e.position);
        expect(results[i].received).toEqual(expected);
        expect(results[i].connections).toBeGreaterThan(1);
      }
      expect(hub.stats().cutOffs).toBeGreaterThan(0);
    } finally {
      await hub.stop();
    }
  });
});
