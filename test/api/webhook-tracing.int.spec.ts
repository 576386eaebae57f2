import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Kysely } from 'kysely';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace';
import type { ProjectionEvent } from '@app/read-models';
import { migrate } from '@app/sql';
import { startTracing } from '@app/tracing/sdk';
import { DeliveryWorker } from '../../apps/api/src/webhooks/delivery/delivery-worker';
import { HttpSender } from '../../apps/api/src/webhooks/delivery/http-sender';
import { OutboxFiller } from '../../apps/api/src/webhooks/outbox/outbox-filler';
import { OutboxStore } from '../../apps/api/src/webhooks/outbox/outbox-store';
import { RegistrationStore } from '../../apps/api/src/webhooks/registrations/registration-store';
import { SecretCipher } from '../../apps/api/src/webhooks/registrations/secret-cipher';
import { migrateWebhookTables, WEBHOOK_MIGRATIONS, WEBHOOK_TABLES } from '../../apps/api/src/webhooks/webhook-tables';
import { createTestDatabase, describeDb } from '../support/postgres';

// The append that wrote the event, as its stored metadata names it.
const APPEND_TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const APPEND_SPAN = '00f067aa0ba902b7';
const APPEND_TRACEPARENT = `00-${APPEND_TRACE}-${APPEND_SPAN}-01`;

const unusedSource = {
  subscribe: () => {
    throw new Error('not subscribed in this spec');
  },
  head: async () => undefined,
  countAfter: async () => 0,
};

const updated = (partnerId: string, commit: number, traceparent?: string): ProjectionEvent => ({
  id: randomUUID(),
  type: 'CustomerDetailsUpdated',
  data: { customerId: `c-${commit}`, partnerId, companyName: 'Contoso', updatedAt: new Date().toISOString() },
  streamId: `customer-c-${commit}`,
  revision: 0,
  position: { commit, prepare: commit },
  createdAt: new Date().toISOString(),
  traceparent,
});

const WORKER_OPTIONS = {
  maxAttempts: 3,
  retry: { baseMs: 20, maxMs: 40 },
  concurrency: 4,
  pollMs: 20,
  leaseMs: 5_000,
  retentionMs: 86_400_000,
};

describeDb('webhook delivery attempts: one client span each, linked to the append', (database) => {
  let server: Server;
  let url: string;
  const cipher = new SecretCipher(randomBytes(32));
  /** The receiver answers each POST with the next of these statuses (then 200); it keeps each POST's traceparent. */
  let answers: number[] = [];
  let received: (string | undefined)[] = [];
  let commit = 1_000;

  beforeAll(async () => {
    await migrateWebhookTables(database().db);
    server = createServer((request, response) => {
      request.resume();
      request.on('end', () => {
        received.push(request.headers.traceparent as string | undefined);
        response.writeHead(answers.shift() ?? 200).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/in`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => {
    answers = [];
    received = [];
  });

  /** Registers a webhook, fills the outbox with `events` and runs a worker until `posts` POSTs were answered. */
  async function deliver(db: Kysely<any>, events: (partnerId: string) => ProjectionEvent[], posts: number): Promise<string> {
    const partnerId = `p-${randomUUID().slice(0, 8)}`;
    const registrations = new RegistrationStore(db, cipher);
    const { registration } = (await registrations.create(partnerId, url, ['CustomerDetailsUpdated'], undefined, 25))!;
    await new OutboxFiller(db, unusedSource, { cloudEventSource: () => 'https://api.example/v1' }).apply(events(partnerId));
    await run(db, registrations, posts);
    return registration.id;
  }

  async function run(db: Kysely<any>, registrations: RegistrationStore, posts: number): Promise<void> {
    const sender = new HttpSender({ timeoutMs: 2_000, allowPrivateTargets: true });
    const worker = new DeliveryWorker(new OutboxStore(db), registrations, sender, WORKER_OPTIONS).start();
    try {
      for (let i = 0; i < 500 && received.length < posts; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    } finally {
      await worker.stop();
      sender.close();
    }
    expect(received).toHaveLength(posts);
  }

  it('traces off: no span, and the POST carries no traceparent', async () => {
    await deliver(database().db, (partnerId) => [updated(partnerId, ++commit, APPEND_TRACEPARENT)], 1);
    expect(received).toEqual([undefined]);
  });

  it('on: a root client span per attempt, linked to the append, failed attempts in error, its traceparent on the POST', async () => {
    const exporter = new InMemorySpanExporter();
    const tracing = await startTracing({ exporter: 'none', serviceName: 'spec' }, exporter);
    try {
      answers = [500];
      const webhookId = await deliver(database().db, (partnerId) => [updated(partnerId, ++commit, APPEND_TRACEPARENT)], 2);
      const spans = exporter.getFinishedSpans().filter((span) => span.name === 'webhook delivery');
      expect(spans).toHaveLength(2);
      const shape = (span: ReadableSpan) => ({
        kind: span.kind,
        parent: span.parentSpanContext?.spanId,
        links: span.links.map((link) => `${link.context.traceId}-${link.context.spanId}`),
        status: span.status.code,
        attributes: span.attributes,
      });
      const attributes = { 'http.request.method': 'POST', 'server.address': '127.0.0.1', 'webhook.id': webhookId };
      expect(spans.map(shape)).toEqual([
        {
          kind: SpanKind.CLIENT,
          parent: undefined,
          links: [`${APPEND_TRACE}-${APPEND_SPAN}`],
          status: SpanStatusCode.ERROR,
          attributes: expect.objectContaining({
            ...attributes,
            'webhook.attempt': 1,
            'http.response.status_code': 500,
            'error.type': '500',
          }),
        },
        {
          kind: SpanKind.CLIENT,
          parent: undefined,
          links: [`${APPEND_TRACE}-${APPEND_SPAN}`],
          status: SpanStatusCode.UNSET,
          attributes: expect.objectContaining({ ...attributes, 'webhook.attempt': 2, 'http.response.status_code': 200 }),
        },
      ]);
      expect(spans[0].status.message).toBe('HTTP 500');
      // Each attempt is a trace of its own (the request's trace id never reaches the receiver), and the POST names it.
      expect(spans.map((span) => span.spanContext().traceId)).not.toContain(APPEND_TRACE);
      expect(received).toEqual(spans.map((span) => `00-${span.spanContext().traceId}-${span.spanContext().spanId}-01`));
    } finally {
      await tracing.shutdown();
    }
  });

  it('a delivery the outbox held before it kept traceparents is still sent, its span without a link', async () => {
    const older = await createTestDatabase(database().dialect);
    const exporter = new InMemorySpanExporter();
    const tracing = await startTracing({ exporter: 'none', serviceName: 'spec' }, exporter);
    try {
      // The tables as the first version made them, with a delivery waiting in the outbox.
      await migrate(older.db, 'webhooks', WEBHOOK_MIGRATIONS.slice(0, 1));
      const registrations = new RegistrationStore(older.db, cipher);
      const { registration } = (await registrations.create('p-old', url, ['CustomerDetailsUpdated'], undefined, 25))!;
      await older.db
        .insertInto(WEBHOOK_TABLES.outbox)
        .values({
          delivery_id: randomUUID(),
          webhook_id: registration.id,
          partner_id: 'p-old',
          event_id: randomUUID(),
          event_type: 'CustomerDetailsUpdated',
          order_key: 'customer:c-old',
          commit_pos: 1,
          prepare_pos: 1,
          payload: '{}',
          status: 'pending',
          attempts: 0,
          next_attempt_at: 0,
          lease_until: 0,
          created_at: 0,
        })
        .execute();

      await migrateWebhookTables(older.db);
      await run(older.db, registrations, 1);
      const [span] = exporter.getFinishedSpans().filter((s) => s.name === 'webhook delivery');
      expect({ links: span.links, status: span.status.code, traceparent: received[0] }).toEqual({
        links: [],
        status: SpanStatusCode.UNSET,
        traceparent: `00-${span.spanContext().traceId}-${span.spanContext().spanId}-01`,
      });
      const row = await older.db.selectFrom(WEBHOOK_TABLES.outbox).select(['status', 'traceparent']).executeTakeFirstOrThrow();
      expect(row).toEqual({ status: 'delivered', traceparent: null });
    } finally {
      await tracing.shutdown();
      await older.drop();
    }
  });
});
