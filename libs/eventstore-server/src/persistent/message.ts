import type { StoredEvent } from '../storage/records';

/** One delivery unit of a group. */
export interface GroupMessage {
  /** What the client acks and nacks: the link's id when there is a link, else the event's. */
  ackId: string;
  /** Sent as `event`: the resolved target, or the record itself. Absent when a link points nowhere. */
  event: StoredEvent | undefined;
  link: StoredEvent | undefined;
  /** The record read from the source (or from the parked stream); parking links to it. */
  original: StoredEvent;
  /** Order in the source for checkpoints; absent for replayed parked messages, which lie behind the checkpoint. */
  sequence: number | undefined;
  retryCount: number;
}

/** The stream a Pinned group hashes: the event's own stream, also for unresolved links. */
export function pinnedStreamOf(message: GroupMessage): string {
  const record = message.event ?? message.original;
  if (record.type === '$>') {
    const target = /^\d+@(.+)$/s.exec(record.data.toString('utf8'));
    if (target) return target[1];
  }
  return record.stream;
}

/** PinnedByCorrelation hashes the `$correlationId` of the event's JSON metadata, else the stream as Pinned. */
export function correlationKeyOf(message: GroupMessage): string {
  const record = message.event ?? message.original;
  if (record.metadata.length > 0) {
    try {
      const metadata = JSON.parse(record.metadata.toString('utf8')) as { $correlationId?: unknown };
      if (typeof metadata?.$correlationId === 'string') return `correlation:${metadata.$correlationId}`;
    } catch {
      // Not JSON: no correlation id.
    }
  }
  return pinnedStreamOf(message);
}
