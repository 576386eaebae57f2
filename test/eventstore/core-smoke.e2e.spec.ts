import {
  ANY,
  END,
  EventStoreDBClient,
  FORWARDS,
  BACKWARDS,
  jsonEvent,
  NO_STREAM,
  START,
  StreamNotFoundError,
  WrongExpectedVersionError,
  StreamDeletedError,
} from '@eventstore/db-client';
import { startEventStoreServer, type EmbeddedEventStore } from '@app/eventstore-server';

describe('embedded event store core (real client over gRPC)', () => {
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

  const events = (n: number, type = 'Thing') => Array.from({ length: n }, (_, i) => jsonEvent({ type, data: { i }, metadata: { m: i } }));

  it('appends (batch append) and reads a stream both ways with inclusive starts', async () => {
    const stream = `smoke-${Date.now()}`;
    const first = await client.appendToStream(stream, events(3), { expectedRevision: NO_STREAM });
    expect(first.nextExpectedRevision).toBe(2n);
    await client.appendToStream(stream, events(2), { expectedRevision: 2n });
    const forward = [];
    for await (const e of client.readStream(stream, { fromRevision: 1n, direction: FORWARDS })) forward.push(e);
    expect(forward.map((e) => e.event!.revision)).toEqual([1n, 2n, 3n, 4n]);
    expect(forward[0].event!.data).toEqual({ i: 1 });
    expect(forward[0].event!.metadata).toEqual({ m: 1 });
    const backward = [];
    for await (const e of client.readStream(stream, { fromRevision: 1n, direction: BACKWARDS })) backward.push(e);
    expect(backward.map((e) => e.event!.revision)).toEqual([1n, 0n]);
    const last = [];
    for await (const e of client.readStream(stream, { fromRevision: END, direction: BACKWARDS, maxCount: 1 })) last.push(e);
    expect(last[0].event!.revision).toBe(4n);
    expect(last[0].event!.position!.commit).toBe(forward[3].event!.position!.commit);
  });

  it('answers wrong expected version with the current revision', async () => {
    const stream = `wev-${Date.now()}`;
    await client.appendToStream(stream, events(1));
    const error = await client.appendToStream(stream, events(1), { expectedRevision: NO_STREAM }).catch((e) => e);
    expect(error).toBeInstanceOf(WrongExpectedVersionError);
    expect(error.actualVersion).toBe(0n);
  });

  it('re-appending the same ids is idempotent', async () => {
    const stream = `idem-${Date.now()}`;
    const batch = events(2);
    const first = await client.appendToStream(stream, batch, { expectedRevision: NO_STREAM });
    const again = await client.appendToStream(stream, batch, { expectedRevision: NO_STREAM });
    expect(again.nextExpectedRevision).toBe(first.nextExpectedRevision);
    expect(again.position).toEqual(first.position);
    const any = await client.appendToStream(stream, batch, { expectedRevision: ANY });
    expect(any.position).toEqual(first.position);
  });

  it('reports a missing stream in-band and a tombstoned one as deleted', async () => {
    const missing = client.readStream(`missing-${Date.now()}`);
    await expect(
      (async () => {
        for await (const _ of missing) void _;
      })(),
    ).rejects.toBeInstanceOf(StreamNotFoundError);
    const stream = `tomb-${Date.now()}`;
    await client.appendToStream(stream, events(1));
    await client.tombstoneStream(stream);
    const read = client.readStream(stream);
    await expect(
      (async () => {
        for await (const _ of read) void _;
      })(),
    ).rejects.toBeInstanceOf(StreamDeletedError);
    await expect(client.appendToStream(stream, events(1))).rejects.toBeInstanceOf(StreamDeletedError);
  });

  it('reads $all from the start including a system event', async () => {
    const all = [];
    for await (const e of client.readAll({ fromPosition: START, maxCount: 5 })) all.push(e);
    expect(all[0].event!.streamId.startsWith('$')).toBe(true);
    expect(all[0].event!.type.startsWith('$')).toBe(true);
  });

  it('subscribes to a stream: history, caught up, then live without gaps', async () => {
    const stream = `sub-${Date.now()}`;
    await client.appendToStream(stream, events(3));
    const subscription = client.subscribeToStream(stream, { fromRevision: START });
    const seen: bigint[] = [];
    let caughtUp = 0;
    subscription.on('caughtUp', () => caughtUp++);
    const done = (async () => {
      for await (const e of subscription) {
        seen.push(e.event!.revision);
        if (seen.length === 6) break;
      }
    })();
    await client.appendToStream(stream, events(3));
    await done;
    expect(seen).toEqual([0n, 1n, 2n, 3n, 4n, 5n]);
    expect(caughtUp).toBe(1);
  });
});
