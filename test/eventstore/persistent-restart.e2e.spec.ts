// Persistent subscriptions across a restart (stop the server, start a new one on the same data directory):
// groups, checkpoints and parked messages come back and delivery resumes after the checkpoint. Also the
// persistent backlog the server reports in its stats.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { startEventStoreServer, type EmbeddedEventStore } from '@app/eventstore-server';
import {
  EventStoreDBClient,
  jsonEvent,
  persistentSubscriptionToAllSettingsFromDefaults,
  persistentSubscriptionToStreamSettingsFromDefaults,
  streamNameFilter,
  type PersistentSubscriptionToStream,
  type PersistentSubscriptionToStreamResolvedEvent,
} from '@eventstore/db-client';

type Delivery = PersistentSubscriptionToStreamResolvedEvent;

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function eventually(check: () => Promise<boolean> | boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await delay(25);
  }
}

/** Subscribes and records deliveries; `handle` acks, nacks or holds each one. */
function record(
  subscription: PersistentSubscriptionToStream,
  handle: (event: Delivery) => Promise<void> | void = (event) => subscription.ack(event),
): Delivery[] {
  const items: Delivery[] = [];
  subscription.on('data', (event: Delivery) => {
    items.push(event);
    void handle(event);
  });
  subscription.on('error', () => undefined);
  return items;
}

const append = (client: EventStoreDBClient, stream: string, count: number, type = 'Tested') =>
  client.appendToStream(
    stream,
    Array.from({ length: count }, (_, n) => jsonEvent({ type, data: { n } })),
  );

describe('persistent subscriptions across a restart', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'esdb-persistent-'));
  let server: EmbeddedEventStore | undefined;
  let client: EventStoreDBClient | undefined;

  const start = async () => {
    server = await startEventStoreServer({ port: 0, dataDir });
    client = EventStoreDBClient.connectionString(server.connectionString);
    return client;
  };
  const stop = async () => {
    await client?.dispose();
    await server?.stop();
    client = undefined;
    server = undefined;
  };

  afterAll(async () => {
    await stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('brings back groups, checkpoints and parked messages, and resumes after the checkpoint', async () => {
    const stream = `restart-${randomUUID()}`;
    const prefix = `rall${randomUUID().replace(/-/g, '')}`;
    const streamSettings = persistentSubscriptionToStreamSettingsFromDefaults({
      startFrom: 'start',
      maxRetryCount: 2,
      // No checkpoint while running: the one a graceful stop writes is what the restart resumes from.
      checkPointLowerBound: 1000,
      checkPointUpperBound: 1000,
      checkPointAfter: 60_000,
    });
    const allSettings = persistentSubscriptionToAllSettingsFromDefaults({ startFrom: 'end', consumerStrategyName: 'DispatchToSingle' });
    const endSettings = persistentSubscriptionToStreamSettingsFromDefaults({ startFrom: 'end' });

    const first = await start();
    await first.createPersistentSubscriptionToStream(stream, 'g', streamSettings);
    await first.createPersistentSubscriptionToAll(`all-${stream}`, allSettings, { filter: streamNameFilter({ prefixes: [prefix] }) });
    await first.createPersistentSubscriptionToStream(`${stream}-end`, 'g', endSettings);
    await append(first, stream, 50);
    // Appended after the END group's creation but never consumed before the restart.
    await append(first, `${stream}-end`, 2);

    const subscription = first.subscribeToPersistentSubscriptionToStream(stream, 'g', { bufferSize: 50 });
    const before = record(subscription, (event) => {
      const revision = Number(event.event!.revision);
      if (revision < 30) return subscription.ack(event);
      if (revision === 30) return subscription.nack('park', 'parked before restart', event);
    });
    await eventually(() => before.length === 50);
    await eventually(async () => (await first.getPersistentSubscriptionToStreamInfo(stream, 'g')).stats.parkedMessageCount === BigInt(1));
    await stop();

    const second = await start();
    const info = await second.getPersistentSubscriptionToStreamInfo(stream, 'g');
    expect(info.settings).toEqual(streamSettings);
    expect(info.stats.lastCheckpointedEventRevision).toBe(BigInt(30));
    expect(info.stats.parkedMessageCount).toBe(BigInt(1));
    expect((await second.getPersistentSubscriptionToAllInfo(`all-${stream}`)).settings).toEqual(allSettings);
    expect(server!.stats().persistentBacklog).toBeGreaterThanOrEqual(19);

    const resumed = second.subscribeToPersistentSubscriptionToStream(stream, 'g', { bufferSize: 50 });
    const after = record(resumed);
    await eventually(() => after.length === 19);
    expect(after.map((event) => [Number(event.event!.revision), event.retryCount])).toEqual(
      Array.from({ length: 19 }, (_, i) => [31 + i, 0]),
    );
    await second.replayParkedMessagesToStream(stream, 'g');
    await eventually(() => after.length === 20);
    expect([Number(after[19].event!.revision), after[19].retryCount]).toEqual([30, 0]);

    const endGroup = second.subscribeToPersistentSubscriptionToStream(`${stream}-end`, 'g');
    const endDeliveries = record(endGroup);
    await eventually(() => endDeliveries.length === 2);

    const allGroup = second.subscribeToPersistentSubscriptionToAll(`all-${stream}`);
    const allDeliveries = record(allGroup as unknown as PersistentSubscriptionToStream);
    await append(second, `other-${randomUUID()}`, 1);
    await append(second, `${prefix}-x`, 2);
    await eventually(() => allDeliveries.length === 2);
    await delay(200);
    expect(allDeliveries.map((event) => event.event?.streamId)).toEqual([`${prefix}-x`, `${prefix}-x`]);
    await Promise.all([resumed.unsubscribe(), endGroup.unsubscribe(), allGroup.unsubscribe()]);
  });

  it('lists no groups on a fresh node, then reports the persistent backlog: source events not yet processed', async () => {
    const memory = await startEventStoreServer({ port: 0, memory: true });
    const local = EventStoreDBClient.connectionString(memory.connectionString);
    try {
      expect(await local.listAllPersistentSubscriptions()).toEqual([]);
      const stream = `backlog-${randomUUID()}`;
      await local.createPersistentSubscriptionToStream(
        stream,
        'g',
        persistentSubscriptionToStreamSettingsFromDefaults({ startFrom: 'start' }),
      );
      await append(local, stream, 10);
      expect(memory.stats().persistentBacklog).toBe(10);
      const subscription = local.subscribeToPersistentSubscriptionToStream(stream, 'g');
      const seen = record(subscription, (event) => (Number(event.event!.revision) < 6 ? subscription.ack(event) : undefined));
      await eventually(() => seen.length === 10);
      await eventually(() => memory.stats().persistentBacklog === 4);
      await subscription.unsubscribe();
    } finally {
      await local.dispose();
      await memory.stop();
    }
  });
});
