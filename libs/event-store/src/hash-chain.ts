import { createHash } from 'node:crypto';
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
  // One update of the joined text: the same bytes as one update per part, with one call into the hash.
  return createHash('sha256')
    .update(`${prev ?? ''}\0${streamName}\0${revision}\0${type}\0${dataJson}\0${metadataJson}`)
    .digest('hex');
}

/**
 * `chainHashOfJson` with the data as the UTF-8 bytes of its JSON (as they stand in a file): the same bytes hashed,
 * without decoding them into a string first.
 */
export function chainHashOfDataBytes(
  prev: string | null,
  streamName: string,
  revision: bigint | number,
  type: string,
  dataJson: Uint8Array,
  metadataJson: string,
): string {
  return createHash('sha256')
    .update(`${prev ?? ''}\0${streamName}\0${revision}\0${type}\0`)
    .update(dataJson)
    .update(`\0${metadataJson}`)
    .digest('hex');
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
