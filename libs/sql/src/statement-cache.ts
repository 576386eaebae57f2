import type { SqliteDatabase, SqliteStatement } from 'kysely';

/**
 * better-sqlite3 behind Kysely compiles every statement anew (`prepare` per query). Compiling a statement
 * costs more than running a small one, and the projector and the queries run the same texts over and over,
 * so compiled statements are kept by their text (least recently used first out). A statement is run to
 * completion before the next query on the one connection starts (Kysely serialises them), so reuse is safe.
 */
export function cachingStatements(database: SqliteDatabase, capacity = 500): SqliteDatabase {
  const statements = new Map<string, SqliteStatement>();
  return {
    close: () => {
      statements.clear();
      return database.close();
    },
    prepare(sql: string): SqliteStatement {
      const cached = statements.get(sql);
      if (cached) {
        // Re-inserted: Map keeps insertion order, so the first key is the least recently used.
        statements.delete(sql);
        statements.set(sql, cached);
        return cached;
      }
      const statement = database.prepare(sql);
      statements.set(sql, statement);
      if (statements.size > capacity) statements.delete(statements.keys().next().value!);
      return statement;
    },
  };
}
