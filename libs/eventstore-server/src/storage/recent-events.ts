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
   * metadata are copied (see `ownBytes`), so the caller's buffers may be views into anything.
   */
  add(events: readonly StoredEvent[]): void {
    const copies = ownBytes(events);
    for (const event of copies) {
      // Positions are consecutive rowids; a gap means events never seen here, so start again after it.
      const newest = this.newestPosition();
      if (newest !== undefined && event.position !== newest + 1) this.clear();
      this.events.push(event);
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

/** The most bytes of consecutive events copied into one allocation. */
const SHARED_ALLOCATION_BYTES = 64 * 1024;

/**
 * The events with their data and metadata copied into allocations of exactly their length, consecutive events
 * sharing one up to SHARED_ALLOCATION_BYTES (an event larger than that has its own). The events are kept for
 * the length of 10,000 commits, so whatever memory their buffers share is kept as long: a view into a gRPC frame
 * keeps the whole frame, and a small `Buffer.from` copy is a slice of Node's shared 8 KiB pool slab, which keeps
 * the slab (and every short-lived buffer allocated beside it) alive, several times the event's size and
 * invisible to the byte bound. Events leave in position order, so an allocation outlives the byte bound by at
 * most its own size; one per event instead cost an ArrayBuffer per event, a batch's largest cost here.
 */
function ownBytes(events: readonly StoredEvent[]): StoredEvent[] {
  const copies: StoredEvent[] = [];
  let allocation = NO_BYTES;
  let used = 0;
  for (let i = 0; i < events.length; i++) {
    const { data, metadata } = events[i];
    const size = data.length + metadata.length;
    if (used + size > allocation.length) {
      allocation = Buffer.allocUnsafeSlow(bytesFrom(events, i));
      used = 0;
    }
    data.copy(allocation, used);
    metadata.copy(allocation, used + data.length);
    // Most events carry no metadata: no view is made of nothing.
    const metadataCopy = metadata.length === 0 ? NO_BYTES : allocation.subarray(used + data.length, used + size);
    copies.push({ ...events[i], data: allocation.subarray(used, used + data.length), metadata: metadataCopy });
    used += size;
  }
  return copies;
}

/** The bytes of `events[from]` and of as many following events as fit with it in SHARED_ALLOCATION_BYTES. */
function bytesFrom(events: readonly StoredEvent[], from: number): number {
  let total = events[from].data.length + events[from].metadata.length;
  for (let i = from + 1; i < events.length; i++) {
    const size = events[i].data.length + events[i].metadata.length;
    if (total + size > SHARED_ALLOCATION_BYTES) break;
    total += size;
  }
  return total;
}

const NO_BYTES = Buffer.alloc(0);

const sizeOf = (event: StoredEvent): number => event.data.length + event.metadata.length + event.stream.length + event.type.length + 128;
