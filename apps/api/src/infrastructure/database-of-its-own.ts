import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { createDatabase } from '@app/sql';

export interface OwnDatabase {
  readonly db: Kysely<any>;
  close(): Promise<void>;
}

/**
 * The database of a store the API writes from its main thread (idempotency records, webhooks). On SQLite it is a file
 * of its own in DATA_DIR: SQLite has one writer per file, and sharing the read models' file with the projector thread's
 * batches left these small writes waiting behind each batch in SQLite's busy handler (whose sleeps grow to 100 ms).
 * On PostgreSQL it is the read-model database itself.
 */
export function databaseOfItsOwn(options: { db: Kysely<any>; databaseUrl?: string; dataDir: string; file: string }): OwnDatabase {
  if (options.databaseUrl) return { db: options.db, close: async () => undefined };
  const db = createDatabase({ dialect: 'sqlite', file: join(options.dataDir, options.file) });
  return { db, close: () => db.destroy() };
}
