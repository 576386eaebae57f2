import { EventStoreDBClient } from '@eventstore/db-client';
import { startEventStoreServer, type EmbeddedEventStore } from '@app/eventstore-server';
import type { EventMetadata } from './metadata';
import { fromResolvedEvent, toEventData } from './serialization';
import { noUpcasting } from './upcasting';

const metadata: EventMetadata = {
  schemaVersion: 1,
  actor: { kind: 'partner', partnerId: 'p-1', userId: 'u-1', role: 'GlobalAdmin' },
  correlationId: '00000000-0000-4000-8000-000000000001',
  causationId: '00000000-0000-4000-8000-000000000002',
  command: 'AddCustomer',
  chain: { prev: null, hash: 'ab'.repeat(32) },
} as EventMetadata;

describe('event serialization', () => {
  let server: EmbeddedEventStore;
  let client: EventStoreDBClient;
  beforeAll(async () => {
    server = await startEventStoreServer({ port: 0, memory: true });
    client = EventStoreDBClient.connectionString(server.connectionString);
  });
  afterAll(async () => {
    await client.dispose();
    await server.stop();
  });

  it('hands the client the metadata as plain JSON bytes, which read back as the same JSON event', async () => {
    const data = toEventData({ type: 'Happened', data: { n: 1, text: 'ü' } }, metadata);
    // A plain Uint8Array goes on the wire as it is (a Buffer would be copied, an object base64-encoded).
    expect(data.metadata?.constructor).toBe(Uint8Array);
    expect(Buffer.from(data.metadata as Uint8Array).toString('utf8')).toBe(JSON.stringify(metadata));
    await client.appendToStream('serialization-1', data);
    const read = [];
    for await (const resolved of client.readStream('serialization-1')) read.push(resolved);
    expect(read).toHaveLength(1);
    expect(read[0].event!.isJson).toBe(true);
    const stored = fromResolvedEvent(read[0], noUpcasting);
    expect(stored).toMatchObject({ event: { type: 'Happened', data: { n: 1, text: 'ü' } }, streamName: 'serialization-1', metadata });
  });
});
