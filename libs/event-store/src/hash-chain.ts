import { hash } from 'node:crypto';
import type { ChainLink, EventMetadata } from './metadata';

export interface ChainInput {
  prev: string | null;
  streamName: string;
  revision: bigint | number;
  type: string;
  data: unknown;
  metadata: Omit<EventMetadata, 'chain'>;
}

/**
 * sha256(prev ‖ streamName ‖ revision ‖ type ‖ data-json ‖ metadata-json-without-chain).
 * Parts are separated by a NUL byte so that no two different inputs concatenate to the same bytes.
 */
export function chainHash(input: ChainInput): string {
  return chainHashOfJson(
    input.prev,
    input.streamName,
    input.revision,
    input.type,
    JSON.stringify(input.data),
    JSON.stringify(input.metadata),
  );
}

/** `chainHash` over data and metadata already serialised (the command path serialises the metadata anyway). */
export function chainHashOfJson(
  prev: string | null,
  streamName: string,
  revision: bigint | number,
  type: string,
  dataJson: string,
  metadataJson: string,
): string {
  // The joined text hashed in one call: the same bytes as one update per part.
  return hash('sha256', `${prev ?? ''}\0${streamName}\0${revision}\0${type}\0${dataJson}\0${metadataJson}`, 'hex');
}

const NOTHING = new Uint8Array(0);
const SEPARATOR = 0;
/** Where the bytes of one hash's input are assembled; grown when an input does not fit. */
let scratch = Buffer.allocUnsafe(1 << 16);

/**
 * `chainHashOfJson` with every part as the UTF-8 bytes of its text (views of a line of a file, say; the metadata's
 * JSON in pieces that join to it): the same bytes hashed, assembled in one reused buffer for a single call into the
 * hash instead of decoding the parts into strings first.
 */
export function chainHashOfBytes(
  prev: Uint8Array | null,
  streamName: Uint8Array,
  revision: Uint8Array,
  type: Uint8Array,
  dataJson: Uint8Array,
  metadataJson: readonly Uint8Array[],
): string {
  const parts = [prev ?? NOTHING, streamName, revision, type, dataJson];
  let size = parts.length;
  for (const part of parts) size += part.length;
  for (const piece of metadataJson) size += piece.length;
  if (size > scratch.length) scratch = Buffer.allocUnsafe(size * 2);
  let at = 0;
  for (const part of parts) {
    scratch.set(part, at);
    at += part.length;
    scratch[at++] = SEPARATOR;
  }
  for (const piece of metadataJson) {
    scratch.set(piece, at);
    at += piece.length;
  }
  return hash('sha256', scratch.subarray(0, at), 'hex');
}

export function chainLink(input: ChainInput): ChainLink {
  return { prev: input.prev, hash: chainHash(input) };
}

export interface ChainedEvent {
  streamName: string;
  revision: bigint | number;
  type: string;
  data: unknown;
  metadata: EventMetadata;
}

/** Returns the revision of the first event whose link does not verify, or null when the chain is intact. */
export function verifyChain(events: readonly ChainedEvent[]): bigint | null {
  let prev: string | null = null;
  for (const event of events) {
    const { chain, ...rest } = event.metadata;
    const expected = chainHash({
      prev,
      streamName: event.streamName,
      revision: event.revision,
      type: event.type,
      data: event.data,
      metadata: rest,
    });
    if (chain.prev !== prev || chain.hash !== expected) return BigInt(event.revision);
    prev = chain.hash;
  }
  return null;
}
