import { NO_METADATA, StreamMetadata } from './stream-metadata';

export interface StreamState {
  /** Last revision written, hidden ones included; -1 when the stream has no events. */
  lastRevision: number;
  tombstoned: boolean;
  metadata: StreamMetadata;
  /** `$$stream` has at least one event ("implicit" stream for `stream_exists`). */
  metastreamExists: boolean;
}

export interface StreamStateLoader {
  load(stream: string): StreamState;
}

/**
 * Bounded cache of per-stream state. Only the single writer changes streams, and it updates entries
 * inside its transaction; if that transaction fails the cache is cleared, so it never holds state
 * that did not commit.
 */
export class StreamStateCache {
  private readonly entries = new Map<string, StreamState>();

  constructor(
    private readonly loader: StreamStateLoader,
    private readonly capacity = 20_000,
  ) {}

  get(stream: string): StreamState {
    const cached = this.entries.get(stream);
    if (cached) return cached;
    const loaded = this.loader.load(stream);
    if (this.entries.size >= this.capacity) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
    this.entries.set(stream, loaded);
    return loaded;
  }

  clear(): void {
    this.entries.clear();
  }
}

export const emptyStreamState = (): StreamState => ({
  lastRevision: -1,
  tombstoned: false,
  metadata: NO_METADATA,
  metastreamExists: false,
});
