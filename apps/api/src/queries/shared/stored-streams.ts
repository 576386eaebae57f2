import type { EventStoreDBClient } from '@eventstore/db-client';
import { LRUCache } from 'lru-cache';

/** An event as the store holds it: data and metadata exactly as written (never upcast), where and when. */
export interface StoredEvent {
  readonly streamId: string;
  readonly revision: number;
  readonly type: string;
  readonly data: unknown;
  readonly metadata: unknown;
  /** Commit position in the log. */
  readonly commit: bigint;
  /** When the store recorded it (milliseconds since the epoch). */
  readonly createdMs: number;
}

/**
 * Streams' events read through the raw client and kept, least recently used out, up to `maxEvents` events in all.
 * A stream's events never change once appended, so a kept prefix stays true: a read asks the store only for what lies
 * past it. Auditors' pages and states fold the same long streams again and again (a customer's history in pages, its
 * state at many moments), and this turns each repeat into a short tail read or none.
 */
export class StoredStreams {
  private readonly cache: LRUCache<string, readonly StoredEvent[]>;

  constructor(
    private readonly client: EventStoreDBClient,
    maxEvents: number,
  ) {
    this.cache = new LRUCache({ maxSize: maxEvents, sizeCalculation: (events) => Math.max(1, events.length) });
  }

  /** The stream's events through at least `revision` (the kept prefix when it reaches that far). */
  async through(stream: string, revision: number): Promise<readonly StoredEvent[]> {
    const kept = this.cache.get(stream) ?? [];
    if (kept.length > revision) return kept;
    return this.extend(stream, kept, revision - kept.length + 1);
  }

  /**
   * The stream's events up to the first one `isPast` says lies beyond the moment wanted (every event when none does),
   * reading the rest of the stream only when the kept prefix does not reach past that moment.
   */
  async until(stream: string, isPast: (event: StoredEvent) => boolean): Promise<readonly StoredEvent[]> {
    const kept = this.cache.get(stream) ?? [];
    const events = kept.length > 0 && isPast(kept[kept.length - 1]) ? kept : await this.extend(stream, kept, undefined);
    const past = events.findIndex(isPast);
    return past === -1 ? events : events.slice(0, past);
  }

  private async extend(stream: string, kept: readonly StoredEvent[], count: number | undefined): Promise<readonly StoredEvent[]> {
    const read: StoredEvent[] = [];
    try {
      const options = { fromRevision: BigInt(kept.length), ...(count === undefined ? {} : { maxCount: count }) };
      for await (const resolved of this.client.readStream(stream, options)) {
        const event = resolved.event;
        if (!event) continue;
        read.push({
          streamId: stream,
          revision: Number(event.revision),
          type: event.type,
          data: event.data,
          metadata: event.metadata,
          commit: event.position?.commit ?? 0n,
          createdMs: event.created.getTime(),
        });
      }
    } catch (error) {
      if ((error as { type?: string }).type !== 'stream-not-found') throw error;
    }
    if (read.length === 0) return kept;
    const events = kept.concat(read);
    // A prefix is kept only while revisions are its indexes (a stream never truncated), so `through` can index it.
    if (events.every((event, index) => event.revision === index)) this.cache.set(stream, events);
    return events;
  }
}
