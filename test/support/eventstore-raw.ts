// Raw gRPC access for what the official clients cannot produce: missing required metadata,
// malformed protobuf, a call cancelled halfway, and a look at the exact status and trailers.
import { randomUUID } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import { AppendReq, DeleteReq, ReadReq, TombstoneReq } from '@eventstore/db-client/generated/streams_pb';
import { Empty, StreamIdentifier, UUID } from '@eventstore/db-client/generated/shared_pb';

export interface RawOutcome {
  messages: Uint8Array[];
  error?: grpc.ServiceError;
}

const identity = (bytes: Buffer | Uint8Array) => Buffer.from(bytes);

export function rawClient(port: number): grpc.Client {
  return new grpc.Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
}

export function unary(client: grpc.Client, path: string, request: Uint8Array): Promise<RawOutcome> {
  return new Promise((done) => {
    client.makeUnaryRequest(path, identity, identity, Buffer.from(request), (error, reply) =>
      done(error ? { messages: [], error } : { messages: [reply!] }),
    );
  });
}

/** Sends every message of a client-streaming call, then half-closes (or cancels instead). */
export function clientStream(
  client: grpc.Client,
  path: string,
  requests: Uint8Array[],
  options: { cancelInsteadOfEnd?: boolean } = {},
): Promise<RawOutcome> {
  return new Promise((done) => {
    const call = client.makeClientStreamRequest(path, identity, identity, (error, reply) =>
      done(error ? { messages: [], error } : { messages: [reply!] }),
    );
    for (const request of requests) call.write(Buffer.from(request));
    if (options.cancelInsteadOfEnd) setTimeout(() => call.cancel(), 100);
    else call.end();
  });
}

export function serverStream(client: grpc.Client, path: string, request: Uint8Array): Promise<RawOutcome> {
  return new Promise((done) => {
    const messages: Uint8Array[] = [];
    const call = client.makeServerStreamRequest(path, identity, identity, Buffer.from(request));
    call.on('data', (message: Buffer) => messages.push(message));
    call.on('error', (error: grpc.ServiceError) => done({ messages, error }));
    call.on('end', () => done({ messages }));
  });
}

export function trailers(error: grpc.ServiceError): Record<string, string> {
  const entries = Object.entries(error.metadata.getMap()).map(([key, value]) => [key, String(value)]);
  return Object.fromEntries(entries);
}

export const paths = {
  append: '/event_store.client.streams.Streams/Append',
  batchAppend: '/event_store.client.streams.Streams/BatchAppend',
  read: '/event_store.client.streams.Streams/Read',
  delete: '/event_store.client.streams.Streams/Delete',
  tombstone: '/event_store.client.streams.Streams/Tombstone',
  supportedMethods: '/event_store.client.server_features.ServerFeatures/GetSupportedMethods',
  gossip: '/event_store.client.gossip.Gossip/Read',
  health: '/grpc.health.v1.Health/Check',
  projectionsCreate: '/event_store.client.projections.Projections/Create',
} as const;

// Request builders on the client's own generated protobuf classes.

export interface RawEvent {
  metadata: Record<string, string>;
  data: Uint8Array | string;
}

function streamId(name: string): StreamIdentifier {
  return new StreamIdentifier().setStreamName(Buffer.from(name));
}

export function appendRequests(stream: string, events: RawEvent[]): Uint8Array[] {
  const options = new AppendReq.Options().setStreamIdentifier(streamId(stream)).setAny(new Empty());
  const first = new AppendReq().setOptions(options).serializeBinary();
  const rest = events.map((event) => {
    const message = new AppendReq.ProposedMessage()
      .setId(new UUID().setString(randomUUID()))
      .setData(typeof event.data === 'string' ? Buffer.from(event.data) : event.data)
      .setCustomMetadata(new Uint8Array());
    for (const [key, value] of Object.entries(event.metadata)) message.getMetadataMap().set(key, value);
    return new AppendReq().setProposedMessage(message).serializeBinary();
  });
  return [first, ...rest];
}

export function readStreamRequest(stream: string): Uint8Array {
  const options = new ReadReq.Options()
    .setStream(new ReadReq.Options.StreamOptions().setStreamIdentifier(streamId(stream)).setStart(new Empty()))
    .setReadDirection(ReadReq.Options.ReadDirection.FORWARDS)
    .setResolveLinks(false)
    .setCount('100')
    .setNoFilter(new Empty())
    .setUuidOption(new ReadReq.Options.UUIDOption().setString(new Empty()));
  return new ReadReq().setOptions(options).serializeBinary();
}

/** A live subscription to $all from its end, as a catch-up client would open it. */
export function subscribeAllRequest(): Uint8Array {
  const options = new ReadReq.Options()
    .setAll(new ReadReq.Options.AllOptions().setEnd(new Empty()))
    .setReadDirection(ReadReq.Options.ReadDirection.FORWARDS)
    .setResolveLinks(false)
    .setSubscription(new ReadReq.Options.SubscriptionOptions())
    .setNoFilter(new Empty())
    .setUuidOption(new ReadReq.Options.UUIDOption().setString(new Empty()));
  return new ReadReq().setOptions(options).serializeBinary();
}

export function deleteRequest(stream: string, revision: bigint): Uint8Array {
  const options = new DeleteReq.Options().setStreamIdentifier(streamId(stream)).setRevision(revision.toString());
  return new DeleteReq().setOptions(options).serializeBinary();
}

export function tombstoneRequest(stream: string): Uint8Array {
  const options = new TombstoneReq.Options().setStreamIdentifier(streamId(stream)).setAny(new Empty());
  return new TombstoneReq().setOptions(options).serializeBinary();
}
