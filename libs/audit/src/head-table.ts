import Database from 'better-sqlite3';
import type { StreamHead } from './head-line';

/** Heads kept in memory before they go to the table in one transaction: what bounds the export's memory for them. */
const PENDING = 4096;

/**
 * Every stream's last event so far, in a temporary SQLite database on disk (deleted when closed) rather than in memory:
 * a whole-log export meets hundreds of thousands of streams. Read back sorted by stream name (the table's key, in
 * SQLite's byte order).
 */
export class HeadTable {
  // An empty name: a private temporary database, on disk once it outgrows its page cache.
  private readonly db = new Database('');
  private readonly upsert;
  private readonly pending = new Map<string, Omit<StreamHead, 'stream'>>();

  constructor() {
    this.db.pragma('journal_mode = OFF');
    this.db.pragma('synchronous = OFF');
    this.db.exec(
      'CREATE TABLE heads (stream TEXT PRIMARY KEY, revision INTEGER NOT NULL, position TEXT NOT NULL, hash TEXT NOT NULL) WITHOUT ROWID',
    );
    this.upsert = this.db.prepare(
      'INSERT INTO heads VALUES (?, ?, ?, ?) ON CONFLICT (stream) DO UPDATE SET revision = excluded.revision, position = excluded.position, hash = excluded.hash',
    );
  }

  /** The stream's event at `revision` is its last so far. */
  set(stream: string, revision: number, position: string, hash: string): void {
    this.pending.set(stream, { revision, position, hash });
    if (this.pending.size >= PENDING) this.flush();
  }

  /** Every stream's head, sorted by stream name, read a row at a time (nothing else may use the table meanwhile). */
  *sorted(): Generator<StreamHead> {
    this.flush();
    for (const [stream, revision, position, hash] of this.db
      .prepare('SELECT stream, revision, position, hash FROM heads ORDER BY stream')
      .raw()
      .iterate() as Iterable<[string, number, string, string]>)
      yield { stream, revision, position, hash };
  }

  close(): void {
    this.db.close();
  }

  private flush(): void {
    if (this.pending.size === 0) return;
    this.db.transaction(() => {
      for (const [stream, head] of this.pending) this.upsert.run(stream, head.revision, head.position, head.hash);
    })();
    this.pending.clear();
  }
}
