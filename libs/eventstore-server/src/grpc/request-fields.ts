import { isUtf8 } from 'node:buffer';
import type { StreamIdentifier, UUID } from './protocol';
import { ExpectedRevision, NewEvent } from '../storage';
import { missingRequiredMetadata } from './errors';
import { uuidToString } from './uuid';

/** Thrown for a request the server refuses before touching storage; carries the gRPC error to send. */
export class BadRequest extends Error {
  constructor(readonly grpc: Error) {
    super(grpc.message);
  }
}

const MAX_STREAM_NAME_BYTES = 4096;

/** The stream name of a request; empty, missing, oversized or non-UTF-8 names are INVALID_ARGUMENT. */
export function streamNameOf(identifier: StreamIdentifier | undefined): string {
  return streamNameFromBytes(identifier ? identifier.getStreamName_asU8() : undefined);
}

/** streamNameOf for the `stream_name` bytes; undefined when the identifier itself is missing. */
export function streamNameFromBytes(nameBytes: Uint8Array | undefined): string {
  const bytes = nameBytes ? Buffer.from(nameBytes.buffer, nameBytes.byteOffset, nameBytes.byteLength) : Buffer.alloc(0);
  if (bytes.length === 0) throw badArgument('Stream name must not be empty');
  if (bytes.length > MAX_STREAM_NAME_BYTES) throw badArgument('Stream name is too long');
  if (!isUtf8(bytes)) throw badArgument('Stream name must be valid UTF-8');
  return bytes.toString('utf8');
}

export function badArgument(details: string): BadRequest {
  return new BadRequest(Object.assign(new Error(details), { code: 3, details }));
}

/** Expected revision from a `revision` string or one of the empty markers, in storage numbering. */
export function expectedRevisionOf(revisionCase: 'revision' | 'no_stream' | 'any' | 'stream_exists' | 'unset', revision: string): number {
  switch (revisionCase) {
    case 'revision': {
      const value = Number(revision);
      if (!Number.isSafeInteger(value) || value < 0) throw badArgument(`Invalid expected revision ${revision}`);
      return value;
    }
    case 'no_stream':
      return ExpectedRevision.noStream;
    case 'any':
      return ExpectedRevision.any;
    case 'stream_exists':
      return ExpectedRevision.streamExists;
    default:
      throw badArgument('Expected stream revision is required');
  }
}

interface ProposedMessageLike {
  getId(): UUID | undefined;
  getMetadataMap(): { get(key: string): string | undefined };
  getData_asU8(): Uint8Array;
  getCustomMetadata_asU8(): Uint8Array;
}

/** What the server reads of a proposed message, however it was decoded. */
export interface ProposedFields {
  /** Canonical UUID, undefined when missing or invalid. */
  id: string | undefined;
  type: string | undefined;
  contentType: string | undefined;
  data: Uint8Array;
  customMetadata: Uint8Array;
}

/** A proposed message as a storage event; refuses a missing id, `type` or `content-type`. */
export function toNewEvent(message: ProposedMessageLike): NewEvent {
  const metadata = message.getMetadataMap();
  return newEventOf({
    id: uuidToString(message.getId()),
    type: metadata.get('type'),
    contentType: metadata.get('content-type'),
    data: message.getData_asU8(),
    customMetadata: message.getCustomMetadata_asU8(),
  });
}

export function newEventOf({ id, type, contentType, data, customMetadata: custom }: ProposedFields): NewEvent {
  if (!id) throw badArgument('Event id must be a valid UUID');
  if (!type || contentType === undefined) throw new BadRequest(missingRequiredMetadata());
  return {
    id,
    type,
    isJson: contentType === 'application/json',
    data: asBuffer(data),
    metadata: asBuffer(custom),
  };
}

/** The bytes as a Buffer: the one given when it is already one (the BatchAppend decoder's views), else a view. */
const asBuffer = (bytes: Uint8Array): Buffer =>
  Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
