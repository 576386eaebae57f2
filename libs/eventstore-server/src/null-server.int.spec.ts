import { EventStoreDBClient, jsonEvent, WrongExpectedVersionError } from '@eventstore/db-client';
import { startEventStoreServer, type EmbeddedEventStore } from './server';

describe('the server over NullStorage', () => {
  let server: EmbeddedEventStore;
  let client: EventStoreDBClient;
  beforeAll(async () => {
    server = await startEventStoreServer({ port: 0, nullStorage: true });
    client = EventStoreDBClient.connectionString(server.connectionString);
  });
  afterAll(async () => {
    await client.dispose();
    await server.stop();
  });

  it('answers the client with the next revisions and refuses a stale expected revision', async () => {
    const event = () => jsonEvent({ type: 'Tested', data: { n: 1 } });
    const first = await client.appendToStream('null-a', [event(), event()], { expectedRevision: 'no_stream' });
    expect(first.nextExpectedRevision).toBe(1n);
    const second = await client.appendToStream('null-a', event(), { expectedRevision: 1n });
    expect(second.nextExpectedRevision).toBe(2n);
    await expect(client.appendToStream('null-a', event(), { expectedRevision: 1n })).rejects.toBeInstanceOf(WrongExpectedVersionError);
    expect(server.stats().appends).toBe(3);
  });
});
