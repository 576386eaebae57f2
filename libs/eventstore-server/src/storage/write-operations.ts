import {
  ExpectedRevision,
  isMetastream,
  metastreamOf,
  NewEvent,
  StoredEvent,
  streamOfMetastream,
  SystemEventTypes,
  TOMBSTONE_STORED_REVISION,
  WriteOutcome,
} from './records';
import { EventInserts } from './event-inserts';
import { RecentIds } from './recent-ids';
import { Statements } from './statements';
import { parseStreamMetadata, recreatedMetadata, softDeleteMetadata } from './stream-metadata';
import { StreamState, StreamStateCache } from './stream-state-cache';

/** One group's view while its transaction runs: the time every event gets and the streams it touched. */
export interface GroupContext {
  createdMs: number;
  touched: Set<string>;
  /** Highest position inserted so far. */
  head: number;
  /** What the group inserted, in position order (a write undone by its savepoint takes its events out). */
  inserted: StoredEvent[];
}

const wrongVersion = (current: number, expected: number): WriteOutcome => ({
  kind: 'wrong-expected-version',
  current,
  expected,
});

/**
 * The commit check (ESDB `IndexWriter.CheckCommit`) and the inserts, run inside the group's
 * transaction so concurrent writers of one stream see each other's events and exactly one wins.
 */
export class WriteOperations {
  constructor(
    private readonly statements: Statements,
    private readonly streams: StreamStateCache,
    private readonly recentIds: RecentIds,
    private readonly inserts: EventInserts,
  ) {}

  append(group: GroupContext, stream: string, expected: number, events: NewEvent[]): WriteOutcome {
    const state = this.streams.get(stream);
    if (state.tombstoned) return { kind: 'stream-deleted' };
    const current = state.lastRevision;
    const softDeleted = state.metadata.softDeleted;

    if (expected === ExpectedRevision.streamExists) {
      if (softDeleted) return { kind: 'stream-deleted' };
      if (current < 0 && !state.metastreamExists) return wrongVersion(current, expected);
    }
    if (events.length === 0) {
      const exact = expected >= 0 || expected === ExpectedRevision.noStream;
      if (exact && expected !== current) return wrongVersion(current, expected);
      return { kind: 'ok', revision: current, position: null };
    }
    if (expected === ExpectedRevision.any || expected === ExpectedRevision.streamExists) {
      // ESDB only promises idempotency within a cache of recent ids; this one holds each stream's last 10,000.
      const first = this.recentIds.find(stream, current, events[0].id);
      if (first !== undefined) return this.idempotentResult(stream, first - 1, events, current, expected);
      return this.write(group, stream, state, events);
    }
    if (softDeleted && expected === ExpectedRevision.noStream) return this.write(group, stream, state, events);
    if (expected === current) return this.write(group, stream, state, events);
    if (expected > current) return wrongVersion(current, expected);
    return this.idempotentResult(stream, expected, events, current, expected);
  }

  softDelete(group: GroupContext, stream: string, expected: number): WriteOutcome {
    const state = this.streams.get(stream);
    if (state.tombstoned) return { kind: 'stream-deleted' };
    const current = state.lastRevision;
    const exists = current >= 0 || state.metastreamExists;
    if (!this.expectationHolds(expected, current, exists) || (expected === ExpectedRevision.any && !exists)) {
      return wrongVersion(current, expected);
    }
    const position = this.writeMetadata(group, stream, softDeleteMetadata());
    return { kind: 'ok', revision: current, position };
  }

  tombstone(group: GroupContext, stream: string, expected: number): WriteOutcome {
    const state = this.streams.get(stream);
    if (state.tombstoned) return { kind: 'stream-deleted' };
    const current = state.lastRevision;
    if (!this.expectationHolds(expected, current, current >= 0 || state.metastreamExists)) {
      return wrongVersion(current, expected);
    }
    const position = this.insert(group, stream, TOMBSTONE_STORED_REVISION, [
      {
        id: crypto.randomUUID(),
        type: SystemEventTypes.streamDeleted,
        isJson: false,
        data: Buffer.alloc(0),
        metadata: Buffer.alloc(0),
      },
    ]);
    state.tombstoned = true;
    return { kind: 'ok', revision: current, position };
  }

  private expectationHolds(expected: number, current: number, exists: boolean): boolean {
    if (expected === ExpectedRevision.any) return true;
    if (expected === ExpectedRevision.streamExists) return exists;
    return expected === current;
  }

  /** Ids already written at `after+1…` make the append a no-op that answers the original result. */
  private idempotentResult(stream: string, after: number, events: NewEvent[], current: number, expected: number): WriteOutcome {
    const last = after + events.length;
    if (last > current) return wrongVersion(current, expected);
    const rows = this.statements.idsInRange.all(stream, after + 1, last);
    if (rows.length !== events.length) return wrongVersion(current, expected);
    for (let i = 0; i < rows.length; i++) {
      if (rows[i].id !== events[i].id) return wrongVersion(current, expected);
    }
    return { kind: 'ok', revision: last, position: rows[rows.length - 1].position };
  }

  private write(group: GroupContext, stream: string, state: StreamState, events: NewEvent[]): WriteOutcome {
    if (state.metadata.softDeleted) {
      this.writeMetadata(group, stream, recreatedMetadata(state.metadata, state.lastRevision + 1));
    }
    const first = state.lastRevision + 1;
    const position = this.insert(group, stream, first, events);
    state.lastRevision = first + events.length - 1;
    if (isMetastream(stream)) {
      for (const event of events) {
        if (event.type !== SystemEventTypes.metadata) continue;
        const target = this.streams.get(streamOfMetastream(stream));
        target.metadata = parseStreamMetadata(event.data);
        target.metastreamExists = true;
      }
    }
    return { kind: 'ok', revision: state.lastRevision, position };
  }

  private writeMetadata(group: GroupContext, stream: string, data: Buffer): number {
    const metastream = metastreamOf(stream);
    const metaState = this.streams.get(metastream);
    const outcome = this.write(group, metastream, metaState, [
      { id: crypto.randomUUID(), type: SystemEventTypes.metadata, isJson: true, data, metadata: Buffer.alloc(0) },
    ]);
    return outcome.kind === 'ok' && outcome.position !== null ? outcome.position : 0;
  }

  /** Inserts `events` at revisions `firstRevision…`; returns the last one's position. */
  private insert(group: GroupContext, stream: string, firstRevision: number, events: readonly NewEvent[]): number {
    const last = this.inserts.insert(stream, firstRevision, events, group.createdMs);
    const firstPosition = last - events.length + 1;
    for (let i = 0; i < events.length; i++) {
      const event = events[i];
      const revision = firstRevision + i;
      if (revision >= 0) this.recentIds.added(stream, revision, event.id);
      // The request's buffers as they are (views into gRPC frames): the recent events copy what they keep.
      group.inserted.push({
        position: firstPosition + i,
        stream,
        revision,
        id: event.id,
        type: event.type,
        isJson: event.isJson,
        data: event.data,
        metadata: event.metadata,
        created: group.createdMs,
      });
    }
    group.touched.add(stream);
    group.head = last;
    return last;
  }
}
