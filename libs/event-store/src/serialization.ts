import { randomUUID } from 'node:crypto';
import { jsonEvent, type EventData, type ResolvedEvent } from '@eventstore/db-client';
import type { EventMetadata } from './metadata';
import type { UpcastFn } from './upcasting';

// The domain's own contracts (its Decider and DomainEvent) are what this library runs: one definition each.
import type { DomainEvent } from '@app/domain/shared/types';

/** An event read back from the store, upcast to the current shape. */
export interface StoredEvent<E extends DomainEvent = DomainEvent> {
  event: E;
  id: string;
  streamName: string;
  revision: bigint;
  metadata: EventMetadata;
  /** Commit position in $all, when the server reports it. */
  position?: bigint;
}

const utf8 = new TextEncoder();

/**
 * `metadata` is the object or its JSON. An event without a given id gets a random one here (node's
 * pooled generator; the client would draw its own with the uuid package, at several times the cost).
 * The metadata goes as its JSON bytes (a plain Uint8Array): the client sends those as they are, where an
 * object would be stringified, base64-encoded and decoded again by google-protobuf on every append. The
 * bytes on the wire are the same.
 */
export function toEventData(event: DomainEvent, metadata: EventMetadata | string, id: string = randomUUID()): EventData {
  const json = typeof metadata === 'string' ? metadata : JSON.stringify(metadata);
  return jsonEvent({ id, type: event.type, data: event.data as Record<string, unknown>, metadata: utf8.encode(json) });
}

/** Reads the recorded event, or null for links, system events and non-JSON payloads. */
export function fromResolvedEvent<E extends DomainEvent>(resolved: ResolvedEvent, upcast: UpcastFn): StoredEvent<E> | null {
  const recorded = resolved.event;
  if (!recorded || !recorded.isJson || recorded.type.startsWith('$')) return null;
  const metadata = recorded.metadata as unknown as EventMetadata;
  const schemaVersion = typeof metadata?.schemaVersion === 'number' ? metadata.schemaVersion : 1;
  const data = upcast(recorded.type, schemaVersion, recorded.data as Record<string, unknown>);
  return {
    event: { type: recorded.type, data } as unknown as E,
    id: recorded.id,
    streamName: recorded.streamId,
    revision: recorded.revision,
    metadata,
    position: recorded.position?.commit,
  };
}
