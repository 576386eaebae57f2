import type { Database } from 'better-sqlite3';
import { StoredEvent, WriteOutcome } from './records';
import type { Durability } from './wal-sync';
import { GroupContext } from './write-operations';

export type WriteOperation = (group: GroupContext) => WriteOutcome;

interface PendingWrite {
  operation: WriteOperation;
  resolve(outcome: WriteOutcome): void;
  reject(error: unknown): void;
}

export interface CommittedGroup {
  /** Highest position written by the group. */
  head: number;
  touched: ReadonlySet<string>;
  /** The events it wrote, in position order. */
  events: readonly StoredEvent[];
}

/**
 * Group commit: the writes submitted while no group is being flushed to disk are checked and inserted
 * in one transaction, and one flush to disk covers them all. Promises resolve, and listeners hear of
 * the group, only once that flush has finished, i.e. once the data is durable.
 *
 * While a group's flush runs, new writes wait in the queue and are committed together the moment it
 * ends. Committing them on arrival instead would not acknowledge them any sooner (they would still
 * wait for a flush that begins after their commit, so after the running one), but would split the
 * next group into one transaction per event-loop turn, each rewriting the same WAL pages.
 */
export class GroupCommitWriter {
  private queue: PendingWrite[] = [];
  private scheduled = false;
  private readonly runGroup: (writes: PendingWrite[], group: GroupContext) => Array<WriteOutcome | Error>;
  private readonly idle: Array<() => void> = [];
  /** A group is committed and its flush to disk has not finished yet. */
  private syncing = false;

  constructor(
    db: Database,
    private readonly durability: Durability,
    private readonly onCommitted: (group: CommittedGroup) => void,
    private readonly onFailedGroup: () => void,
  ) {
    // Each write runs in its own savepoint, so a write that throws is undone alone.
    const runOne = db.transaction((write: PendingWrite, group: GroupContext) => write.operation(group));
    this.runGroup = db.transaction((writes: PendingWrite[], group: GroupContext) =>
      writes.map((write) => {
        const inserted = group.inserted.length;
        try {
          return runOne(write, group);
        } catch (error) {
          group.inserted.length = inserted;
          this.onFailedGroup();
          return error instanceof Error ? error : new Error(String(error));
        }
      }),
    );
  }

  submit(operation: WriteOperation): Promise<WriteOutcome> {
    return new Promise((resolve, reject) => {
      this.queue.push({ operation, resolve, reject });
      if (!this.scheduled && !this.syncing) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Resolves once everything submitted so far has been committed. */
  whenIdle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  private isIdle(): boolean {
    return !this.scheduled && this.queue.length === 0 && !this.syncing;
  }

  private wakeIdle(): void {
    if (this.isIdle()) for (const resolve of this.idle.splice(0)) resolve();
  }

  private flush(): void {
    this.scheduled = false;
    this.commitQueued();
    this.wakeIdle();
  }

  private commitQueued(): void {
    const writes = this.queue;
    this.queue = [];
    if (writes.length > 0) this.commit(writes);
  }

  private commit(writes: PendingWrite[]): void {
    const group: GroupContext = { createdMs: Date.now(), touched: new Set(), head: 0, inserted: [] };
    let outcomes: Array<WriteOutcome | Error>;
    try {
      outcomes = this.runGroup(writes, group);
    } catch (error) {
      this.onFailedGroup();
      for (const write of writes) write.reject(error);
      return;
    }
    this.syncing = true;
    this.durability.afterCommit().then(
      () => {
        this.syncing = false;
        // The next group goes to disk before this one's replies are written.
        this.commitQueued();
        for (let i = 0; i < writes.length; i++) {
          const outcome = outcomes[i];
          if (outcome instanceof Error) writes[i].reject(outcome);
          else writes[i].resolve(outcome);
        }
        if (group.touched.size > 0) this.onCommitted({ head: group.head, touched: group.touched, events: group.inserted });
        this.wakeIdle();
      },
      (error) => {
        this.syncing = false;
        this.commitQueued();
        for (const write of writes) write.reject(error);
        this.wakeIdle();
      },
    );
  }
}
