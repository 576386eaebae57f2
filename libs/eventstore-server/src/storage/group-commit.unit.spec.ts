import Database from 'better-sqlite3';
import { CommittedGroup, GroupCommitWriter } from './group-commit';
import { noDurability, type Durability } from './wal-sync';
import type { GroupContext } from './write-operations';

const insertingEvent =
  (position: number, fail = false) =>
  (group: GroupContext) => {
    group.inserted.push({
      position,
      stream: 's',
      revision: position,
      id: `${position}`,
      type: 't',
      isJson: true,
      data: Buffer.alloc(0),
      metadata: Buffer.alloc(0),
      created: 0,
    });
    group.touched.add('s');
    group.head = position;
    if (fail) throw new Error('write failed');
    return { kind: 'ok' as const, revision: position, position };
  };

/** A writer on `db` that records the groups it reports as committed. */
function recordingWriter(db: Database.Database, durability: Durability) {
  const groups: CommittedGroup[] = [];
  const writer = new GroupCommitWriter(
    db,
    durability,
    (group) => groups.push(group),
    () => undefined,
  );
  return { writer, groups };
}

describe('GroupCommitWriter', () => {
  it('reports only the events of the writes that committed: a write undone by its savepoint takes its events out', async () => {
    const db = new Database(':memory:');
    const { writer, groups } = recordingWriter(db, noDurability);
    const outcomes = await Promise.allSettled([
      writer.submit(insertingEvent(1)),
      writer.submit(insertingEvent(2, true)),
      writer.submit(insertingEvent(3)),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(groups).toHaveLength(1);
    expect(groups[0].events.map((e) => e.position)).toEqual([1, 3]);
    db.close();
  });

  it('commits the writes that arrive during a flush as one group once it ends, and acknowledges none before its own flush', async () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE t (n INTEGER)');
    const insert = db.prepare('INSERT INTO t (n) VALUES (?)');
    const flushes: Array<() => void> = [];
    const manualDisk: Durability = {
      afterCommit: () => new Promise<void>((resolve) => flushes.push(resolve)),
      close: () => undefined,
    };
    const { writer, groups } = recordingWriter(db, manualDisk);
    const rows = () => (db.prepare('SELECT count(*) AS n FROM t').get() as { n: number }).n;
    const write = (position: number) => {
      const inserting = (group: GroupContext) => (insert.run(position), insertingEvent(position)(group));
      let acknowledged = false;
      const done = writer.submit(inserting).then(() => (acknowledged = true));
      return { done, acknowledged: () => acknowledged };
    };
    const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

    const first = write(1);
    await nextTurn();
    expect(flushes).toHaveLength(1);
    const during = [write(2), write(3)];
    await nextTurn();
    // Queued behind the running flush, not committed on arrival.
    expect(rows()).toBe(1);
    expect(flushes).toHaveLength(1);

    flushes[0]();
    await first.done;
    // Both were committed in one transaction and their flush has begun, but is not finished.
    expect(rows()).toBe(3);
    expect(flushes).toHaveLength(2);
    await nextTurn();
    expect(during.map((w) => w.acknowledged())).toEqual([false, false]);

    flushes[1]();
    await Promise.all(during.map((w) => w.done));
    expect(groups.map((group) => group.events.map((e) => e.position))).toEqual([[1], [2, 3]]);
    await writer.whenIdle();
    db.close();
  });
});
