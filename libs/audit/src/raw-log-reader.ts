import type { ClientReadableStream, Metadata, CallOptions } from '@grpc/grpc-js';
import type { EventStoreDBClient, Position } from '@eventstore/db-client';
import { ReadStream } from '@eventstore/db-client/dist/streams/utils/ReadStream';
import { Empty } from '@eventstore/db-client/generated/shared_pb';
import { StreamsClient } from '@eventstore/db-client/generated/streams_grpc_pb';
import { ReadReq, type ReadResp } from '@eventstore/db-client/generated/streams_pb';
import type { StreamEvent } from './stream-reader';

/**
 * A stored event of `$all` with its data and metadata as the bytes stored, not parsed: what a whole-log export writes
 * into its lines as they stand.
 */
export interface RawEvent {
  streamId: string;
  revision: bigint;
  position: Position;
  id: string;
  type: string;
  /** When it was recorded, in ticks of 100 ns since the Unix epoch, as the store sends it. */
  created: string;
  isJson: boolean;
  data: Uint8Array;
  /** Empty: no metadata. */
  metadata: Uint8Array;
}

/** The client's own means of opening a call on its connection (TLS, credentials, node selection): not public API. */
interface ClientCalls {
  GRPCStreamCreator(
    Client: typeof StreamsClient,
    debugName: string,
    creator: (client: StreamsClient) => ClientReadableStream<ReadResp>,
  ): () => Promise<ClientReadableStream<ReadResp>>;
  callArguments(options: { deadline?: number }, callOptions: CallOptions): [Metadata, CallOptions];
}

/** Ticks per millisecond. */
const TICKS_PER_MS = 10_000n;

/** A recorded time in ticks as the ISO string of the `Date` the client would give. */
export const isoOfTicks = (ticks: string): string => new Date(Number(BigInt(ticks) / TICKS_PER_MS)).toISOString();

function rawEvent(read: ReadResp.ReadEvent): { event?: RawEvent } {
  const record = read.getEvent();
  if (!record) return {};
  const metadata = record.getMetadataMap();
  const commit = record.getCommitPosition();
  const prepare = record.getPreparePosition();
  return {
    event: {
      streamId: Buffer.from(record.getStreamIdentifier()!.getStreamName_asU8()).toString('utf8'),
      revision: BigInt(record.getStreamRevision()),
      position: { commit: BigInt(commit), prepare: BigInt(prepare) },
      id: record.getId()?.getString() ?? '',
      type: metadata.get('type') ?? '',
      created: metadata.get('created') ?? '0',
      isJson: metadata.get('content-type') === 'application/json',
      data: record.getData_asU8(),
      metadata: record.getCustomMetadata_asU8(),
    },
  };
}

/**
 * `client.readAll({ fromPosition, maxCount })` forwards, on the client's own connection and read stream, with each
 * event's data and metadata left as their stored bytes instead of parsed from JSON (which a whole-log export would
 * only serialise again). The one place that reaches into the client's internals (its call creation and read stream;
 * the request is the one `readAll` builds): the parse and re-serialisation are most of what an export costs beyond
 * the read itself (bench/audit/export-verify.js).
 */
export function readAllRaw(
  client: EventStoreDBClient,
  fromPosition: Position | undefined,
  maxCount: number,
): ReadStream<{ event?: RawEvent }> {
  const options = new ReadReq.Options();
  const uuid = new ReadReq.Options.UUIDOption();
  uuid.setString(new Empty());
  const all = new ReadReq.Options.AllOptions();
  if (fromPosition) {
    const position = new ReadReq.Options.Position();
    position.setCommitPosition(fromPosition.commit.toString(10));
    position.setPreparePosition(fromPosition.prepare.toString(10));
    all.setPosition(position);
  } else all.setStart(new Empty());
  options.setAll(all);
  options.setResolveLinks(false);
  options.setCount(maxCount.toString(10));
  options.setUuidOption(uuid);
  options.setNoFilter(new Empty());
  options.setReadDirection(ReadReq.Options.ReadDirection.FORWARDS);
  const request = new ReadReq();
  request.setOptions(options);
  const calls = client as unknown as ClientCalls;
  const create = calls.GRPCStreamCreator(StreamsClient, 'readAllRaw', (streams) =>
    streams.read(request, ...calls.callArguments({}, { deadline: Infinity })),
  );
  return new ReadStream(create, rawEvent, {});
}

/**
 * The event as the client's `readAll` would have given it: data parsed from JSON (its text if it is not JSON), metadata
 * parsed (absent when empty, its bytes if it is not JSON).
 */
export function parsedRawEvent(event: RawEvent): StreamEvent {
  const text = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('utf8');
  let data: unknown = event.data;
  if (event.isJson) {
    data = text(event.data);
    try {
      data = JSON.parse(data as string);
    } catch {
      // The client gives malformed JSON data as its text.
    }
  }
  let metadata: unknown;
  if (event.metadata.length > 0) {
    try {
      metadata = JSON.parse(text(event.metadata));
    } catch {
      metadata = event.metadata;
    }
  }
  return {
    streamId: event.streamId,
    revision: event.revision,
    position: event.position,
    id: event.id,
    type: event.type,
    created: new Date(isoOfTicks(event.created)),
    data,
    metadata,
  };
}
