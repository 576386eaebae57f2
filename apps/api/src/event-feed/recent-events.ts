/** What the feed keeps of one event of the log: enough to decide who gets it, and its frame, built once. */
export interface FeedEntry {
  readonly position: bigint;
  readonly type: string;
  /** Who may see it (`partnersConcernedBy`); empty: no partner. */
  readonly partners: readonly string[];
  /**
   * The complete SSE frame (`id:` and `data:` lines), encoded once: every client that gets it is handed these same
   * bytes (a string would be encoded again for each client it is pushed to).
   */
  readonly frame: Buffer;
}

/**
 * The last `capacity` events of the log in position order, shared by every client of an instance: a client reads
 * from its own cursor, so serving one more client costs a number, not a copy of the events.
 *
 * `floor` is the position after which nothing is missing here: every event past it is held (or not yet arrived).
 * A cursor below it needs events this buffer no longer has.
 */
export class RecentEvents {
  private readonly entries: (FeedEntry | undefined)[];
  private start = 0;
  private count = 0;

  constructor(
    readonly capacity: number,
    private lowest: bigint,
  ) {
    this.entries = new Array<FeedEntry | undefined>(capacity);
  }

  get floor(): bigint {
    return this.lowest;
  }

  /** The position of the newest event held, or the floor when none is. */
  get latest(): bigint {
    return this.count === 0 ? this.lowest : this.at(this.count - 1).position;
  }

  get size(): number {
    return this.count;
  }

  /** Appends an event newer than every one held (an older or repeated one is ignored); the oldest makes room. */
  add(entry: FeedEntry): void {
    if (entry.position <= this.latest) return;
    if (this.count === this.capacity) {
      this.lowest = this.at(0).position;
      this.entries[this.start] = undefined;
      this.start = (this.start + 1) % this.capacity;
      this.count--;
    }
    this.entries[(this.start + this.count) % this.capacity] = entry;
    this.count++;
  }

  /**
   * Up to `max` events after `cursor`, oldest first; `undefined` when some of them are no longer held (the cursor
   * is below the floor), so the caller must read them from the store instead.
   */
  after(cursor: bigint, max: number): FeedEntry[] | undefined {
    if (cursor < this.lowest) return undefined;
    let low = 0;
    let high = this.count;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.at(middle).position <= cursor) low = middle + 1;
      else high = middle;
    }
    const end = Math.min(this.count, low + max);
    const found: FeedEntry[] = [];
    for (let index = low; index < end; index++) found.push(this.at(index));
    return found;
  }

  private at(index: number): FeedEntry {
    return this.entries[(this.start + index) % this.capacity]!;
  }
}
