import type { CommitListener, EventLog, StorageStats, StreamReadResult } from './event-storage';
import { ExpectedRevision, MAX_APPEND_SIZE, NewEvent, StoredEvent, WriteOutcome } from './records';
import { NO_METADATA, StreamMetadata } from './stream-metadata';
import { emptyStreamState, StreamState } from './stream-state-cache';

/**
 * Storage that keeps only each stream's last revision and the log's head position, and stores no
 * event: the server in front of it measures what the client, gRPC and the handlers cost alone, the
 * ceiling that bench/eventstore compares the real storage with (`npm run eventstore -- --null`).
 * Expected revisions are checked as the real storage checks them, minus repeat detection (no ids are
 * kept); deletes only check the expectation, reads find streams but no events, and subscriptions
 * never hear of anything.
 */
export class NullStorage implements EventLog {
  private readonly streams = new Map<string, StreamState>();
  private head = 0;
  private appendedEvents = 0;
  private appendedBytes = 0;
  private closed = false;

  append(stream: string, expected: number, events: NewEvent[]): Promise<WriteOutcome> {
    let size = 0;
    for (const event of events) size += event.data.length;
    if (size > MAX_APPEND_SIZE) return Promise.resolve({ kind: 'too-big', maxAppendSize: MAX_APPEND_SIZE });
    const state = this.streamState(stream);
    const outcome = this.check(state, expected);
    if (outcome || events.length === 0) return Promise.resolve(outcome ?? { kind: 'ok', revision: state.lastRevision, position: null });
    state.lastRevision += events.length;
    this.head += events.length;
    this.appendedEvents += events.length;
    this.appendedBytes += size;
    this.streams.set(stream, state);
    return Promise.resolve({ kind: 'ok', revision: state.lastRevision, position: this.head });
  }

  softDelete(stream: string, expected: number): Promise<WriteOutcome> {
    const state = this.streamState(stream);
    const outcome = this.check(state, expected);
    if (outcome) return Promise.resolve(outcome);
    return Promise.resolve({ kind: 'ok', revision: state.lastRevision, position: ++this.head });
  }

  tombstone(stream: string, expected: number): Promise<WriteOutcome> {
    const state = this.streamState(stream);
    const outcome = this.check(state, expected);
    if (outcome) return Promise.resolve(outcome);
    this.streams.set(stream, { ...state, tombstoned: true });
    return Promise.resolve({ kind: 'ok', revision: state.lastRevision, position: ++this.head });
  }

  readStream(stream: string): StreamReadResult {
    const state = this.streamState(stream);
    if (state.tombstoned) return { status: 'deleted' };
    return state.lastRevision < 0 ? { status: 'not-found' } : { status: 'ok', events: [] };
  }

  streamState(stream: string): StreamState {
    return this.streams.get(stream) ?? emptyStreamState();
  }

  streamMetadata(): StreamMetadata {
    return NO_METADATA;
  }

  tombstoneRecord(): StoredEvent | undefined {
    return undefined;
  }

  readAllForward(): StoredEvent[] {
    return [];
  }

  readAllBackward(): StoredEvent[] {
    return [];
  }

  headPosition(): number {
    return this.head;
  }

  resolveLink(): StoredEvent | undefined {
    return undefined;
  }

  onCommitted(_listener: CommitListener): () => void {
    return () => undefined;
  }

  stats(): StorageStats {
    return { appendedEvents: this.appendedEvents, appendedBytes: this.appendedBytes, headPosition: this.head };
  }

  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** The wrong-expected-version or stream-deleted answer, or undefined when the write may go ahead. */
  private check(state: StreamState, expected: number): WriteOutcome | undefined {
    if (state.tombstoned) return { kind: 'stream-deleted' };
    const current = state.lastRevision;
    const holds = expected === ExpectedRevision.any || (expected === ExpectedRevision.streamExists ? current >= 0 : expected === current);
    return holds ? undefined : { kind: 'wrong-expected-version', current, expected };
  }
}
