import type { SqliteDatabase, SqliteStatement } from 'kysely';
import { cachingStatements } from './statement-cache';

function countingDatabase() {
  const prepared: string[] = [];
  const database: SqliteDatabase = {
    close: () => undefined,
    prepare: (sql: string) => {
      prepared.push(sql);
      return { sql } as unknown as SqliteStatement;
    },
  };
  return { database, prepared };
}

describe('cachingStatements', () => {
  test('compiles a statement text once and hands the same statement back', () => {
    const { database, prepared } = countingDatabase();
    const cached = cachingStatements(database);
    const first = cached.prepare('select 1');
    expect(cached.prepare('select 1')).toBe(first);
    cached.prepare('select 2');
    expect(prepared).toEqual(['select 1', 'select 2']);
  });

  test('keeps the most recently used texts within its capacity', () => {
    const { database, prepared } = countingDatabase();
    const cached = cachingStatements(database, 2);
    cached.prepare('a');
    cached.prepare('b');
    cached.prepare('a'); // a is now the most recently used: b goes first
    cached.prepare('c');
    cached.prepare('a');
    cached.prepare('b');
    expect(prepared).toEqual(['a', 'b', 'c', 'b']);
  });
});
