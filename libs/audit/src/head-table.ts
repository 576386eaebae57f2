import Database from 'better-sqlite3';
import type { StreamHead } from './head-line';

/** Heads kept in memory before they go to the table in one transaction: what bounds the export's memory for them. */
const PENDING = 4096;

/**
 * Every stream's last event so far, in a temporary SQLite database on disk (deleted when closed) rather than in memory:
 * a whole-log export meets hundreds of thousands of streams. Heads are appended as they come, never updated in place
 * (an upsert per event into a table keyed by stream costs far more; bench/audit/export-verify.js), and read back once, grouped by
 * stream to its highest revision and sorted by stream name (SQLite's byte order), by SQLite's external sort.
 */
export class HeadTable {
  // An empty name: a private temporary database, on disk once it outgrows its page cache.
  private readonly db = new Database('');
  private readonly insert;
  private readonly pending = new Map<string, Omit<StreamHead, 'stream'>>();

  constructor() {
    this.db.pragma('journal_mode = OFF');
    this.db.pragma('synchronous = OFF');
    this.db.exec('CREATE TABLE heads (stream TEXT NOT NULL, revision INTEGER NOT NULL, position TEXT NOT NULL, hash TEXT NOT NULL)');
    this.insert = this.db.prepare('INSERT INTO heads VALUES (?, ?, ?, ?)');
  }

  /** The stream's event at `revision` is its last so far. */
  set(stream: string, revision: number, position: string, hash: string): void {
    this.pending.set(stream, { revision, position, hash });
    if (this.pending.size >= PENDING) this.flush();
  }

  /**
   * Every stream's head, sorted by stream name, read a row at a time (nothing else may use the table meanwhile). The
   * sort runs when the first row is asked for. With max(), SQLite takes the other columns from that row.
   */
  *sorted(): Generator<StreamHead> {
    this.flush();
    for (const [stream, revision, position, hash] of this.db
      .prepare('SELECT stream, max(revision), position, hash FROM heads GROUP BY stream ORDER BY stream')
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
      for (const [stream, head] of this.pending) this.insert.run(stream, head.revision, head.position, head.hash);
    })();
    this.pending.clear();
  }
}
