import type { Database, Statement } from 'better-sqlite3';
import type { NewEvent } from './records';

const COLUMNS = 8;
const ROW = `(${Array(COLUMNS).fill('?').join(', ')})`;

/**
 * Inserts one stream's consecutive events with one statement per `rowsPerStatement` rows instead of one
 * per event: each statement run crosses into better-sqlite3 and through SQLite's statement setup once,
 * which cost as much as the row's B-tree work in a batch's profile. Statements are prepared per row
 * count the first time it is needed, so at most `rowsPerStatement` of them exist.
 */
export class EventInserts {
  private readonly statements = new Map<number, Statement<unknown[]>>();
  private readonly parameters: unknown[][] = [];

  constructor(
    private readonly db: Database,
    private readonly rowsPerStatement = 32,
  ) {}

  /**
   * Inserts `events` at revisions `firstRevision`, `firstRevision + 1`, … and returns the position of
   * the last one. The table's rowid is an INTEGER PRIMARY KEY without AUTOINCREMENT and this is its
   * only writer, so each new row takes the highest rowid plus one: the rows' positions are consecutive,
   * ending at the returned one. A tombstone passes one event and its stored revision.
   */
  insert(stream: string, firstRevision: number, events: readonly NewEvent[], createdMs: number): number {
    let position = 0;
    for (let start = 0; start < events.length; start += this.rowsPerStatement) {
      const count = Math.min(this.rowsPerStatement, events.length - start);
      const values = this.parametersFor(count);
      for (let row = 0; row < count; row++) {
        const event = events[start + row];
        const at = row * COLUMNS;
        values[at] = stream;
        values[at + 1] = firstRevision + start + row;
        values[at + 2] = event.id;
        values[at + 3] = event.type;
        values[at + 4] = event.isJson ? 1 : 0;
        values[at + 5] = event.data;
        values[at + 6] = event.metadata;
        values[at + 7] = createdMs;
      }
      // Spread, not the array itself: better-sqlite3 reads an array's elements one property lookup at a time.
      position = Number(this.statementFor(count).run(...values).lastInsertRowid);
      // The parameter arrays are reused; they must not keep the request's buffers alive.
      values.fill(undefined);
    }
    return position;
  }

  private statementFor(rows: number): Statement<unknown[]> {
    let statement = this.statements.get(rows);
    if (!statement) {
      statement = this.db.prepare(
        `INSERT INTO events (stream, revision, id, type, is_json, data, metadata, created) VALUES ${Array(rows).fill(ROW).join(', ')}`,
      );
      this.statements.set(rows, statement);
    }
    return statement;
  }

  private parametersFor(rows: number): unknown[] {
    return (this.parameters[rows] ??= new Array<unknown>(rows * COLUMNS));
  }
}
