import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MemoryEventSource, type LogPosition, type ProjectionEvent } from '@app/read-models';
import { createDatabase } from '@app/sql';
import { DeliveryWorker } from '../../apps/api/src/webhooks/delivery/delivery-worker';
import { HttpSender } from '../../apps/api/src/webhooks/delivery/http-sender';
import { OutboxFiller } from '../../apps/api/src/webhooks/outbox/outbox-filler';
import { OutboxStore } from '../../apps/api/src/webhooks/outbox/outbox-store';
import { RegistrationStore } from '../../apps/api/src/webhooks/registrations/registration-store';
import { SecretCipher } from '../../apps/api/src/webhooks/registrations/secret-cipher';
import { migrateWebhookTables, WEBHOOK_TABLES } from '../../apps/api/src/webhooks/webhook-tables';
import { describeDb } from '../support/postgres';

const unusedSource = {
  subscribe: () => {
    throw new Error('not subscribed in this spec');
  },
  head: async () => undefined,
  countAfter: async () => 0,
};

const updated = (customerId: string, partnerId: string, n: number, commit: number): ProjectionEvent => ({
  id: randomUUID(),
  type: 'CustomerDetailsUpdated',
  data: { customerId, partnerId, companyName: `v${n}`, updatedAt: new Date().toISOString() },
  streamId: `customer-${customerId}`,
  revision: n - 1,
  position: { commit, prepare: commit },
  createdAt: new Date().toISOString(),
});

describeDb('webhook outbox', (database) => {
  let server: Server;
  let url: string;
  const received: { deliveryId: string; customerId: string; name: string }[] = [];
  const inFlightKeys = new Set<string>();
  let overlaps = 0;

  beforeAll(async () => {
    await migrateWebhookTables(database().db);
    server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const event = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        const key = event.data.customerId as string;
        // Two attempts of one customer at once would break its order.
        if (inFlightKeys.has(key)) overlaps++;
        inFlightKeys.add(key);
        setTimeout(() => {
          inFlightKeys.delete(key);
          received.push({ deliveryId: String(request.headers['webhook-id']), customerId: key, name: event.data.companyName });
          response.writeHead(200).end();
        }, 5);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/in`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('fills each event once per registration with its checkpoint, whatever is replayed', async () => {
    const { db } = database();
    const registrations = new RegistrationStore(db, new SecretCipher(randomBytes(32)));
    const partnerId = `p-${randomUUID().slice(0, 8)}`;
    const { registration } = (await registrations.create(partnerId, url, ['CustomerDetailsUpdated'], { commit: 0, prepare: 0 }, 25))!;
    const filler = new OutboxFiller(db, unusedSource, { cloudEventSource: () => 'https://api.example/v1' });
    const events = [1, 2, 3].map((n) => updated('c-fill', partnerId, n, 1000 + n));
    expect(await filler.apply(events)).toBe(3);
    expect(await filler.apply(events)).toBe(0);
    expect(await filler.apply([...events, updated('c-fill', partnerId, 4, 1004)])).toBe(1);
    // Another partner's event, and a type the registration did not ask for, make no delivery.
    expect(
      await filler.apply([
        updated('c-fill', 'someone-else', 5, 1005),
        { ...updated('c-fill', partnerId, 6, 1006), type: 'RelationshipRemoved' },
      ]),
    ).toBe(0);
    const rows = await db.selectFrom(WEBHOOK_TABLES.outbox).select(['event_id']).where('webhook_id', '=', registration.id).execute();
    expect(rows).toHaveLength(4);
  });

  it('with two instances, attempts each delivery once at a time, one customer at a time, in log order', async () => {
    const { db, config } = database();
    const second = createDatabase(config);
    const cipher = new SecretCipher(randomBytes(32));
    const partnerId = `p-${randomUUID().slice(0, 8)}`;
    const { registration } = (await new RegistrationStore(db, cipher).create(partnerId, url, ['CustomerDetailsUpdated'], undefined, 25))!;
    const customers = ['c-a', 'c-b', 'c-c', 'c-d'];
    let commit = 10_000;
    const events = Array.from({ length: 40 }, (_, i) =>
      updated(customers[i % customers.length], partnerId, Math.floor(i / customers.length) + 1, commit++),
    );
    await new OutboxFiller(db, unusedSource, { cloudEventSource: () => 'https://api.example/v1' }).apply(events);
    received.length = 0;

    const options = {
      maxAttempts: 3,
      retry: { baseMs: 50, maxMs: 100 },
      concurrency: 8,
      pollMs: 20,
      leaseMs: 5_000,
      retentionMs: 86_400_000,
    };
    const senders = [
      new HttpSender({ timeoutMs: 2_000, allowPrivateTargets: true }),
      new HttpSender({ timeoutMs: 2_000, allowPrivateTargets: true }),
    ];
    const workers = [
      new DeliveryWorker(new OutboxStore(db), new RegistrationStore(db, cipher), senders[0], options).start(),
      new DeliveryWorker(new OutboxStore(second), new RegistrationStore(second, cipher), senders[1], options).start(),
    ];
    try {
      const deadline = Date.now() + 20_000;
      while (received.length < 40 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    } finally {
      await Promise.all(workers.map((w) => w.stop()));
      senders.forEach((s) => s.close());
      await second.destroy();
    }
    expect(received).toHaveLength(40);
    expect(new Set(received.map((r) => r.deliveryId)).size).toBe(40);
    expect(overlaps).toBe(0);
    for (const customerId of customers)
      expect(received.filter((r) => r.customerId === customerId).map((r) => r.name)).toEqual(
        Array.from({ length: 10 }, (_, i) => `v${i + 1}`),
      );
    const pending = await db
      .selectFrom(WEBHOOK_TABLES.outbox)
      .select('delivery_id')
      .where('webhook_id', '=', registration.id)
      .where('status', '!=', 'delivered')
      .execute();
    expect(pending).toEqual([]);
  });

  it('purges deliveries and log entries of a registration deleted as the filler inserted them, and keeps the rest', async () => {
    const { db } = database();
    const registrations = new RegistrationStore(db, new SecretCipher(randomBytes(32)));
    const partnerId = `p-${randomUUID().slice(0, 8)}`;
    const [kept, removed] = [
      (await registrations.create(partnerId, url, ['CustomerDetailsUpdated'], undefined, 25))!.registration,
      (await registrations.create(partnerId, url, ['CustomerDetailsUpdated'], undefined, 25))!.registration,
    ];
    await registrations.remove(partnerId, removed.id);
    // What the filler's transaction wrote after the removal had committed.
    const delivery = (webhookId: string) => ({
      webhookId,
      partnerId,
      eventId: randomUUID(),
      eventType: 'CustomerDetailsUpdated',
      orderKey: 'c-1',
      commit: 1,
      prepare: 1,
      payload: '{}',
    });
    await OutboxStore.insert(db, [delivery(kept.id), delivery(removed.id)], Date.now());
    const now = Date.now();
    await db
      .insertInto(WEBHOOK_TABLES.attempts)
      .values(
        [kept.id, removed.id].map((webhookId) => ({
          id: randomUUID(),
          webhook_id: webhookId,
          delivery_id: randomUUID(),
          event_id: randomUUID(),
          event_type: 'CustomerDetailsUpdated',
          attempt: 1,
          attempted_at: now,
          latency_ms: 5,
        })),
      )
      .execute();
    await new OutboxStore(db).purge(0);
    const left = async (table: string) =>
      (await db.selectFrom(table).select('webhook_id').where('webhook_id', 'in', [kept.id, removed.id]).execute()).map((r) => r.webhook_id);
    expect(await left(WEBHOOK_TABLES.outbox)).toEqual([kept.id]);
    expect(await left(WEBHOOK_TABLES.attempts)).toEqual([kept.id]);
  });

  it('follows the log only while a webhook is registered, from the lowest position a registration starts after', async () => {
    const { db } = database();
    // Other specs of this file leave registrations and a checkpoint far ahead of this log behind: this one starts from none.
    await db.deleteFrom(WEBHOOK_TABLES.registrations).execute();
    await db.deleteFrom(WEBHOOK_TABLES.checkpoint).execute();
    const log = new MemoryEventSource();
    const subscribedFrom: (LogPosition | undefined)[] = [];
    const source = Object.assign(Object.create(log) as MemoryEventSource, {
      subscribe: (after: LogPosition | undefined) => {
        subscribedFrom.push(after);
        return log.subscribe(after);
      },
    });
    const filler = new OutboxFiller(db, source, { cloudEventSource: () => 'https://api.example/v1', idlePollMs: 20, lingerMs: 1 });
    const partnerId = `p-${randomUUID().slice(0, 8)}`;
    log.append(
      ...[1, 2, 3].map((n) => ({
        type: 'CustomerDetailsUpdated',
        streamId: 'customer-c-idle',
        data: { customerId: 'c-idle', partnerId, companyName: `v${n}` },
      })),
    );
    filler.start();
    try {
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(subscribedFrom).toEqual([]);

      const head = log.all().at(-1)!.position;
      const registrations = new RegistrationStore(db, new SecretCipher(randomBytes(32)));
      const { registration } = (await registrations.create(partnerId, url, ['CustomerDetailsUpdated'], head, 25))!;
      const [after] = log.append({
        type: 'CustomerDetailsUpdated',
        streamId: 'customer-c-idle',
        data: { customerId: 'c-idle', partnerId, companyName: 'v4' },
      });
      const filled = async () =>
        (await db.selectFrom(WEBHOOK_TABLES.outbox).select('event_id').where('webhook_id', '=', registration.id).execute()).map(
          (row) => row.event_id,
        );
      for (let i = 0; i < 100 && (await filled()).length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 20));
      // Only what came after the registration, read from the registration's position on, not from the log's start.
      expect(await filled()).toEqual([after.id]);
      expect(subscribedFrom).toEqual([head]);

      await registrations.remove(partnerId, registration.id);
      log.append({
        type: 'CustomerDetailsUpdated',
        streamId: 'customer-c-idle',
        data: { customerId: 'c-idle', partnerId, companyName: 'v5' },
      });
      await new Promise((resolve) => setTimeout(resolve, 200));
      log.append({
        type: 'CustomerDetailsUpdated',
        streamId: 'customer-c-idle',
        data: { customerId: 'c-idle', partnerId, companyName: 'v6' },
      });
      // Still following until it looks and finds none; then it waits without a subscription.
      await new Promise((resolve) => setTimeout(resolve, 200));
      const count = subscribedFrom.length;
      log.append({
        type: 'CustomerDetailsUpdated',
        streamId: 'customer-c-idle',
        data: { customerId: 'c-idle', partnerId, companyName: 'v7' },
      });
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(subscribedFrom.length).toBe(count);
    } finally {
      await filler.stop();
    }
  });
});
