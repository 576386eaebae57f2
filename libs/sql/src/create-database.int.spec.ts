import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { sql } from 'kysely';
import { createDatabase } from './create-database';

describe('SQLite transactions beside another writer (the projector thread beside the API, another process)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sql-immediate-'));
  const file = join(dir, 'shared.sqlite');
  const db = createDatabase({ dialect: 'sqlite', file });
  const other = new BetterSqlite3(file);

  beforeAll(async () => {
    await sql`create table counts (name text primary key, n integer not null)`.execute(db);
    await sql`insert into counts values ('a', 0), ('b', 0)`.execute(db);
    // The other writer does not wait: what it would do to the transaction shows at once.
    other.pragma('busy_timeout = 0');
  });

  afterAll(async () => {
    other.close();
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  test('a transaction that reads, then writes, commits even when another connection tries to write in between', async () => {
    let othersWrite: string | undefined;
    await db.transaction().execute(async (trx) => {
      const { rows } = await sql<{ n: number }>`select n from counts where name = 'a'`.execute(trx);
      try {
        other.prepare(`update counts set n = n + 1 where name = 'b'`).run();
        othersWrite = 'committed';
      } catch (error) {
        othersWrite = (error as { code?: string }).code;
      }
      await sql`update counts set n = ${rows[0].n + 1} where name = 'a'`.execute(trx);
    });
    // Begun deferred, the transaction would have let the other write commit, then failed with SQLITE_BUSY_SNAPSHOT.
    expect(othersWrite).toBe('SQLITE_BUSY');
    other.prepare(`update counts set n = n + 1 where name = 'b'`).run();
    expect(other.prepare('select name, n from counts order by name').all()).toEqual([
      { name: 'a', n: 1 },
      { name: 'b', n: 1 },
    ]);
  });
});
