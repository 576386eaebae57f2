import { EventStoreDBClient, jsonEvent } from '@eventstore/db-client';
import { startEventStoreServer, type EmbeddedEventStore } from '@app/eventstore-server';
import type { Decider } from '@app/domain';
import { AggregateStore, type ExecuteRequest } from './aggregate-store';
import { StreamRevisionConflictError } from './errors';
import { uuidV5 } from './deterministic-id';
import { verifyChain } from './hash-chain';
import type { EventMetadata } from './metadata';

type Counted = { type: 'Counted'; data: { by: number } };
type Count = { type: 'Count'; data: { by: number; max?: number; to?: number } };
const counter: Decider<number, Count, Counted, { now: Date }> = {
  initialState: () => 0,
  evolve: (state, event) => state + event.data.by,
  decide: (command, state) => {
    // `to` sets the count, and is nothing to do when it already is (as a licence count or a contact is set).
    if (command.data.to !== undefined) return command.data.to === state ? [] : [{ type: 'Counted', data: { by: command.data.to - state } }];
    if (command.data.max !== undefined && state + command.data.by > command.data.max) throw new Error('over max');
    return [{ type: 'Counted', data: { by: command.data.by } }];
  },
};
const metadata = { actor: { kind: 'system' as const, process: 'spec' }, correlationId: 'c', causationId: 'c', command: 'Count' };
const count = (
  by: number,
  extra: Partial<ExecuteRequest<number, Count, Counted, { now: Date }>> = {},
): ExecuteRequest<number, Count, Counted, { now: Date }> => ({
  streamName: '',
  decider: counter,
  command: { type: 'Count' as const, data: { by } },
  context: { now: new Date() },
  metadata,
  ...extra,
});

describe('AggregateStore against the embedded server', () => {
  let server: EmbeddedEventStore;
  let client: EventStoreDBClient;
  let other: EventStoreDBClient;
  let n = 0;
  const stream = () => `counter-${process.pid}-${++n}`;

  beforeAll(async () => {
    server = await startEventStoreServer({ port: 0, memory: true });
    client = EventStoreDBClient.connectionString(server.connectionString);
    other = EventStoreDBClient.connectionString(server.connectionString);
  });
  afterAll(async () => {
    await client.dispose();
    await other.dispose();
    await server.stop();
  });

  it('decides on events of an older schema version in the shape its upcast gives them', async () => {
    // Version 0 of Counted stored the step as `step`; version 1 calls it `by`.
    const upcast = (type: string, version: number, data: Record<string, unknown>) =>
      type === 'Counted' && version === 0 ? { by: data.step } : data;
    const name = stream();
    await client.appendToStream(name, jsonEvent({ type: 'Counted', data: { step: 4 }, metadata: { ...metadata, schemaVersion: 0 } }));
    const result = await new AggregateStore(client, { upcast }).execute({ ...count(1, { ifMatch: 0n }), streamName: name });
    expect(result).toMatchObject({ state: 5, revision: 1n });
  });

  it('creates with no_stream, appends on the exact revision and chains the hashes', async () => {
    const store = new AggregateStore(client);
    const name = stream();
    const first = await store.execute({ ...count(2), streamName: name });
    expect(first.revision).toBe(0n);
    expect(first.position).not.toBeNull();
    const second = await store.execute({ ...count(3), streamName: name });
    expect(second).toMatchObject({ state: 5, revision: 1n });
    const events = [];
    for await (const e of client.readStream(name)) {
      events.push({
        streamName: name,
        revision: e.event!.revision,
        type: e.event!.type,
        data: e.event!.data,
        metadata: e.event!.metadata as unknown as EventMetadata,
      });
    }
    expect(verifyChain(events)).toBeNull();
    expect(events[1].metadata).toMatchObject({ schemaVersion: 1, actor: { kind: 'system' }, command: 'Count' });
  });

  it("writes each event with its type's schema version and still chains the hashes", async () => {
    const twoKinds: typeof counter = {
      ...counter,
      decide: (command) => [{ type: 'Counted', data: { by: command.data.by } }, { type: 'Recounted', data: { by: 0 } } as never],
    };
    const store = new AggregateStore(client, { schemaVersion: (type) => (type === 'Recounted' ? 3 : 1) });
    const name = stream();
    await store.execute({ ...count(1), decider: twoKinds, streamName: name });
    const events = [];
    for await (const e of client.readStream(name)) {
      const metadata = e.event!.metadata as unknown as EventMetadata;
      events.push({ streamName: name, revision: e.event!.revision, type: e.event!.type, data: e.event!.data, metadata });
    }
    expect(events.map((e) => [e.type, e.metadata.schemaVersion])).toEqual([
      ['Counted', 1],
      ['Recounted', 3],
    ]);
    expect(verifyChain(events)).toBeNull();
  });

  it('answers a refused command with deterministic ids from its own earlier attempt, and no other refusal', async () => {
    const name = stream();
    await new AggregateStore(client).execute({ ...count(1), streamName: name });
    const ids = (i: number) => uuidV5(`${name}/keyed/${i}`);
    const keyed = count(1, { ifMatch: 0n, eventIds: ids, command: { type: 'Count', data: { by: 1, max: 2 } } });
    const first = await new AggregateStore(client).execute({ ...keyed, streamName: name });
    expect(first).toMatchObject({ revision: 1n, state: 2 });
    // The same command again, by a store that never saw it: If-Match is now stale and the domain would refuse.
    const again = await new AggregateStore(client).execute({ ...keyed, streamName: name });
    expect(again).toEqual({ ...first, state: 2 });
    const withoutIf = await new AggregateStore(client).execute({ ...keyed, ifMatch: undefined, streamName: name });
    expect(withoutIf.revision).toBe(1n);
    // Other ids (another key, a first attempt) get the refusal.
    const other = { ...keyed, ifMatch: undefined, eventIds: (i: number) => uuidV5(`${name}/other/${i}`) };
    await expect(new AggregateStore(client).execute({ ...other, streamName: name })).rejects.toThrow('over max');
    await expect(new AggregateStore(client).execute({ ...keyed, eventIds: other.eventIds, streamName: name })).rejects.toBeInstanceOf(
      StreamRevisionConflictError,
    );
  });

  it('finds the earlier attempt behind more than a few later events', async () => {
    const name = stream();
    const ids = (i: number) => uuidV5(`${name}/keyed/${i}`);
    const keyed = count(1, { eventIds: ids, command: { type: 'Count', data: { by: 1, max: 1 } } });
    const first = await new AggregateStore(client).execute({ ...keyed, streamName: name });
    for (let i = 0; i < 20; i++) await other.appendToStream(name, jsonEvent({ type: 'Counted', data: { by: 0 } }));
    await expect(new AggregateStore(client).execute({ ...keyed, streamName: name })).resolves.toMatchObject({
      revision: first.revision,
      position: first.position,
    });
  });

  it('serves hot streams from the cache and recovers from a stale cache with one reload', async () => {
    const store = new AggregateStore(client);
    const name = stream();
    await store.execute({ ...count(1), streamName: name });
    // Someone else appends behind the cache's back.
    await other.appendToStream(name, jsonEvent({ type: 'Counted', data: { by: 10 } }));
    const result = await store.execute({ ...count(1), streamName: name });
    expect(result).toMatchObject({ state: 12, revision: 2n });
    // A refusal made on stale cached state is re-decided on what the store holds.
    await other.appendToStream(name, jsonEvent({ type: 'Counted', data: { by: -12 } }));
    const allowed = await store.execute({ ...count(5, { command: { type: 'Count', data: { by: 5, max: 6 } } }), streamName: name });
    expect(allowed.state).toBe(5);
  });

  it('decides "nothing to do" again on what the store holds when the cache is stale, so a change back is not lost', async () => {
    const store = new AggregateStore(client);
    const name = stream();
    const setTo = (to: number, extra: Partial<ExecuteRequest<number, Count, Counted, { now: Date }>> = {}) =>
      store.execute({ ...count(0, { command: { type: 'Count', data: { by: 0, to } } }), streamName: name, ...extra });
    await setTo(10);
    // Another instance sets 20; this one still holds 10 in its cache.
    await other.appendToStream(name, jsonEvent({ type: 'Counted', data: { by: 10 } }));
    await expect(setTo(10, { ifMatch: 0n })).rejects.toMatchObject({ precondition: true, actual: 1n });
    const result = await setTo(10);
    expect(result).toMatchObject({ state: 10, revision: 2n });
    expect(result.position).not.toBeNull();
    expect(await new AggregateStore(other).read(name, counter)).toMatchObject({ state: 10, revision: 2n });
    // Truly nothing to do: answered without an append.
    expect(await setTo(10)).toMatchObject({ events: [], state: 10, revision: 2n, position: null });
  });

  it('catches a stale cache up with the events it missed, however long the stream (a conflict, a lookup)', async () => {
    const watched = EventStoreDBClient.connectionString(server.connectionString);
    const reads = jest.spyOn(watched, 'readStream');
    const from = () => reads.mock.calls.map(([, options]) => options?.fromRevision);
    const store = new AggregateStore(watched);
    const name = stream();
    await client.appendToStream(
      name,
      Array.from({ length: 300 }, () => jsonEvent({ type: 'Counted', data: { by: 1 } })),
    );
    expect(await store.read(name, counter)).toMatchObject({ state: 300, revision: 299n });
    // Another instance appends behind the cache's back: the append conflicts, and only what it missed is read.
    await other.appendToStream(name, jsonEvent({ type: 'Counted', data: { by: 10 } }));
    expect(await store.execute({ ...count(1), streamName: name })).toMatchObject({ state: 311, revision: 301n });
    await other.appendToStream(name, jsonEvent({ type: 'Counted', data: { by: 100 } }));
    expect(await store.read(name, counter)).toMatchObject({ state: 411, revision: 302n });
    expect(from()).toEqual(['start', 300n, 302n]);
    // As of a revision, the fold starts at the beginning whatever is cached.
    expect(await store.read(name, counter, 1n)).toMatchObject({ state: 2, revision: 1n });
    expect(from().at(-1)).toBe('start');
    await watched.dispose();
  });

  it('enforces If-Match and reports the current revision', async () => {
    const store = new AggregateStore(client);
    const name = stream();
    await store.execute({ ...count(1), streamName: name });
    await expect(store.execute({ ...count(1), streamName: name, ifMatch: 5n })).rejects.toMatchObject({ precondition: true, actual: 0n });
    await expect(store.execute({ ...count(1), streamName: name, ifMatch: 0n })).resolves.toMatchObject({ revision: 1n });
  });

  it('lets exactly one of two racing writers win on the first try and retries the other once', async () => {
    const a = new AggregateStore(client);
    const b = new AggregateStore(other);
    const name = stream();
    await a.execute({ ...count(1), streamName: name });
    await b.load(name, counter);
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, (_, i) => (i % 2 ? a : b).execute({ ...count(1), streamName: name })),
    );
    const failures = results.filter((r) => r.status === 'rejected');
    for (const f of failures) expect((f as PromiseRejectedResult).reason).toBeInstanceOf(StreamRevisionConflictError);
    const final = await a.read(name, counter);
    expect(final.state).toBe(1 + results.length - failures.length);
  });

  it('expectNew skips the read, and falls back to it when the stream exists after all', async () => {
    const store = new AggregateStore(client);
    const name = stream();
    await other.appendToStream(name, jsonEvent({ type: 'Counted', data: { by: 4 } }));
    const result = await store.execute({ ...count(1), streamName: name, expectNew: true });
    expect(result).toMatchObject({ state: 5, revision: 1n });
  });

  it('reads the state as of a revision (auditors)', async () => {
    const store = new AggregateStore(client);
    const name = stream();
    for (const by of [1, 2, 4]) await store.execute({ ...count(by), streamName: name });
    expect((await store.read(name, counter, 1n)).state).toBe(3);
  });
});
