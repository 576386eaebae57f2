import type { StoredEvent } from './records';

export interface RecentEventsLimits {
  maxEvents: number;
  maxBytes: number;
}

/** What an evicted slot holds until the array is compacted. */
const EVICTED: StoredEvent = {
  position: -1,
  stream: '',
  revision: -1,
  id: '',
  type: '',
  isJson: false,
  data: Buffer.alloc(0),
  metadata: Buffer.alloc(0),
  created: 0,
};

const DEFAULT_LIMITS: RecentEventsLimits = { maxEvents: 10_000, maxBytes: 32 * 1024 * 1024 };

/**
 * The newest durable events of the log, in memory and in position order. Every live subscription reads
 * `$all` again after each commit; with these at hand that read is an array slice instead of a query and
 * a row decode per subscriber. It only answers a read it covers completely, from the requested position
 * through the durable head; anything older, or a window with a gap, is left to SQLite.
 */
export class RecentEvents {
  private events: StoredEvent[] = [];
  /** Index of the oldest event still kept; the array is compacted once half of it is evicted. */
  private oldest = 0;
  private bytes = 0;

  constructor(private readonly limits: RecentEventsLimits = DEFAULT_LIMITS) {}

  /**
   * A durable group's events, in position order; positions must follow the newest kept one. Their data and
   * metadata are copied (see `withOwnBytes`), so the caller's buffers may be views into anything.
   */
  add(events: readonly StoredEvent[]): void {
    for (const event of events) {
      // Positions are consecutive rowids; a gap means events never seen here, so start again after it.
      const newest = this.newestPosition();
      if (newest !== undefined && event.position !== newest + 1) this.clear();
      this.events.push(withOwnBytes(event));
      this.bytes += sizeOf(event);
    }
    this.evict();
  }

  /**
   * Up to `limit` events from `fromPosition` (inclusive) through `head`, or undefined when this window
   * does not hold all of them: `fromPosition` is older than the oldest event kept, or `head` is not the
   * newest kept (a group still to be added).
   */
  read(fromPosition: number, head: number, limit: number): StoredEvent[] | undefined {
    if (this.events.length === this.oldest) return undefined;
    const first = this.events[this.oldest].position;
    if (fromPosition < first || this.newestPosition() !== head) return undefined;
    const start = this.oldest + (fromPosition - first);
    return this.events.slice(start, start + limit);
  }

  private clear(): void {
    this.events = [];
    this.oldest = 0;
    this.bytes = 0;
  }

  private newestPosition(): number | undefined {
    return this.events.length > this.oldest ? this.events[this.events.length - 1].position : undefined;
  }

  private evict(): void {
    while (
      this.events.length > this.oldest &&
      (this.events.length - this.oldest > this.limits.maxEvents || this.bytes > this.limits.maxBytes)
    ) {
      this.bytes -= sizeOf(this.events[this.oldest]);
      // The slot stays until the array is compacted; the event (and its bytes) must not stay with it.
      this.events[this.oldest] = EVICTED;
      this.oldest++;
    }
    if (this.oldest > 1024 && this.oldest * 2 > this.events.length) {
      this.events = this.events.slice(this.oldest);
      this.oldest = 0;
    }
  }
}

/**
 * The event with its data and metadata copied into one allocation of exactly their length. The events are kept
 * for the length of 10,000 commits, so whatever memory their buffers share is kept as long: a view into a gRPC
 * frame keeps the whole frame, and a small `Buffer.from` copy is a slice of Node's shared 8 KiB pool slab, which
 * keeps the slab (and every short-lived buffer allocated beside it) alive, several times the event's size and
 * invisible to the byte bound.
 */
function withOwnBytes(event: StoredEvent): StoredEvent {
  const { data, metadata } = event;
  const bytes = Buffer.allocUnsafeSlow(data.length + metadata.length);
  data.copy(bytes, 0);
  // Most events carry no metadata: their data is the whole allocation, with no view made of it.
  if (metadata.length === 0) return { ...event, data: bytes, metadata: NO_BYTES };
  metadata.copy(bytes, data.length);
  return { ...event, data: bytes.subarray(0, data.length), metadata: bytes.subarray(data.length) };
}

const NO_BYTES = Buffer.alloc(0);

const sizeOf = (event: StoredEvent): number => event.data.length + event.metadata.length + event.stream.length + event.type.length + 128;
