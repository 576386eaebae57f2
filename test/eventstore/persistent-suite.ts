// Persistent subscriptions (ESDB-WIRE A7, with the A1 advertisement and A9 error trailers), written once
// and run by persistent*.e2e.spec.ts with each client. The two clients' generated protobuf code shares one
// global namespace, so each spec file loads exactly one of them; this module imports no client at run time.
import { randomUUID } from 'node:crypto';
import type {
  EventStoreDBClient,
  PersistentSubscriptionToAllSettings,
  PersistentSubscriptionToStream,
  PersistentSubscriptionToStreamResolvedEvent,
  PersistentSubscriptionToStreamSettings,
  jsonEvent,
  binaryEvent,
  streamNameFilter,
  eventTypeFilter,
} from '@eventstore/db-client';
import { startEventStoreServer, type EmbeddedEventStore } from '@app/eventstore-server';
import { spawnServer } from '../support/eventstore';

/** What the suite needs from a client package; the KurrentDB client is used through the same names. */
export interface PersistentKit {
  name: string;
  connect(connectionString: string): EventStoreDBClient;
  jsonEvent: typeof jsonEvent;
  binaryEvent: typeof binaryEvent;
  streamNameFilter: typeof streamNameFilter;
  eventTypeFilter: typeof eventTypeFilter;
  /** The client can ask for the strategy only the `consumer_strategy` string carries (KurrentDB client). */
  pinnedByCorrelation: boolean;
  streamSettings(changes?: Partial<PersistentSubscriptionToStreamSettings>): PersistentSubscriptionToStreamSettings;
  allSettings(changes?: Partial<PersistentSubscriptionToAllSettings>): PersistentSubscriptionToAllSettings;
}

type Client = EventStoreDBClient;
const START = 'start';
const END = 'end';

type Delivery = PersistentSubscriptionToStreamResolvedEvent;
type Subscription = PersistentSubscriptionToStream;

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const unique = (prefix: string) => `${prefix}-${randomUUID()}`;

/** Records what a subscription delivers; the handler decides ack/nack. */
class Deliveries {
  readonly items: Delivery[] = [];
  error: (Error & { type?: string }) | undefined;
  private wake: () => void = () => undefined;

  constructor(
    readonly subscription: Subscription,
    handler: (event: Delivery, subscription: Subscription) => Promise<void> | void = (event, sub) => sub.ack(event),
  ) {
    subscription.on('data', (event: Delivery) => {
      this.items.push(event);
      this.wake();
      void Promise.resolve(handler(event, subscription)).catch((error: Error) => {
        this.error = error;
      });
    });
    subscription.on('error', (error: Error) => {
      this.error = error;
      this.wake();
    });
  }

  /** Resolves once at least `count` deliveries arrived; fails with what did arrive after `timeoutMs`. */
  async until(count: number, timeoutMs = 8000): Promise<Delivery[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.items.length < count) {
      if (this.error) throw this.error;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`expected ${count} deliveries, got ${this.items.length}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 200));
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    return this.items;
  }

  async failure(timeoutMs = 5000): Promise<Error & { type?: string }> {
    const deadline = Date.now() + timeoutMs;
    while (!this.error && Date.now() < deadline) await delay(20);
    if (!this.error) throw new Error('expected the subscription to fail');
    return this.error;
  }

  revisions(): Array<[bigint | undefined, number]> {
    return this.items.map((item) => [item.event?.revision, item.retryCount]);
  }
}

async function rejectionOf(promise: Promise<unknown>): Promise<Error & { type?: string }> {
  try {
    await promise;
  } catch (error) {
    return error as Error & { type?: string };
  }
  throw new Error('expected the call to fail');
}

async function eventually(check: () => Promise<boolean> | boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await delay(25);
  }
}

/**
 * Every client-observable A7 item; `full` = false runs the subset both clients share (the shapes of
 * management calls, retry/park/replay/timeout accounting), keeping the second run short.
 */
export function persistentSuite(kit: PersistentKit, full: boolean): void {
  let server: EmbeddedEventStore;
  let client: Client;
  const open: Subscription[] = [];
  const streamSettings = (changes: Partial<PersistentSubscriptionToStreamSettings> = {}) =>
    kit.streamSettings({ startFrom: START, ...changes });
  const persistentSubscriptionToAllSettingsFromDefaults = kit.allSettings;

  beforeAll(async () => {
    server = await startEventStoreServer({ port: 0, memory: true });
    client = kit.connect(server.connectionString);
  });

  afterEach(async () => {
    await Promise.all(open.splice(0).map((subscription) => subscription.unsubscribe()));
  });

  afterAll(async () => {
    await client.dispose();
    await server.stop();
  });

  const append = (stream: string, count: number, type = 'Tested') =>
    client.appendToStream(
      stream,
      Array.from({ length: count }, (_, n) => kit.jsonEvent({ type, data: { n } })),
    );

  const subscribe = (stream: string, group: string, bufferSize = 10): Subscription => {
    const subscription = client.subscribeToPersistentSubscriptionToStream(stream, group, { bufferSize });
    open.push(subscription);
    return subscription;
  };

  const connections = async (stream: string, group: string) =>
    (await client.getPersistentSubscriptionToStreamInfo(stream, group)).connections.length;

  it('round-trips every setting through GetInfo and List after create and after update', async () => {
    const stream = unique('ps-settings');
    const created = streamSettings({
      startFrom: BigInt(3),
      resolveLinkTos: true,
      extraStatistics: true,
      messageTimeout: 12_345,
      maxRetryCount: 7,
      checkPointAfter: 3_210,
      checkPointLowerBound: 3,
      checkPointUpperBound: 33,
      maxSubscriberCount: 4,
      liveBufferSize: 111,
      readBatchSize: 22,
      historyBufferSize: 333,
      consumerStrategyName: 'Pinned',
    });
    await client.createPersistentSubscriptionToStream(stream, 'g', created);
    const info = await client.getPersistentSubscriptionToStreamInfo(stream, 'g');
    expect(info.settings).toEqual(created);
    expect(info).toMatchObject({ eventSource: stream, groupName: 'g', status: 'Live', connections: [] });

    const updated = streamSettings({
      startFrom: END,
      maxSubscriberCount: 'unbounded',
      consumerStrategyName: 'DispatchToSingle',
      readBatchSize: 5,
    });
    await client.updatePersistentSubscriptionToStream(stream, 'g', updated);
    expect((await client.getPersistentSubscriptionToStreamInfo(stream, 'g')).settings).toEqual(updated);
    const listed = await client.listPersistentSubscriptionsToStream(stream);
    expect(listed.map((group) => [group.groupName, group.settings])).toEqual([['g', updated]]);
    const everything = await client.listAllPersistentSubscriptions();
    expect(everything.some((group) => group.eventSource === stream && group.groupName === 'g')).toBe(true);
  });

  it('refuses a second group of the same name with persistent-subscription-exists', async () => {
    const stream = unique('ps-exists');
    await client.createPersistentSubscriptionToStream(stream, 'g', streamSettings());
    const error = await rejectionOf(client.createPersistentSubscriptionToStream(stream, 'g', streamSettings()));
    expect(error).toMatchObject({ type: 'persistent-subscription-exists', streamName: stream, groupName: 'g' });
  });

  it('lets exactly one of several concurrent creates of a group win', async () => {
    const stream = unique('ps-race');
    const outcomes = await Promise.allSettled(
      Array.from({ length: 5 }, (_, i) => client.createPersistentSubscriptionToStream(stream, 'g', streamSettings({ maxRetryCount: i }))),
    );
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    for (const outcome of outcomes) {
      if (outcome.status === 'rejected') expect(outcome.reason).toMatchObject({ type: 'persistent-subscription-exists' });
    }
    const winner = outcomes.findIndex((outcome) => outcome.status === 'fulfilled');
    expect((await client.getPersistentSubscriptionToStreamInfo(stream, 'g')).settings.maxRetryCount).toBe(winner);
  });

  it('refuses bad settings with persistent-subscription-failed and creates nothing', async () => {
    const stream = unique('ps-bad');
    const error = await rejectionOf(client.createPersistentSubscriptionToStream(stream, 'g', streamSettings({ maxRetryCount: -1 })));
    expect(error).toMatchObject({ type: 'persistent-subscription-failed', streamName: stream, groupName: 'g' });
    expect((error as unknown as { reason: string }).reason).toContain('maxRetryCount');
    expect(await rejectionOf(client.getPersistentSubscriptionToStreamInfo(stream, 'g'))).toMatchObject({
      type: 'persistent-subscription-does-not-exist',
    });
  });

  it('answers a missing group with NOT_FOUND and the real server texts', async () => {
    const stream = unique('ps-missing');
    const notFound = `5 NOT_FOUND: Subscription group nope on stream ${stream} does not exist.`;
    for (const call of [
      () => client.getPersistentSubscriptionToStreamInfo(stream, 'nope'),
      () => client.updatePersistentSubscriptionToStream(stream, 'nope', streamSettings()),
      () => client.deletePersistentSubscriptionToStream(stream, 'nope'),
      () => client.replayParkedMessagesToStream(stream, 'nope'),
    ]) {
      const error = await rejectionOf(call());
      expect(error).toMatchObject({ type: 'persistent-subscription-does-not-exist', message: notFound });
    }
    const listed = await rejectionOf(client.listPersistentSubscriptionsToStream(stream));
    expect(listed).toMatchObject({
      type: 'persistent-subscription-does-not-exist',
      message: `5 NOT_FOUND: Subscription group  on stream ${stream} does not exist.`,
    });
    const read = new Deliveries(subscribe(stream, 'nope'));
    expect(await read.failure()).toMatchObject({ type: 'persistent-subscription-does-not-exist' });
  });

  it('delivers from an inclusive start revision with the confirmation <stream>::<group> and retry count 0', async () => {
    const stream = unique('ps-from');
    await append(stream, 5);
    await client.createPersistentSubscriptionToStream(stream, 'g', streamSettings({ startFrom: BigInt(2) }));
    const subscription = subscribe(stream, 'g');
    const confirmed = new Promise<void>((resolve) => subscription.once('confirmation', () => resolve()));
    const deliveries = new Deliveries(subscription);
    await deliveries.until(3);
    await confirmed;
    expect((subscription as unknown as { id: string }).id).toBe(`${stream}::g`);
    expect(deliveries.revisions()).toEqual([
      [BigInt(2), 0],
      [BigInt(3), 0],
      [BigInt(4), 0],
    ]);
    const stored = [];
    for await (const resolved of client.readStream(stream, { fromRevision: BigInt(2) })) stored.push(resolved.event?.position);
    expect(deliveries.items.map((item) => item.event?.position)).toEqual(stored);
  });

  it('starts an END group at creation: only events appended later are delivered', async () => {
    const stream = unique('ps-end');
    await append(stream, 4, 'Old');
    await client.createPersistentSubscriptionToStream(stream, 'g', streamSettings({ startFrom: END }));
    await append(stream, 4, 'New');
    const deliveries = new Deliveries(subscribe(stream, 'g'));
    await deliveries.until(4);
    await delay(200);
    expect(deliveries.items.map((item) => item.event?.type)).toEqual(['New', 'New', 'New', 'New']);
  });

  it('parks a message after maxRetryCount retries: delivered maxRetryCount + 1 times with exact retry counts', async () => {
    const stream = unique('ps-retry');
    await append(stream, 1);
    await client.createPersistentSubscriptionToStream(stream, 'g', streamSettings({ maxRetryCount: 5 }));
    const deliveries = new Deliveries(subscribe(stream, 'g'), (event, sub) => sub.nack('retry', 'again', event));
    await deliveries.until(6);
    await eventually(async () => (await client.getPersistentSubscriptionToStreamInfo(stream, 'g')).stats.parkedMessageCount === BigInt(1));
    await delay(200);
    expect(deliveries.items.map((item) => item.retryCount)).toEqual([0, 1, 2, 3, 4, 5]);
    const parked = [];
    for await (const event of client.readStream(`$persistentsubscription-${stream}::g-parked`)) parked.push(event);
    expect(parked).toHaveLength(1);
    expect(parked[0].link?.type ?? parked[0].event?.type).toBe('$>');
  });

  it('skip 20 + retry 20 gives 20 + 2x20 + 1 deliveries', async () => {
    const stream = unique('ps-skip-retry');
    await append(stream, 41);
    await client.createPersistentSubscriptionToStream(stream, 'g', streamSettings({ maxRetryCount: 5 }));
    const deliveries = new Deliveries(subscribe(stream, 'g', 50), (event, sub) => {
      const n = Number(event.event!.revision);
      if (n < 20) return sub.nack('skip', 'skip', event);
      if (n < 40 && event.retryCount === 0) return sub.nack('retry', 'once more', event);
      return sub.ack(event);
    });
    await deliveries.until(61);
    await delay(300);
    expect(deliveries.items).toHaveLength(61);
    const retried = deliveries.items.filter((item) => item.retryCount === 1).map((item) => Number(item.event!.revision));
    expect(retried.sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => 20 + i));
    const info = await client.getPersistentSubscriptionToStreamInfo(stream, 'g');
    expect(info.stats.parkedMessageCount).toBe(BigInt(0));
  });

  // ESDB pushes what it can at the end of each Ack/Nack call, so every retry goes out before the next new
  // event. The server runs in its own process: sharing the client's event loop hides the timing that broke this.
  it('redelivers every retried event before the next new one, in 50 runs out of 50 with the default buffer', async () => {
    const child = await spawnServer({ memory: true });
    const remote = kit.connect(child.connectionString);
    const seen: number[] = [];
    try {
      for (let run = 0; run < 50; run++) seen.push(await deliveriesUntilFinished(remote));
    } finally {
      await remote.dispose();
      await child.kill('SIGTERM');
    }
    expect(seen).toEqual(Array.from({ length: 50 }, () => 61));
  }, 60_000);

  /** 20 events skipped, 20 retried once, then a finish event: the deliveries seen when it arrives. */
  const deliveriesUntilFinished = async (remote: Client): Promise<number> => {
    const stream = unique('ps-retry-order');
    const events = (count: number, type = 'Tested') => Array.from({ length: count }, (_, n) => kit.jsonEvent({ type, data: { n } }));
    await remote.appendToStream(stream, events(20));
    await remote.appendToStream(stream, events(20));
    await remote.appendToStream(stream, events(1, 'Finished'));
    await remote.createPersistentSubscriptionToStream(stream, 'g', streamSettings());
    const subscription = remote.subscribeToPersistentSubscriptionToStream(stream, 'g');
    try {
      return await new Promise<number>((resolve, reject) => {
        let count = 0;
        subscription.on('error', reject);
        subscription.on('data', (event: Delivery) => {
          count++;
          const n = Number(event.event!.revision);
          if (n < 20) return void subscription.nack('skip', 'skip', event);
          if (n < 40 && event.retryCount === 0) return void subscription.nack('retry', 'once more', event);
          if (n === 40) resolve(count);
          void subscription.ack(event);
        });
      });
    } finally {
      await subscription.unsubscribe();
    }
  };

  it('replays parked messages in parking order with retry count 0, honouring stopAt', async () => {
    const stream = unique('ps-replay');
    await append(stream, 20);
    await client.createPersistentSubscriptionToStream(stream, 'g', streamSettings());
    let park = true;
    const deliveries = new Deliveries(subscribe(stream, 'g', 30), (event, sub) =>
      park ? sub.nack('park', 'parked by test', event) : sub.ack(event),
    );
    await deliveries.until(20);
    const parkedCount = async () => (await client.getPersistentSubscriptionToStreamInfo(stream, 'g')).stats.parkedMessageCount;
    await eventually(async () => (await parkedCount()) === BigInt(20));

    park = false;
    await client.replayParkedMessagesToStream(stream, 'g', { stopAt: 4 });
    await deliveries.until(24);
    await delay(300);
    expect(deliveries.items).toHaveLength(24);
    expect(deliveries.revisions().slice(20)).toEqual([0, 1, 2, 3].map((n) => [BigInt(n), 0]));
    await eventually(async () => (await parkedCount()) === BigInt(16));

    await client.replayParkedMessagesToStream(stream, 'g');
    await deliveries.until(40);
    expect(deliveries.revisions().slice(24)).toEqual(Array.from({ length: 16 }, (_, i) => [BigInt(i + 4), 0]));
    await eventually(async () => (await parkedCount()) === BigInt(0));
  });

  it('handles unicode stream and group names end to end, parked replay included', async () => {
    const stream = unique('ps-ünïcødé-流');
    const group = 'グループ-😀';
    await append(stream, 2);
    await client.createPersistentSubscriptionToStream(stream, group, streamSettings());
    let park = true;
    const subscription = subscribe(stream, group);
    const deliveries = new Deliveries(subscription, (event, sub) => (park ? sub.nack('park', 'later', event) : sub.ack(event)));
    await deliveries.until(2);
    const info = async () => client.getPersistentSubscriptionToStreamInfo(stream, group);
    await eventually(async () => (await info()).stats.parkedMessageCount === BigInt(2));
    expect((subscription as unknown as { id: string }).id).toBe(`${stream}::${group}`);
    park = false;
    await client.replayParkedMessagesToStream(stream, group);
    await deliveries.until(4);
    expect(deliveries.items.slice(2).map((item) => item.event?.streamId)).toEqual([stream, stream]);
    await eventually(async () => (await info()).stats.parkedMessageCount === BigInt(0));
  });

  it('limits in-flight messages to the buffer size of the connection', async () => {
    const stream = unique('ps-buffer');
    await append(stream, 10);
    await client.createPersistentSubscriptionToStream(stream, 'g', streamSettings());
    const held: Delivery[] = [];
    const deliveries = new Deliveries(subscribe(stream, 'g', 3), (event) => {
      held.push(event);
    });
    await deliveries.until(3);
    await delay(300);
    expect(deliveries.items).toHaveLength(3);
    const info = await client.getPersistentSubscriptionToStreamInfo(stream, 'g');
    expect(info.connections[0]).toMatchObject({ availableSlots: 0, inFlightMessages: 3 });
    await deliveries.subscription.ack(...held.splice(0));
    await deliveries.until(6);
    expect(deliveries.items.map((item) => Number(item.event!.revision))).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('redelivers an unacknowledged message after the message timeout with retry count + 1', async () => {
    const stream = unique('ps-timeout');
    await append(stream, 1);
    await client.createPersistentSubscriptionToStream(stream, 'g', streamSettings({ messageTimeout: 300 }));
    const deliveries = new Deliveries(subscribe(stream, 'g'), (event, sub) => (event.retryCount === 0 ? undefined : sub.ack(event)));
    await deliveries.until(2);
    expect(deliveries.revisions()).toEqual([
      [BigInt(0), 0],
      [BigInt(0), 1],
    ]);
  });

  if (kit.pinnedByCorrelation) {
    it('pins each correlation id to one connection (PinnedByCorrelation)', async () => {
      const stream = unique('ps-correlation');
      const settings = streamSettings({ consumerStrategyName: 'PinnedByCorrelation' as 'Pinned' });
      await client.createPersistentSubscriptionToStream(stream, 'g', settings);
      expect((await client.getPersistentSubscriptionToStreamInfo(stream, 'g')).settings.consumerStrategyName).toBe('PinnedByCorrelation');
      const a = new Deliveries(subscribe(stream, 'g', 50));
      await eventually(async () => (await connections(stream, 'g')) === 1);
      const b = new Deliveries(subscribe(stream, 'g', 50));
      await eventually(async () => (await connections(stream, 'g')) === 2);
      const correlations = ['c1', 'c2', 'c1', 'c2', 'c1', 'c2'];
      await client.appendToStream(
        stream,
        correlations.map((correlationId, n) => kit.jsonEvent({ type: 'Tested', data: { n }, metadata: { $correlationId: correlationId } })),
      );
      await eventually(() => a.items.length + b.items.length === 6);
      const owners = (deliveries: Deliveries) =>
        new Set(deliveries.items.map((item) => (item.event?.metadata as { $correlationId: string }).$correlationId));
      expect(a.items.length).toBeGreaterThan(0);
      expect(b.items.length).toBeGreaterThan(0);
      expect([...owners(a)].filter((id) => owners(b).has(id))).toEqual([]);
    });
  }

  if (!full) return;

  it('acks by the link id when links are resolved', async () => {
    const source = unique('ps-linked');
    const links = unique('ps-links');
    await append(source, 2);
    await client.appendToStream(links, [
      kit.binaryEvent({ type: '$>', data: Buffer.from(`0@${source}`) }),
      kit.binaryEvent({ type: '$>', data: Buffer.from(`1@${source}`) }),
    ]);
    await client.createPersistentSubscriptionToStream(links, 'g', streamSettings({ resolveLinkTos: true, messageTimeout: 1000 }));
    const deliveries = new Deliveries(subscribe(links, 'g'));
    await deliveries.until(2);
    // An ack by any other id would leave the message in flight and the timeout would redeliver it.
    await delay(1500);
    expect(deliveries.items).toHaveLength(2);
    expect(deliveries.items.map((item) => [item.event?.streamId, item.link?.streamId])).toEqual([
      [source, links],
      [source, links],
    ]);
    expect(deliveries.items[0].event?.position).toEqual(deliveries.items[0].link?.position);
  });

  it('leaves a message in flight on nack stop, so only its timeout redelivers it', async () => {
    const stream = unique('ps-stop');
    await append(stream, 1);
    await client.createPersistentSubscriptionToStream(stream, 'g', streamSettings({ messageTimeout: 1500 }));
    const deliveries = new Deliveries(subscribe(stream, 'g'), (event, sub) =>
      event.retryCount === 0 ? sub.nack('stop', 'stop', event) : sub.ack(event),
    );
    await deliveries.until(1);
    await delay(300);
    expect(deliveries.items).toHaveLength(1);
    await deliveries.until(2);
    expect(deliveries.items[1].retryCount).toBe(1);
  });

  it('redelivers the messages of a consumer that disconnects to the others', async () => {
    const stream = unique('ps-disconnect');
    await client.createPersistentSubscriptionToStream(stream, 'g', streamSettings({ consumerStrategyName: 'DispatchToSingle' }));
    const first = new Deliveries(subscribe(stream, 'g', 5), () => undefined);
    await eventually(async () => (await connections(stream, 'g')) === 1);
    const second = new Deliveries(subscribe(stream, 'g', 5));
    await eventually(async () => (await connections(stream, 'g')) === 2);
    await append(stream, 3);
    await first.until(3);
    expect(second.items).toHaveLength(0);
    await first.subscription.unsubscribe();
    await second.until(3);
    expect(second.revisions()).toEqual([0, 1, 2].map((n) => [BigInt(n), 1]));
  });

  it('spreads messages by strategy: RoundRobin alternates, DispatchToSingle fills one connection first', async () => {
    const run = async (strategy: 'RoundRobin' | 'DispatchToSingle') => {
      const stream = unique(`ps-${strategy}`);
      await client.createPersistentSubscriptionToStream(stream, 'g', streamSettings({ consumerStrategyName: strategy }));
      const a = new Deliveries(subscribe(stream, 'g', 4), () => undefined);
      await eventually(async () => (await connections(stream, 'g')) === 1);
      const b = new Deliveries(subscribe(stream, 'g', 4), () => undefined);
      await eventually(async () => (await connections(stream, 'g')) === 2);
      await append(stream, 6);
      await eventually(() => a.items.length + b.items.length === 6);
      return [a, b].map((d) => d.items.map((item) => Number(item.event!.revision)));
    };
    expect(await run('RoundRobin')).toEqual([
      [0, 2, 4],
      [1, 3, 5],
    ]);
    expect(await run('DispatchToSingle')).toEqual([
      [0, 1, 2, 3],
      [4, 5],
    ]);
  });

  it('pins each source stream to one connection (Pinned, $all group with a stream prefix filter)', async () => {
    const prefix = unique('pspin').replace(/-/g, '');
    const group = unique('g');
    await client.createPersistentSubscriptionToAll(
      group,
      persistentSubscriptionToAllSettingsFromDefaults({ startFrom: END, consumerStrategyName: 'Pinned' }),
      { filter: kit.streamNameFilter({ prefixes: [prefix] }) },
    );
    const subscribeAll = () => {
      const subscription = client.subscribeToPersistentSubscriptionToAll(group, { bufferSize: 100 });
      open.push(subscription as unknown as Subscription);
      return new Deliveries(subscription as unknown as Subscription);
    };
    const allConnections = async () => (await client.getPersistentSubscriptionToAllInfo(group)).connections.length;
    const a = subscribeAll();
    await eventually(async () => (await allConnections()) === 1);
    const b = subscribeAll();
    await eventually(async () => (await allConnections()) === 2);
    const streams = Array.from({ length: 8 }, (_, i) => `${prefix}-${i}`);
    for (let round = 0; round < 3; round++) for (const stream of streams) await append(stream, 1);
    await append(unique('elsewhere'), 2);
    await eventually(() => a.items.length + b.items.length === 24);
    await delay(200);
    expect(a.items.length + b.items.length).toBe(24);
    const owners = new Map<string, Set<string>>();
    for (const [name, deliveries] of [
      ['a', a],
      ['b', b],
    ] as const) {
      for (const item of deliveries.items) {
        const set = owners.get(item.event!.streamId) ?? new Set<string>();
        set.add(name);
        owners.set(item.event!.streamId, set);
      }
    }
    expect([...owners.keys()].sort()).toEqual([...streams].sort());
    for (const set of owners.values()) expect(set.size).toBe(1);
  });

  it('serves $all groups from a position with a filter, and validates the start position', async () => {
    const prefix = unique('psall').replace(/-/g, '');
    await append(`${prefix}-before`, 1);
    const marker = await client.appendToStream(`${prefix}-a`, kit.jsonEvent({ type: 'Marker', data: {} }));
    await append(`${prefix}-b`, 2);
    await append(unique('other'), 2);
    const group = unique('g');
    const settings = persistentSubscriptionToAllSettingsFromDefaults({ startFrom: marker.position!, maxRetryCount: 3 });
    await client.createPersistentSubscriptionToAll(group, settings, { filter: kit.streamNameFilter({ prefixes: [prefix] }) });
    const info = await client.getPersistentSubscriptionToAllInfo(group);
    expect(info.settings).toEqual(settings);
    expect(info.eventSource).toBe('$all');
    const subscription = client.subscribeToPersistentSubscriptionToAll(group);
    open.push(subscription as unknown as Subscription);
    const deliveries = new Deliveries(subscription as unknown as Subscription);
    await deliveries.until(3);
    await delay(200);
    expect(deliveries.items.map((item) => [item.event?.streamId, item.event?.type])).toEqual([
      [`${prefix}-a`, 'Marker'],
      [`${prefix}-b`, 'Tested'],
      [`${prefix}-b`, 'Tested'],
    ]);

    const updated = persistentSubscriptionToAllSettingsFromDefaults({ startFrom: START, readBatchSize: 7, consumerStrategyName: 'Pinned' });
    await client.updatePersistentSubscriptionToAll(group, updated);
    const listed = await client.listPersistentSubscriptionsToAll();
    expect(listed.find((entry) => entry.groupName === group)?.settings).toEqual(updated);

    const byType = unique('g');
    await client.createPersistentSubscriptionToAll(byType, persistentSubscriptionToAllSettingsFromDefaults({ startFrom: START }), {
      filter: kit.eventTypeFilter({ regex: '^Marker$' }),
    });
    const typed = client.subscribeToPersistentSubscriptionToAll(byType);
    open.push(typed as unknown as Subscription);
    const typedDeliveries = new Deliveries(typed as unknown as Subscription);
    await eventually(() => typedDeliveries.items.some((item) => item.event?.id === deliveries.items[0].event?.id));
    expect(typedDeliveries.items.every((item) => item.event?.type === 'Marker')).toBe(true);

    const beyond = { commit: marker.position!.commit + BigInt(1_000_000), prepare: marker.position!.prepare + BigInt(1_000_000) };
    const error = await rejectionOf(
      client.createPersistentSubscriptionToAll(unique('g'), persistentSubscriptionToAllSettingsFromDefaults({ startFrom: beyond })),
    );
    expect(error).toMatchObject({ type: 'persistent-subscription-failed' });
    expect((error as unknown as { reason: string }).reason).not.toBe('');
  });

  it('writes $PersistentConfig to $persistentSubscriptionConfig after an END start, so an unfiltered $all group sees it', async () => {
    const group = unique('g');
    await client.createPersistentSubscriptionToAll(group, persistentSubscriptionToAllSettingsFromDefaults({ startFrom: END }));
    const subscription = client.subscribeToPersistentSubscriptionToAll(group);
    open.push(subscription as unknown as Subscription);
    const deliveries = new Deliveries(subscription as unknown as Subscription);
    await deliveries.until(1);
    expect(deliveries.items[0].event).toMatchObject({ streamId: '$persistentSubscriptionConfig', type: '$PersistentConfig' });
    await client.deletePersistentSubscriptionToAll(group);
  });

  it('refuses a connection beyond maxSubscriberCount with maximum-subscribers-reached', async () => {
    const stream = unique('ps-max');
    await client.createPersistentSubscriptionToStream(stream, 'g', streamSettings({ maxSubscriberCount: 1 }));
    new Deliveries(subscribe(stream, 'g'));
    await eventually(async () => (await connections(stream, 'g')) === 1);
    const second = new Deliveries(subscribe(stream, 'g'));
    expect(await second.failure()).toMatchObject({ type: 'maximum-subscribers-reached' });
  });

  it('drops connected consumers with does-not-exist when the group is deleted', async () => {
    const stream = unique('ps-delete');
    await client.createPersistentSubscriptionToStream(stream, 'g', streamSettings());
    const deliveries = new Deliveries(subscribe(stream, 'g'));
    await eventually(async () => (await connections(stream, 'g')) === 1);
    await client.deletePersistentSubscriptionToStream(stream, 'g');
    expect(await deliveries.failure()).toMatchObject({ type: 'persistent-subscription-does-not-exist' });
    await client.createPersistentSubscriptionToStream(stream, 'g', streamSettings());
    expect((await client.getPersistentSubscriptionToStreamInfo(stream, 'g')).stats.lastCheckpointedEventRevision).toBeUndefined();
  });

  it('reports connections with their connection name, extra statistics, known and checkpointed positions', async () => {
    const stream = unique('ps-info');
    await client.createPersistentSubscriptionToStream(
      stream,
      'g',
      streamSettings({ extraStatistics: true, checkPointLowerBound: 1, checkPointUpperBound: 10, checkPointAfter: 100 }),
    );
    const before = await client.getPersistentSubscriptionToStreamInfo(stream, 'g');
    expect(before.stats.lastKnownEventRevision).toBeUndefined();
    expect(before.stats.lastCheckpointedEventRevision).toBeUndefined();
    await append(stream, 500);
    const deliveries = new Deliveries(subscribe(stream, 'g', 50));
    await deliveries.until(500, 15_000);
    await eventually(async () => {
      const info = await client.getPersistentSubscriptionToStreamInfo(stream, 'g');
      return info.stats.lastCheckpointedEventRevision === BigInt(499);
    });
    const info = await client.getPersistentSubscriptionToStreamInfo(stream, 'g');
    expect(info.stats.lastKnownEventRevision).toBe(BigInt(499));
    expect(info.stats.totalItems).toBe(BigInt(500));
    expect(info.connections).toHaveLength(1);
    const connection = info.connections[0];
    expect(connection.connectionName).toBe(client.connectionName);
    expect(connection.totalItems).toBe(BigInt(500));
    expect(connection.availableSlots).toBe(50);
    expect([...connection.extraStatistics!.keys()]).toEqual([
      'mean',
      'median',
      'fastest',
      'quintile 1',
      'quintile 2',
      'quintile 3',
      'quintile 4',
      'quintile 5',
      '90%',
      '95%',
      '99%',
      '99.5%',
      '99.9%',
      'highest',
    ]);
    // Throttled: far fewer checkpoint records than acknowledged messages.
    const checkpoints = [];
    for await (const event of client.readStream(`$persistentsubscription-${stream}::g-checkpoint`)) checkpoints.push(event);
    expect(checkpoints.length).toBeGreaterThan(0);
    expect(checkpoints.length).toBeLessThanOrEqual(60);
    expect(checkpoints[checkpoints.length - 1].event).toMatchObject({ type: '$SubscriptionCheckpoint', data: '499' });
  });

  it('restarts the subsystem: connections are dropped, groups stay', async () => {
    const stream = unique('ps-restart');
    await client.createPersistentSubscriptionToStream(stream, 'g', streamSettings());
    const deliveries = new Deliveries(subscribe(stream, 'g'));
    await eventually(async () => (await connections(stream, 'g')) === 1);
    await client.restartPersistentSubscriptionSubsystem();
    expect(await deliveries.failure()).toMatchObject({ type: 'persistent-subscription-dropped' });
    expect(await connections(stream, 'g')).toBe(0);
    await append(stream, 1);
    const again = new Deliveries(subscribe(stream, 'g'));
    await again.until(1);
  });
}
