import type { Database, Statement } from 'better-sqlite3';
import { StoredEvent } from './records';

const COLUMNS = 'position, stream, revision, id, type, is_json AS isJson, data, metadata, created';

/**
 * Every SQL statement the store runs, prepared once. Reads take the durable head as an upper bound so
 * nobody sees an event before it is on disk.
 */
export class Statements {
  readonly lastRevision: Statement<[string], { revision: number }>;
  readonly tombstone: Statement<[string, number], { position: number }>;
  readonly lastEventData: Statement<[string], { data: Buffer; type: string }>;
  readonly idsInRange: Statement<[string, number, number], { id: string; revision: number; position: number }>;
  readonly streamForward: Statement<[string, number, number, number], StoredEvent>;
  readonly streamBackward: Statement<[string, number, number, number], StoredEvent>;
  readonly eventAt: Statement<[string, number], StoredEvent>;
  readonly allForward: Statement<[number, number, number], StoredEvent>;
  readonly allBackward: Statement<[number, number], StoredEvent>;
  readonly head: Statement<[], { position: number | null }>;

  constructor(db: Database) {
    this.lastRevision = db.prepare('SELECT revision FROM events WHERE stream = ? AND revision >= 0 ORDER BY revision DESC LIMIT 1');
    this.tombstone = db.prepare('SELECT position FROM events WHERE stream = ? AND revision = ?');
    this.lastEventData = db.prepare('SELECT data, type FROM events WHERE stream = ? AND revision >= 0 ORDER BY revision DESC LIMIT 1');
    this.idsInRange = db.prepare(
      'SELECT id, revision, position FROM events WHERE stream = ? AND revision BETWEEN ? AND ? ORDER BY revision',
    );
    this.streamForward = db.prepare(
      `SELECT ${COLUMNS} FROM events WHERE stream = ? AND revision >= ? AND position <= ? ORDER BY revision LIMIT ?`,
    );
    this.streamBackward = db.prepare(
      `SELECT ${COLUMNS} FROM events WHERE stream = ? AND revision <= ? AND revision >= 0 AND position <= ? ORDER BY revision DESC LIMIT ?`,
    );
    this.eventAt = db.prepare(`SELECT ${COLUMNS} FROM events WHERE stream = ? AND revision = ?`);
    this.allForward = db.prepare(`SELECT ${COLUMNS} FROM events WHERE position >= ? AND position <= ? ORDER BY position LIMIT ?`);
    this.allBackward = db.prepare(`SELECT ${COLUMNS} FROM events WHERE position < ? ORDER BY position DESC LIMIT ?`);
    this.head = db.prepare('SELECT max(position) AS position FROM events');
  }
}

/** SQLite has no boolean; turn `is_json` into one in place. */
export function toStoredEvents(rows: StoredEvent[]): StoredEvent[] {
  for (const row of rows) row.isJson = (row.isJson as unknown) === 1;
  return rows;
}
