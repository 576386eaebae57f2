import type { Database } from 'better-sqlite3';

/**
 * Versioned with `PRAGMA user_version`: each entry upgrades from its index to the next version.
 * Rows are never deleted, so the rowid (`position`) only grows and positions stay stable.
 */
const migrations: ReadonlyArray<(db: Database) => void> = [
  (db) => {
    db.exec(`
      CREATE TABLE events (
        position INTEGER PRIMARY KEY,
        stream   TEXT    NOT NULL,
        revision INTEGER NOT NULL,
        id       TEXT    NOT NULL,
        type     TEXT    NOT NULL,
        is_json  INTEGER NOT NULL,
        data     BLOB    NOT NULL,
        metadata BLOB    NOT NULL,
        created  INTEGER NOT NULL
      );
      CREATE UNIQUE INDEX events_by_stream ON events (stream, revision);
      CREATE INDEX events_by_id ON events (id);
    `);
  },
  // Random UUIDs made every event touch its own index page, about 100 pages per 100-event commit;
  // idempotency now looks ids up among the stream's recent events through events_by_stream.
  (db) => {
    db.exec('DROP INDEX events_by_id');
  },
];

const SCHEMA_VERSION = migrations.length;

export function migrate(db: Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > SCHEMA_VERSION) {
    throw new Error(`event store schema version ${current} is newer than this server (${SCHEMA_VERSION})`);
  }
  for (let version = current; version < SCHEMA_VERSION; version++) {
    db.transaction(() => {
      migrations[version](db);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
}
