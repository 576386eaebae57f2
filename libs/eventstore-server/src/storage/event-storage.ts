/**
 * The event log on SQLite: the only module that touches the database.
 *
 * How to use it (the gRPC handlers and the persistent subscriptions build on this):
 * - `EventStorage.open({ dataDir })` or `EventStorage.open({ memory: true })`; `close()` when done.
 * - Writes are group-committed and resolve once durable:
 *   `await storage.append(stream, ExpectedRevision.any, [{ id, type, isJson, data, metadata }])`
 *   → `WriteOutcome` (`ok` with revision and position, or `wrong-expected-version`, `stream-deleted`, …).
 *   `softDelete(stream, expected)` and `tombstone(stream, expected)` work the same way.
 * - Stream reads: `readStream(stream, { direction, from, limit })` → `{ status: 'ok', events }`,
 *   `'not-found'` or `'deleted'`, with `$tb`, `$maxCount` and `$maxAge` applied. `from` is an inclusive
 *   revision; `'end'` reads backwards from the last event. Page with a bounded `limit`.
 * - `$all`: `readAllForward(fromPosition, limit)` (inclusive) and `readAllBackward(beforePosition, limit)`
 *   (exclusive); `headPosition()` is the newest position, 0 on an empty log (never: a fresh log holds
 *   one system event).
 * - Live data: `onCommitted(listener)` calls `listener({ head, touched })` after every durable group
 *   commit; it returns the unsubscribe function. Pull the new events with the read methods, so nothing
 *   can be missed between a read and the registration.
 * - `streamMetadata(stream)` (the parsed `$$stream` metadata) and `resolveLink(event)` for `$>` events.
 * - Positions are opaque increasing integers; commit == prepare == `position`.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { EventInserts } from './event-inserts';
import { CommittedGroup, GroupCommitWriter } from './group-commit';
import { MAX_APPEND_SIZE, metastreamOf, NewEvent, StoredEvent, SystemEventTypes, TOMBSTONE_STORED_REVISION, WriteOutcome } from './records';
import { RecentEvents } from './recent-events';
import { RecentIds } from './recent-ids';
import { migrate } from './schema';
import { Statements, toStoredEvents } from './statements';
import { firstVisibleRevision, isTooOld, parseStreamMetadata, StreamMetadata } from './stream-metadata';
import { emptyStreamState, StreamState, StreamStateCache } from './stream-state-cache';
import { noDurability, WalSync, type Durability } from './wal-sync';
import { WriteOperations } from './write-operations';

export interface StorageOptions {
  dataDir?: string;
  memory?: boolean;
}

export type ReadDirection = 'forwards' | 'backwards';

export interface StreamReadOptions {
  direction: ReadDirection;
  /** Inclusive start revision; `'start'` / `'end'` for the first or last event. */
  from: number | 'start' | 'end';
  limit: number;
}

export type StreamReadResult = { status: 'ok'; events: StoredEvent[] } | { status: 'not-found' } | { status: 'deleted' };

export type CommitListener = (group: CommittedGroup) => void;

export interface StorageStats {
  appendedEvents: number;
  appendedBytes: number;
  headPosition: number;
}

/** What the gRPC services use: EventStorage's public surface, which NullStorage (the bench's ceiling) also offers. */
export type EventLog = Pick<EventStorage, keyof EventStorage>;

const LINK_TARGET = /^(\d+)@(.+)$/s;

const closedError = (): Promise<never> => Promise.reject(new Error('event storage is closed'));

export class EventStorage {
  private readonly statements: Statements;
  private readonly streams: StreamStateCache;
  private readonly writer: GroupCommitWriter;
  private readonly writes: WriteOperations;
  private readonly listeners = new Set<CommitListener>();
  private readonly recent = new RecentEvents();
  private appendedEvents = 0;
  private appendedBytes = 0;
  private closed = false;
  /** Highest position known to be on disk; reads never go past it. */
  private durableHead: number;

  private constructor(
    private readonly db: Database.Database,
    private readonly durability: Durability,
  ) {
    this.statements = new Statements(db);
    this.durableHead = this.statements.head.get()?.position ?? 0;
    this.streams = new StreamStateCache({ load: (stream) => this.loadStreamState(stream) });
    const recentIds = new RecentIds((stream, from, to) => this.statements.idsInRange.all(stream, from, to));
    this.writes = new WriteOperations(this.statements, this.streams, recentIds, new EventInserts(db));
    this.writer = new GroupCommitWriter(
      db,
      durability,
      (group) => this.notify(group),
      () => {
        this.streams.clear();
        recentIds.clear();
      },
    );
  }

  static async open(options: StorageOptions): Promise<EventStorage> {
    let file = ':memory:';
    if (!options.memory) {
      if (!options.dataDir) throw new Error('EventStorage needs a dataDir unless memory is set');
      mkdirSync(options.dataDir, { recursive: true });
      file = join(options.dataDir, 'events.sqlite');
    }
    const db = new Database(file);
    try {
      // The writer's checks rely on being the only writer: a second server on these files is refused.
      if (!options.memory) db.pragma('locking_mode = EXCLUSIVE');
      db.pragma('journal_mode = WAL');
      db.exec('BEGIN EXCLUSIVE; COMMIT');
    } catch (error) {
      db.close();
      if ((error as { code?: string }).code !== 'SQLITE_BUSY') throw error;
      throw new Error(`the event store in ${options.dataDir} is already open in another process`, { cause: error });
    }
    // Durability comes from WalSync's fdatasync before every acknowledgement (see wal-sync.ts).
    db.pragma('synchronous = NORMAL');
    db.pragma('cache_size = -32000');
    migrate(db);
    const durability = options.memory ? noDurability : new WalSync(`${file}-wal`);
    const storage = new EventStorage(db, durability);
    await storage.ensureSystemEvent();
    return storage;
  }

  append(stream: string, expected: number, events: NewEvent[], deadlineMs?: number): Promise<WriteOutcome> {
    if (this.closed) return closedError();
    let size = 0;
    for (const event of events) size += event.data.length;
    if (size > MAX_APPEND_SIZE) return Promise.resolve({ kind: 'too-big', maxAppendSize: MAX_APPEND_SIZE });
    return this.writer.submit((group) => {
      if (deadlineMs !== undefined && Date.now() > deadlineMs) return { kind: 'timeout' };
      const outcome = this.writes.append(group, stream, expected, events);
      if (outcome.kind === 'ok' && outcome.position !== null && group.touched.has(stream)) {
        this.appendedEvents += events.length;
        this.appendedBytes += size;
      }
      return outcome;
    });
  }

  softDelete(stream: string, expected: number): Promise<WriteOutcome> {
    if (this.closed) return closedError();
    return this.writer.submit((group) => this.writes.softDelete(group, stream, expected));
  }

  tombstone(stream: string, expected: number): Promise<WriteOutcome> {
    if (this.closed) return closedError();
    return this.writer.submit((group) => this.writes.tombstone(group, stream, expected));
  }

  readStream(stream: string, options: StreamReadOptions): StreamReadResult {
    const state = this.streams.get(stream);
    if (state.tombstoned) return { status: 'deleted' };
    if (state.lastRevision < 0 || state.metadata.softDeleted) return { status: 'not-found' };
    const first = firstVisibleRevision(state.metadata, state.lastRevision);
    const events: StoredEvent[] = [];
    const now = Date.now();
    if (options.direction === 'forwards') {
      let from = options.from === 'start' ? 0 : options.from === 'end' ? state.lastRevision + 1 : options.from;
      from = Math.max(from, first);
      while (events.length < options.limit) {
        const page = this.statements.streamForward.all(stream, from, this.durableHead, options.limit - events.length);
        if (page.length === 0) break;
        for (const event of toStoredEvents(page)) if (!isTooOld(state.metadata, event.created, now)) events.push(event);
        from = page[page.length - 1].revision + 1;
      }
    } else {
      let from = options.from === 'end' ? state.lastRevision : options.from === 'start' ? 0 : options.from;
      while (events.length < options.limit && from >= first) {
        const page = this.statements.streamBackward.all(stream, from, this.durableHead, options.limit - events.length);
        let stop = page.length === 0;
        for (const event of toStoredEvents(page)) {
          if (event.revision < first) {
            stop = true;
            break;
          }
          if (!isTooOld(state.metadata, event.created, now)) events.push(event);
        }
        if (stop) break;
        from = page[page.length - 1].revision - 1;
      }
    }
    return { status: 'ok', events };
  }

  /** State of a stream as the writer sees it: last revision (hidden included), tombstone, metadata. */
  streamState(stream: string): Readonly<StreamState> {
    return this.streams.get(stream);
  }

  streamMetadata(stream: string): StreamMetadata {
    return this.streams.get(stream).metadata;
  }

  /** The tombstone record of a hard-deleted stream, if any. */
  tombstoneRecord(stream: string): StoredEvent | undefined {
    const row = this.statements.eventAt.get(stream, TOMBSTONE_STORED_REVISION);
    return row ? toStoredEvents([row])[0] : undefined;
  }

  readAllForward(fromPosition: number, limit: number): StoredEvent[] {
    return (
      this.recent.read(fromPosition, this.durableHead, limit) ??
      toStoredEvents(this.statements.allForward.all(fromPosition, this.durableHead, limit))
    );
  }

  readAllBackward(beforePosition: number, limit: number): StoredEvent[] {
    return toStoredEvents(this.statements.allBackward.all(Math.min(beforePosition, this.durableHead + 1), limit));
  }

  /** The newest durable position. */
  headPosition(): number {
    return this.durableHead;
  }

  /** The target of a `$>` link event, or undefined when it is missing, deleted or truncated. */
  resolveLink(link: StoredEvent): StoredEvent | undefined {
    if (link.type !== SystemEventTypes.link) return undefined;
    const match = LINK_TARGET.exec(link.data.toString('utf8'));
    if (!match) return undefined;
    const revision = Number(match[1]);
    const stream = match[2];
    const state = this.streams.get(stream);
    if (state.tombstoned || state.metadata.softDeleted) return undefined;
    if (revision < firstVisibleRevision(state.metadata, state.lastRevision)) return undefined;
    const row = this.statements.eventAt.get(stream, revision);
    return row ? toStoredEvents([row])[0] : undefined;
  }

  onCommitted(listener: CommitListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  stats(): StorageStats {
    return {
      appendedEvents: this.appendedEvents,
      appendedBytes: this.appendedBytes,
      headPosition: this.closed ? 0 : this.headPosition(),
    };
  }

  /** Commits everything already submitted, then closes the database. */
  async close(): Promise<void> {
    if (this.closed) return;
    await this.writer.whenIdle();
    this.closed = true;
    this.listeners.clear();
    this.db.close();
    this.durability.close();
  }

  get isClosed(): boolean {
    return this.closed;
  }

  private notify(group: CommittedGroup): void {
    this.recent.add(group.events);
    if (group.head > this.durableHead) this.durableHead = group.head;
    for (const listener of [...this.listeners]) listener(group);
  }

  private loadStreamState(stream: string): StreamState {
    const state = emptyStreamState();
    state.lastRevision = this.statements.lastRevision.get(stream)?.revision ?? -1;
    state.tombstoned = this.statements.tombstone.get(stream, TOMBSTONE_STORED_REVISION) !== undefined;
    const meta = this.statements.lastEventData.get(metastreamOf(stream));
    if (meta) {
      state.metastreamExists = true;
      if (meta.type === SystemEventTypes.metadata) state.metadata = parseStreamMetadata(meta.data);
    }
    return state;
  }

  /** ESDB's log never starts empty; clients count on at least one `$`-typed event in a `$` stream (A3). */
  private async ensureSystemEvent(): Promise<void> {
    if (this.headPosition() > 0) return;
    await this.append('$settings', -2, [
      {
        id: crypto.randomUUID(),
        type: '$settings',
        isJson: true,
        data: Buffer.from('{"$userStreamAcl":{},"$systemStreamAcl":{}}'),
        metadata: Buffer.alloc(0),
      },
    ]);
  }
}
