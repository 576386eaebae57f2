import { bytesEqual, ProtoReader, tagOf, WireType } from './proto-reader';
import type { ProposedFields } from './request-fields';
import { uuidFromWire } from './uuid';

export type ExpectedCase = 'revision' | 'no_stream' | 'any' | 'stream_exists' | 'unset';

export interface BatchAppendOptions {
  /** The StreamIdentifier message as sent, echoed in every reply; undefined when absent. */
  identifier: Buffer | undefined;
  /** Its `stream_name` bytes. */
  streamName: Buffer | undefined;
  expectedCase: ExpectedCase;
  /** The `stream_position` in decimal, '0' unless `expectedCase` is 'revision'. */
  streamPosition: string;
  /** `deadline_21_10_0`, an absolute time in ms since the epoch. */
  deadlineMs: number | undefined;
}

/** A BatchAppendReq with only what the handler uses, decoded straight from the wire (see proto-reader.ts). */
export interface BatchAppendRequest {
  /** The correlation id's UUID message as sent, echoed in the reply; undefined when absent. */
  correlation: Buffer | undefined;
  correlationId: string | undefined;
  options: BatchAppendOptions | undefined;
  messages: ProposedFields[];
  isFinal: boolean;
}

// Field numbers from streams.proto, shared.proto and google/protobuf/timestamp.proto.
const REQUEST = {
  correlation: tagOf(1, WireType.lengthDelimited),
  options: tagOf(2, WireType.lengthDelimited),
  message: tagOf(3, WireType.lengthDelimited),
  isFinal: tagOf(4, WireType.varint),
};
const OPTIONS = {
  identifier: tagOf(1, WireType.lengthDelimited),
  streamPosition: tagOf(2, WireType.varint),
  deadline: tagOf(6, WireType.lengthDelimited),
};
/** The expected-position cases carried by an Empty message. */
const EMPTY_CASES = new Map<number, ExpectedCase>([
  [tagOf(3, WireType.lengthDelimited), 'no_stream'],
  [tagOf(4, WireType.lengthDelimited), 'any'],
  [tagOf(5, WireType.lengthDelimited), 'stream_exists'],
]);
const STREAM_NAME = tagOf(3, WireType.lengthDelimited);
const TIMESTAMP = { seconds: tagOf(1, WireType.varint), nanos: tagOf(2, WireType.varint) };
const PROPOSED = {
  id: tagOf(1, WireType.lengthDelimited),
  metadata: tagOf(2, WireType.lengthDelimited),
  customMetadata: tagOf(3, WireType.lengthDelimited),
  data: tagOf(4, WireType.lengthDelimited),
};
const MAP_ENTRY = { key: tagOf(1, WireType.lengthDelimited), value: tagOf(2, WireType.lengthDelimited) };

const EMPTY = Buffer.alloc(0);
const TYPE_KEY = Buffer.from('type');
const CONTENT_TYPE_KEY = Buffer.from('content-type');
const JSON_CONTENT_TYPE = 'application/json';
const JSON_CONTENT_TYPE_BYTES = Buffer.from(JSON_CONTENT_TYPE);

/**
 * The BatchAppend request deserializer. Field for field what the generated decoder reads: a message
 * field seen twice keeps the last, oneofs keep the last case on the wire, unknown fields are skipped.
 */
export function decodeBatchAppendReq(bytes: Buffer): BatchAppendRequest {
  const reader = new ProtoReader(bytes);
  const request: BatchAppendRequest = {
    correlation: undefined,
    correlationId: undefined,
    options: undefined,
    messages: [],
    isFinal: false,
  };
  while (!reader.atEnd) {
    const tag = reader.tag();
    if (tag === REQUEST.message) request.messages.push(proposedMessage(reader.message()));
    else if (tag === REQUEST.correlation) {
      const correlation = reader.message();
      request.correlation = bytes.subarray(correlation.offset, correlation.end);
      request.correlationId = uuidFromWire(correlation);
    } else if (tag === REQUEST.options) request.options = options(reader.message());
    else if (tag === REQUEST.isFinal) request.isFinal = reader.varint() !== 0;
    else reader.skip(tag);
  }
  return request;
}

function options(reader: ProtoReader): BatchAppendOptions {
  const result: BatchAppendOptions = {
    identifier: undefined,
    streamName: undefined,
    expectedCase: 'unset',
    streamPosition: '0',
    deadlineMs: undefined,
  };
  while (!reader.atEnd) {
    const tag = reader.tag();
    switch (tag) {
      case OPTIONS.identifier: {
        const identifier = reader.message();
        result.identifier = reader.buffer.subarray(identifier.offset, identifier.end);
        result.streamName = EMPTY;
        while (!identifier.atEnd) {
          const field = identifier.tag();
          if (field === STREAM_NAME) result.streamName = identifier.bytes();
          else identifier.skip(field);
        }
        break;
      }
      case OPTIONS.streamPosition:
        result.expectedCase = 'revision';
        result.streamPosition = reader.uint64String();
        break;
      case OPTIONS.deadline:
        result.deadlineMs = timestampMs(reader.message());
        break;
      default:
        result.expectedCase = EMPTY_CASES.get(tag) ?? result.expectedCase;
        reader.skip(tag);
    }
  }
  return result;
}

/** As the handler read the generated Timestamp: seconds * 1000 + whole milliseconds of the nanos. */
function timestampMs(reader: ProtoReader): number {
  let seconds = 0;
  let nanos = 0;
  while (!reader.atEnd) {
    const tag = reader.tag();
    if (tag === TIMESTAMP.seconds) seconds = reader.int64();
    else if (tag === TIMESTAMP.nanos) nanos = reader.int64() | 0;
    else reader.skip(tag);
  }
  return seconds * 1000 + Math.floor(nanos / 1e6);
}

function proposedMessage(reader: ProtoReader): ProposedFields {
  const message: ProposedFields = { id: undefined, type: undefined, contentType: undefined, data: EMPTY, customMetadata: EMPTY };
  while (!reader.atEnd) {
    const tag = reader.tag();
    switch (tag) {
      case PROPOSED.id:
        message.id = uuidFromWire(reader.message());
        break;
      case PROPOSED.metadata: {
        // A map entry; its key and value default to '' and a later entry for the same key wins. Only the
        // value of a key the server reads becomes a string, and 'application/json' is recognised in place.
        const entry = reader.message();
        const bytes = entry.buffer;
        let keyStart = 0;
        let keyEnd = 0;
        let valueStart = 0;
        let valueEnd = 0;
        while (!entry.atEnd) {
          const field = entry.tag();
          if (field === MAP_ENTRY.key) {
            keyStart = entry.skipBytes();
            keyEnd = entry.offset;
          } else if (field === MAP_ENTRY.value) {
            valueStart = entry.skipBytes();
            valueEnd = entry.offset;
          } else entry.skip(field);
        }
        if (bytesEqual(bytes, keyStart, keyEnd, TYPE_KEY)) message.type = bytes.toString('utf8', valueStart, valueEnd);
        else if (bytesEqual(bytes, keyStart, keyEnd, CONTENT_TYPE_KEY)) {
          message.contentType = bytesEqual(bytes, valueStart, valueEnd, JSON_CONTENT_TYPE_BYTES)
            ? JSON_CONTENT_TYPE
            : bytes.toString('utf8', valueStart, valueEnd);
        }
        break;
      }
      case PROPOSED.customMetadata:
        message.customMetadata = reader.bytes();
        break;
      case PROPOSED.data:
        message.data = reader.bytes();
        break;
      default:
        reader.skip(tag);
    }
  }
  return message;
}
