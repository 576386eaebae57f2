import Database from 'better-sqlite3';
import { CommittedGroup, GroupCommitWriter } from './group-commit';
import { noDurability } from './wal-sync';
import type { GroupContext } from './write-operations';

const inserting =
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

describe('GroupCommitWriter', () => {
  it('reports only the events of the writes that committed: a write undone by its savepoint takes its events out', async () => {
    const db = new Database(':memory:');
    const groups: CommittedGroup[] = [];
    const writer = new GroupCommitWriter(
      db,
      noDurability,
      (group) => groups.push(group),
      () => undefined,
    );
    const outcomes = await Promise.allSettled([
      writer.submit(inserting(1)),
      writer.submit(inserting(2, true)),
      writer.submit(inserting(3)),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(groups).toHaveLength(1);
    expect(groups[0].events.map((e) => e.position)).toEqual([1, 3]);
    db.close();
  });
});
