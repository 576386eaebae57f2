import Fastify, { type FastifyInstance } from 'fastify';
import pino from 'pino';
import { EventStoreDBClient } from '@eventstore/db-client';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace';
import type { Decider } from '@app/domain';
import {
  AggregateStore,
  MemoryCheckpointStore,
  ProcessManager,
  verifyChain,
  type ChainedEvent,
  type EventMetadata,
} from '@app/event-store';
import { startEventStoreServer, type EmbeddedEventStore } from '@app/eventstore-server';
import { customerListProjection, EsdbEventSource, Projector } from '@app/read-models';
import { createDatabase } from '@app/sql';
import { startTracing } from '@app/tracing/sdk';
import { registerRequestContext } from '../../apps/api/src/http/request-context';
import { registerRequestTracing } from '../../apps/api/src/http/request-tracing';

// The API's own hooks (request context, request tracing) on a bare Fastify, and the real command path against the
// embedded store: Nest cannot be imported by a jest spec, and what makes the trace is these hooks and the command path.
type Counted = { type: 'Counted'; data: { by: number } };
type Count = { type: 'Count'; data: { by: number } };
const counter: Decider<number, Count, Counted, { now: Date }> = {
  initialState: () => 0,
  evolve: (state, event) => state + event.data.by,
  decide: (command) => [{ type: 'Counted', data: { by: command.data.by } }],
};

const INCOMING_TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const INCOMING_SPAN = '00f067aa0ba902b7';

describe('traces: one trace from the request through the command and the append to the process that handles the event', () => {
  let store: EmbeddedEventStore;
  let client: EventStoreDBClient;
  let n = 0;
  const stream = () => `counter${process.pid}-${++n}`;

  /** POSTs to the app over real HTTP (Fastify's inject needs a module jest cannot load). */
  async function post(fastify: FastifyInstance, path: string): Promise<number> {
    const address = await fastify.listen({ port: 0, host: '127.0.0.1' });
    const response = await fetch(`${address}${path}`, {
      method: 'POST',
      headers: { traceparent: `00-${INCOMING_TRACE}-${INCOMING_SPAN}-01` },
    });
    await response.text();
    return response.status;
  }

  function app(aggregates: AggregateStore): FastifyInstance {
    const fastify = Fastify();
    registerRequestContext(fastify, pino({ level: 'silent' }));
    registerRequestTracing(fastify);
    fastify.post<{ Params: { id: string } }>('/counters/:id', async (request) => {
      const metadata = { actor: { kind: 'system' as const, process: 'spec' }, correlationId: 'c', causationId: 'c', command: 'Count' };
      const command: Count = { type: 'Count', data: { by: 1 } };
      const result = await aggregates.execute({
        streamName: request.params.id,
        decider: counter,
        command,
        context: { now: new Date() },
        metadata,
      });
      return { revision: String(result.revision) };
    });
    return fastify;
  }

  /** The stream's first event's metadata (the stream read to its end: an abandoned read keeps the channel busy). */
  const storedMetadata = async (streamName: string) => {
    const all: EventMetadata[] = [];
    for await (const resolved of client.readStream(streamName)) all.push(resolved.event!.metadata as unknown as EventMetadata);
    return all[0];
  };

  beforeAll(async () => {
    store = await startEventStoreServer({ port: 0, memory: true });
    client = EventStoreDBClient.connectionString(store.connectionString);
  });
  afterAll(async () => {
    await client.dispose();
    await store.stop();
  });

  it('off (no exporter configured): the events carry no traceparent', async () => {
    const fastify = app(new AggregateStore(client));
    const name = stream();
    expect(await post(fastify, `/counters/${name}`)).toBe(200);
    expect(await storedMetadata(name)).not.toHaveProperty('traceparent');
    await fastify.close();
  });

  it('on: the server span continues the incoming traceparent; command, append and the follow-up are in its trace', async () => {
    const exporter = new InMemorySpanExporter();
    const tracing = await startTracing({ exporter: 'none', serviceName: 'spec' }, exporter);
    const fastify = app(new AggregateStore(client));
    const name = stream();
    const handled: string[] = [];
    const manager = new ProcessManager<{ stepName: string; command: { type: string } }>(client, {
      name: 'spec-process',
      checkpoints: new MemoryCheckpointStore(),
      react: (event) => (event.streamName === name ? [{ stepName: 'follow-up', command: { type: 'FollowUp' } }] : []),
      execute: async (_followUp, context) => void handled.push(context.causingEvent.id),
      isSettled: () => false,
    });
    const db = createDatabase({ dialect: 'sqlite', file: ':memory:' });
    let projector: Projector | undefined;
    try {
      expect(await post(fastify, `/counters/${name}`)).toBe(200);
      manager.start();
      projector = await Projector.start({ db, source: new EsdbEventSource(client), projections: [customerListProjection] });
      const projected = () => exporter.getFinishedSpans().some((span) => span.name === 'project' && span.links.length > 0);
      for (let i = 0; i < 400 && (handled.length === 0 || !projected()); i++) await new Promise((done) => setTimeout(done, 25));
      expect(handled).toHaveLength(1);

      const spans = exporter.getFinishedSpans();
      const named = (spanName: string): ReadableSpan => {
        const found = spans.filter((span) => span.name === spanName);
        expect({ spanName, count: found.length }).toEqual({ spanName, count: 1 });
        return found[0];
      };
      const server = named('POST /counters/:id');
      const command = named('Count');
      const append = named('append');
      const followUp = named('spec-process follow-up');
      const shape = (span: ReadableSpan) => ({ trace: span.spanContext().traceId, parent: span.parentSpanContext?.spanId });
      expect([server, command, append, followUp].map(shape)).toEqual([
        { trace: INCOMING_TRACE, parent: INCOMING_SPAN },
        { trace: INCOMING_TRACE, parent: server.spanContext().spanId },
        { trace: INCOMING_TRACE, parent: command.spanContext().spanId },
        { trace: INCOMING_TRACE, parent: append.spanContext().spanId },
      ]);
      // The projector handles events of many requests per batch: its span is a root of its own, linked to each append.
      const linked = spans.filter((span) => span.name === 'project').flatMap((span) => span.links.map((link) => link.context.spanId));
      expect(linked).toContain(append.spanContext().spanId);
      expect(server.attributes).toMatchObject({ 'http.route': '/counters/:id', 'http.response.status_code': 200 });
      expect(append.attributes).toMatchObject({ 'event_store.stream': name, 'event_store.expected_revision': 'no_stream' });
      // The stored event names the append's span, next to the correlation id.
      const metadata = await storedMetadata(name);
      expect(Object.keys(metadata)).toEqual(['schemaVersion', 'actor', 'correlationId', 'causationId', 'command', 'traceparent', 'chain']);
      expect(metadata.traceparent).toBe(`00-${INCOMING_TRACE}-${append.spanContext().spanId}-01`);
      // ... inside what the hash chain covers: an auditor still verifies the stream.
      const chained: ChainedEvent[] = [];
      for await (const { event } of client.readStream(name)) {
        chained.push({
          streamName: name,
          revision: event!.revision,
          type: event!.type,
          data: event!.data,
          metadata: event!.metadata as unknown as EventMetadata,
        });
      }
      expect(verifyChain(chained)).toBeNull();
    } finally {
      await manager.stop();
      await projector?.stop();
      await db.destroy();
      await fastify.close();
      await tracing.shutdown();
    }
  });
});
