// ESDB-WIRE A0/A1/A8/A9 and the operability items: honest ServerFeatures, Gossip for
// esdb+discover://, the health service, exact statuses and trailers for bad input with nothing
// written, and restart on the same data directory with events and positions unchanged.
import { randomUUID } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import { SupportedMethods } from '@eventstore/db-client/generated/serverfeatures_pb';
import { ClusterInfo, MemberInfo } from '@eventstore/db-client/generated/gossip_pb';
import { AppendResp } from '@eventstore/db-client/generated/streams_pb';
import { esdbKit } from '../support/eventstore-client-esdb';
import type { Client } from '../support/eventstore-clients';
import {
  appendRequests,
  clientStream,
  deleteRequest,
  paths,
  rawClient,
  readStreamRequest,
  serverStream,
  subscribeAllRequest,
  tombstoneRequest,
  trailers,
  unary,
} from '../support/eventstore-raw';
import { collect, delay, rejectionOf, spawnServer, startTestStore, tempDir, uniqueStream, type TestStore } from '../support/eventstore';

// Every method the protocol defines, keyed by its lower-cased path as ServerFeatures reports it.
const protocol = new Map<string, { path: string; requestStream: boolean; responseStream: boolean }>();
for (const name of ['streams', 'persistent', 'gossip', 'serverfeatures', 'operations', 'users', 'projections', 'monitoring']) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the generated service modules are looked up by name
  const generated = require(`@eventstore/db-client/generated/${name}_grpc_pb`) as Record<string, unknown>;
  for (const service of Object.values(generated)) {
    if (typeof service !== 'object' || service === null) continue;
    for (const method of Object.values(service as Record<string, { path?: string; requestStream: boolean; responseStream: boolean }>)) {
      if (method && typeof method.path === 'string') protocol.set(method.path.toLowerCase(), { ...method, path: method.path });
    }
  }
}

let store: TestStore;
let raw: grpc.Client;
beforeAll(async () => {
  store = await startTestStore();
  raw = rawClient(store.server.port);
});
afterAll(async () => {
  raw?.close();
  await store?.stop();
});

const lastPosition = async (client: Client) =>
  (await collect(client.readAll({ direction: 'backwards', fromPosition: 'end', maxCount: 1 })))[0]?.event?.position.commit;

async function supportedMethods(): Promise<SupportedMethods> {
  const reply = await unary(raw, paths.supportedMethods, new Uint8Array());
  expect(reply.error).toBeUndefined();
  return SupportedMethods.deserializeBinary(reply.messages[0]);
}

/** Calls any method with an empty request; resolves with the status code it ends with. */
function statusOfEmptyCall(method: { path: string; requestStream: boolean; responseStream: boolean }): Promise<grpc.status> {
  const deadline = Date.now() + 2_000;
  const id = (b: Buffer) => b;
  return new Promise((done) => {
    const finish = (error: grpc.ServiceError | null) => done(error ? error.code : grpc.status.OK);
    if (!method.requestStream && !method.responseStream) {
      raw.makeUnaryRequest(method.path, id, id, Buffer.alloc(0), { deadline }, (e) => finish(e));
    } else if (method.requestStream && !method.responseStream) {
      raw.makeClientStreamRequest(method.path, id, id, { deadline }, (e) => finish(e)).end();
    } else {
      const call = method.requestStream
        ? raw.makeBidiStreamRequest(method.path, id, id, new grpc.Metadata(), { deadline })
        : raw.makeServerStreamRequest(method.path, id, id, Buffer.alloc(0), new grpc.Metadata(), { deadline });
      call.on('data', () => undefined);
      call.on('status', (status: grpc.StatusObject) => done(status.code));
      call.on('error', () => undefined);
      if ('end' in call && method.requestStream) (call as grpc.ClientDuplexStream<Buffer, Buffer>).end();
    }
  });
}

describe('ServerFeatures', () => {
  it('advertises a version of at least 23.10 and lower-case method names with the real feature sets', async () => {
    const methods = await supportedMethods();
    const [major, minor] = methods.getEventStoreServerVersion().split('.').map(Number);
    expect(methods.getEventStoreServerVersion()).toMatch(/^\d+\.\d+\.\d+/);
    expect(major * 100 + minor).toBeGreaterThanOrEqual(2310);
    const advertised = new Map(methods.getMethodsList().map((m) => [`${m.getServiceName()}/${m.getMethodName()}`, m.getFeaturesList()]));
    for (const key of advertised.keys()) expect(key).toBe(key.toLowerCase());
    expect(advertised.get('event_store.client.streams.streams/batchappend')).toEqual(['deadline_duration']);
    expect([...(advertised.get('event_store.client.streams.streams/read') ?? [])].sort()).toEqual(['events', 'position']);
    for (const method of ['append', 'delete', 'tombstone'])
      expect(advertised.has(`event_store.client.streams.streams/${method}`)).toBe(true);
  });

  it('every advertised method is implemented, and an unimplemented one answers UNIMPLEMENTED', async () => {
    const methods = await supportedMethods();
    const outcomes = await Promise.all(
      methods.getMethodsList().map(async (m) => {
        const path = `/${m.getServiceName()}/${m.getMethodName()}`;
        const definition = protocol.get(path);
        return { path, status: definition ? await statusOfEmptyCall(definition) : 'not in the protocol' };
      }),
    );
    expect(outcomes.filter((o) => o.status === 'not in the protocol' || o.status === grpc.status.UNIMPLEMENTED)).toEqual([]);
    const projections = [...methods.getMethodsList()].filter((m) => m.getServiceName().includes('projections'));
    expect(projections).toEqual([]);
    expect((await unary(raw, paths.projectionsCreate, new Uint8Array())).error?.code).toBe(grpc.status.UNIMPLEMENTED);
  });
});

describe('Gossip and health', () => {
  it('Gossip.Read answers with this node as an alive leader at its own endpoint', async () => {
    const reply = await unary(raw, paths.gossip, new Uint8Array());
    expect(reply.error).toBeUndefined();
    const members = ClusterInfo.deserializeBinary(reply.messages[0]).getMembersList();
    expect(members).toHaveLength(1);
    expect(members[0].getState()).toBe(MemberInfo.VNodeState.LEADER);
    expect(members[0].getIsAlive()).toBe(true);
    expect(members[0].getHttpEndPoint()!.getPort()).toBe(store.server.port);
    expect(members[0].getHttpEndPoint()!.getAddress()).toBe('127.0.0.1');
  });

  it('answers frequent keepalive pings without a too_many_pings GOAWAY, keeping a subscription alive', async () => {
    const pinging = new grpc.Client(`127.0.0.1:${store.server.port}`, grpc.credentials.createInsecure(), {
      'grpc.keepalive_time_ms': 200,
      'grpc.keepalive_timeout_ms': 2_000,
      'grpc.keepalive_permit_without_calls': 1,
    });
    const id = (b: Buffer) => b;
    const call = pinging.makeServerStreamRequest(paths.read, id, id, Buffer.from(subscribeAllRequest()));
    const received: Buffer[] = [];
    let failure: grpc.ServiceError | undefined;
    call.on('data', (message: Buffer) => received.push(message));
    call.on('error', (error: grpc.ServiceError) => (failure = error));
    try {
      await delay(3_000);
      await store.client(esdbKit).appendToStream(uniqueStream('pinged'), esdbKit.jsonEvent({ type: 'StillAlive', data: {} }));
      const deadline = Date.now() + 5_000;
      while (received.length < 2 && !failure && Date.now() < deadline) await delay(20);
      expect(failure).toBeUndefined();
      expect(received.length).toBeGreaterThanOrEqual(2);
    } finally {
      call.cancel();
      pinging.close();
    }
  });

  it('the standard gRPC health check reports SERVING', async () => {
    const reply = await unary(raw, paths.health, new Uint8Array());
    expect(reply.error).toBeUndefined();
    expect(Buffer.from(reply.messages[0]).equals(Buffer.from([0x08, 0x01]))).toBe(true);
  });
});

describe('bad input gets the exact status, writes nothing and leaves the server serving', () => {
  const kit = esdbKit;
  let client: Client;
  beforeAll(() => {
    client = store.client(kit);
  });

  it('an empty stream name on a raw Append is INVALID_ARGUMENT', async () => {
    const before = await lastPosition(client);
    const reply = await clientStream(
      raw,
      paths.append,
      appendRequests('', [{ metadata: { type: 'X', 'content-type': 'application/json' }, data: '{}' }]),
    );
    expect(reply.error?.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(await lastPosition(client)).toBe(before);
  });

  it.each([
    ['type', { 'content-type': 'application/json' }],
    ['content-type', { type: 'NoContentType' }],
  ])('a proposed message without %s is INVALID_ARGUMENT missing-required-metadata-property', async (_missing, metadata) => {
    const stream = uniqueStream('raw');
    const reply = await clientStream(
      raw,
      paths.append,
      appendRequests(stream, [
        { metadata: { type: 'Fine', 'content-type': 'application/json' }, data: '{}' },
        { metadata: metadata as Record<string, string>, data: '{}' },
      ]),
    );
    expect(reply.error?.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(trailers(reply.error!)).toMatchObject({
      exception: 'missing-required-metadata-property',
      'required-metadata-properties': 'type,content-type',
    });
    expect((await rejectionOf(collect(client.readStream(stream)))).type).toBe('stream-not-found');
  });

  it('malformed protobuf is INTERNAL on unary, client-streaming and server-streaming calls', async () => {
    const before = await lastPosition(client);
    const garbage = Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0x0f, 0x07]);
    expect((await unary(raw, paths.delete, garbage)).error?.code).toBe(grpc.status.INTERNAL);
    expect((await clientStream(raw, paths.append, [garbage])).error?.code).toBe(grpc.status.INTERNAL);
    expect((await serverStream(raw, paths.read, garbage)).error?.code).toBe(grpc.status.INTERNAL);
    expect(await lastPosition(client)).toBe(before);
    await client.appendToStream(uniqueStream('still-serving'), kit.jsonEvent({ type: 'Ok', data: {} }));
  });

  it('a client that disconnects mid-append leaves nothing behind', async () => {
    const stream = uniqueStream('abandoned');
    const events = Array.from({ length: 3 }, () => ({ metadata: { type: 'Half', 'content-type': 'application/json' }, data: '{}' }));
    const reply = await clientStream(raw, paths.append, appendRequests(stream, events), { cancelInsteadOfEnd: true });
    expect(reply.error?.code).toBe(grpc.status.CANCELLED);
    expect((await rejectionOf(collect(client.readStream(stream)))).type).toBe('stream-not-found');
  });

  it('a raw Append succeeds with exactly the bytes given', async () => {
    const stream = uniqueStream('raw-ok');
    const reply = await clientStream(
      raw,
      paths.append,
      appendRequests(stream, [{ metadata: { type: 'Raw', 'content-type': 'application/octet-stream' }, data: 'bytes' }]),
    );
    expect(reply.error).toBeUndefined();
    const success = AppendResp.deserializeBinary(reply.messages[0]).getSuccess()!;
    expect(success.getCurrentRevision()).toBe('0');
    const [read] = await collect(client.readStream(stream));
    expect(success.getPosition()!.getCommitPosition()).toBe(read.event!.position!.commit.toString());
    expect(Buffer.from(read.event!.data as Uint8Array).toString()).toBe('bytes');
  });

  it('Delete with a wrong revision is FAILED_PRECONDITION with the wrong-expected-version trailers', async () => {
    const stream = uniqueStream('raw-del');
    await client.appendToStream(stream, [kit.jsonEvent({ type: 'A', data: {} }), kit.jsonEvent({ type: 'B', data: {} })]);
    const reply = await unary(raw, paths.delete, deleteRequest(stream, 5n));
    expect(reply.error?.code).toBe(grpc.status.FAILED_PRECONDITION);
    const t = trailers(reply.error!);
    expect(t).toMatchObject({ exception: 'wrong-expected-version', 'stream-name': stream, 'actual-version': '1' });
    expect(BigInt(t['expected-version'])).toBe(5n);
  });

  it('a tombstoned stream is FAILED_PRECONDITION stream-deleted with its name on Read and Append', async () => {
    const stream = uniqueStream('raw-tomb');
    expect((await unary(raw, paths.tombstone, tombstoneRequest(stream))).error).toBeUndefined();
    const read = await serverStream(raw, paths.read, readStreamRequest(stream));
    expect(read.error?.code).toBe(grpc.status.FAILED_PRECONDITION);
    expect(trailers(read.error!)).toMatchObject({ exception: 'stream-deleted', 'stream-name': stream });
    const append = await clientStream(
      raw,
      paths.append,
      appendRequests(stream, [{ metadata: { type: 'X', 'content-type': 'application/json' }, data: '{}' }]),
    );
    expect(append.error?.code).toBe(grpc.status.FAILED_PRECONDITION);
    expect(trailers(append.error!)).toMatchObject({ exception: 'stream-deleted', 'stream-name': stream });
  });

  it('an oversized raw Append is INVALID_ARGUMENT with maximum-append-size', async () => {
    const stream = uniqueStream('raw-big');
    const reply = await clientStream(
      raw,
      paths.append,
      appendRequests(stream, [{ metadata: { type: 'Big', 'content-type': 'application/octet-stream' }, data: Buffer.alloc(1_048_577, 1) }]),
    );
    expect(reply.error?.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(trailers(reply.error!)).toMatchObject({ exception: 'maximum-append-size-exceeded', 'maximum-append-size': '1048576' });
    expect((await rejectionOf(collect(client.readStream(stream)))).type).toBe('stream-not-found');
  });
});

describe('restart on the same data directory', () => {
  it('keeps every event, revision, position and stream state', async () => {
    const dataDir = tempDir();
    let local = await startTestStore({ dataDir });
    try {
      const kit = esdbKit;
      const client = local.client(kit);
      const live = uniqueStream('live');
      const soft = uniqueStream('soft');
      const hard = uniqueStream('hard');
      for (const stream of [live, soft, hard]) {
        await client.appendToStream(
          stream,
          Array.from({ length: 5 }, (_, n) => kit.jsonEvent({ id: randomUUID(), type: 'Kept', data: { n, stream } })),
        );
      }
      await client.setStreamMetadata(live, { maxCount: 3, custom: 'ü' });
      await client.deleteStream(soft);
      await client.tombstoneStream(hard);
      const snapshot = (events: { event?: object }[]) =>
        events.map((e) => {
          const { id, streamId, revision, type, data, position, created } = e.event as Record<string, unknown>;
          return { id, streamId, revision, type, data, position, created };
        });
      const before = snapshot(await collect(client.readAll()));

      local = await local.restart();
      const after = local.client(kit);
      expect(snapshot(await collect(after.readAll()))).toEqual(before);
      expect((await collect(after.readStream(live))).map((e) => e.event!.revision)).toEqual([2n, 3n, 4n]);
      expect((await after.getStreamMetadata(live)).metadata).toEqual({ maxCount: 3, custom: 'ü' });
      expect((await rejectionOf(collect(after.readStream(soft)))).type).toBe('stream-not-found');
      expect((await rejectionOf(collect(after.readStream(hard)))).type).toBe('stream-deleted');
      const next = await after.appendToStream(live, kit.jsonEvent({ type: 'AfterRestart', data: {} }), kit.expecting(4n));
      expect(next.position!.commit > (before[before.length - 1].position as { commit: bigint }).commit).toBe(true);
    } finally {
      await local.stop();
    }
  });

  it('the CLI serves on its port, exits cleanly on SIGTERM and recovers its data', async () => {
    const dataDir = tempDir();
    const kit = esdbKit;
    const first = await spawnServer({ dataDir });
    let client = kit.connect(first.connectionString);
    const stream = uniqueStream('cli');
    const written = await client.appendToStream(stream, [
      kit.jsonEvent({ type: 'One', data: {} }),
      kit.jsonEvent({ type: 'Two', data: {} }),
    ]);
    await client.dispose();
    expect(await first.kill('SIGTERM')).toBe(0);

    const second = await spawnServer({ dataDir, port: first.port });
    try {
      client = kit.connect(second.connectionString);
      const read = await collect(client.readStream(stream));
      expect(read.map((e) => e.event!.type)).toEqual(['One', 'Two']);
      expect(read[1].event!.position).toEqual(written.position);
    } finally {
      await client.dispose();
      await second.kill('SIGTERM');
    }
  });
});
