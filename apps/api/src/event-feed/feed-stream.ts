import { Readable } from 'node:stream';
import type { FeedEntry } from './recent-events';

/** What a stream asks of the hub it is served from. */
export interface FeedSource {
  /** Up to `max` events after `cursor` from the shared memory, or `undefined` when they are no longer there. */
  recent(cursor: bigint, max: number): FeedEntry[] | undefined;
  /** Up to `max` events after `cursor` read from the store (a client resuming from further back than the memory). */
  readStored(cursor: bigint, max: number): Promise<FeedEntry[]>;
}

export interface FeedStreamOptions {
  partnerId: string;
  /** Only these event types (undefined: every type). */
  types?: ReadonlySet<string>;
  /** The position the client has everything up to (-1n: nothing yet). */
  after: bigint;
  /** Bytes queued for the client at most (the readable side's high-water mark). */
  bufferBytes: number;
}

const BATCH = 256;

/**
 * One client's stream: a cursor into the log, pulled by the HTTP response. Events are pushed only while the response
 * asks for more (`_read`), so a client that does not read is paused with at most `bufferBytes` queued for it here
 * (plus the socket's own buffer), whatever the log does meanwhile.
 *
 * It starts in catch-up, reading from the store in batches when its cursor is older than what the hub keeps, and
 * turns live once it reaches the hub's memory. A live stream the memory has left behind (the client stopped reading
 * for that long) is cut off by the hub rather than read for from the store: it resumes from its last `id:`.
 */
export class FeedStream extends Readable {
  private cursor: bigint;
  private live = false;
  private wanted = false;
  private pumping = false;

  constructor(
    private readonly source: FeedSource,
    private readonly options: FeedStreamOptions,
  ) {
    super({ highWaterMark: options.bufferBytes });
    this.cursor = options.after;
  }

  get position(): bigint {
    return this.cursor;
  }

  get partnerId(): string {
    return this.options.partnerId;
  }

  get isLive(): boolean {
    return this.live;
  }

  /** Bytes queued here for the client (the part of its buffer this process holds beyond the socket's). */
  get queuedBytes(): number {
    return this.readableLength;
  }

  override _read(): void {
    this.wanted = true;
    void this.pump();
  }

  /**
   * Moves a live stream that has everything up to `from` to `to`, when the events between them are known to concern
   * another partner (so its pass over them would send nothing); false, changing nothing, for any other stream.
   */
  skip(from: bigint, to: bigint): boolean {
    if (!this.live || this.pumping || this.cursor !== from) return false;
    this.cursor = to;
    return true;
  }

  /** New events arrived: a stream waiting for them takes them now. */
  wake(): void {
    if (this.wanted) void this.pump();
  }

  /** An SSE comment: keeps an idle connection open through proxies; skipped while the client is not reading. */
  heartbeat(): void {
    if (this.wanted && !this.destroyed) this.wanted = this.push(': heartbeat\n\n');
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.wanted && !this.destroyed) {
        const held = this.source.recent(this.cursor, BATCH);
        if (held) this.live = true;
        else if (this.live) return; // left behind while paused: the hub cuts it off
        const entries = held ?? (await this.source.readStored(this.cursor, BATCH));
        if (entries.length === 0) {
          // From the store: nothing more there either (the memory starts later than the log's end): go live.
          if (!held) this.live = true;
          if (held) return; // at the head: `wake` resumes the pump
          continue;
        }
        this.deliver(entries);
      }
    } catch (error) {
      this.destroy(error as Error);
    } finally {
      this.pumping = false;
    }
  }

  private deliver(entries: readonly FeedEntry[]): void {
    const { partnerId, types } = this.options;
    for (const entry of entries) {
      if (this.destroyed) return;
      this.cursor = entry.position;
      if (!entry.partners.includes(partnerId) || (types && !types.has(entry.type))) continue;
      if (!this.push(entry.frame)) {
        this.wanted = false;
        return;
      }
    }
  }
}
