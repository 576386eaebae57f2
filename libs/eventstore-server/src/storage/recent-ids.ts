/** An id and the revision it was written at, as the loader reads them from a stream's tail. */
export interface IdAtRevision {
  id: string;
  revision: number;
}

/** Reads the ids of `stream` at revisions `from…to`, in revision order. */
export type IdLoader = (stream: string, from: number, to: number) => IdAtRevision[];

/**
 * One stream's newest ids. Revisions in the window are contiguous, so a ring indexed by revision finds
 * the id that falls out of the window when a new one comes in, without scanning.
 */
class StreamIds {
  readonly byId = new Map<string, number>();
  private readonly ring: string[] = [];

  constructor(private readonly size: number) {}

  add(id: string, revision: number): void {
    const slot = revision % this.size;
    const leaving = this.ring[slot];
    // A repeated id keeps its newer revision: only the entry that really leaves is forgotten.
    if (leaving !== undefined && this.byId.get(leaving) === revision - this.size) this.byId.delete(leaving);
    this.ring[slot] = id;
    this.byId.set(id, revision);
  }
}

/**
 * Repeat detection for `any` / `stream_exists` appends: the ids of each stream's newest `window` events,
 * loaded from the stream's tail the first time a stream needs it, then kept up to date by every insert.
 * At most `budget` ids are held across streams; the least recently used streams are forgotten first.
 * The writer clears it with the stream state cache when a transaction fails, so it never holds an id
 * that did not commit.
 */
export class RecentIds {
  private readonly streams = new Map<string, StreamIds>();
  private held = 0;

  constructor(
    private readonly load: IdLoader,
    private readonly window = 10_000,
    private readonly budget = 200_000,
  ) {}

  /** The revision of `id` among the stream's last `window` events up to `lastRevision`, if it is there. */
  find(stream: string, lastRevision: number, id: string): number | undefined {
    if (lastRevision < 0) return undefined;
    const ids = this.loaded(stream, lastRevision);
    const revision = ids.byId.get(id);
    return revision !== undefined && revision > lastRevision - this.window ? revision : undefined;
  }

  /** Every insert passes through here; streams not loaded yet are read from storage when first needed. */
  added(stream: string, revision: number, id: string): void {
    const ids = this.streams.get(stream);
    if (!ids) return;
    const before = ids.byId.size;
    ids.add(id, revision);
    this.held += ids.byId.size - before;
    this.trim();
  }

  clear(): void {
    this.streams.clear();
    this.held = 0;
  }

  private loaded(stream: string, lastRevision: number): StreamIds {
    let ids = this.streams.get(stream);
    if (ids) {
      // Most recently used last, so trimming takes the streams nobody appended to with `any` lately.
      this.streams.delete(stream);
      this.streams.set(stream, ids);
      return ids;
    }
    ids = new StreamIds(this.window);
    for (const row of this.load(stream, Math.max(0, lastRevision - this.window + 1), lastRevision)) ids.add(row.id, row.revision);
    this.streams.set(stream, ids);
    this.held += ids.byId.size;
    this.trim();
    return ids;
  }

  private trim(): void {
    while (this.held > this.budget && this.streams.size > 1) {
      const [oldest, ids] = this.streams.entries().next().value as [string, StreamIds];
      this.streams.delete(oldest);
      this.held -= ids.byId.size;
    }
  }
}
