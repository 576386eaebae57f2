import type { Database, Statement } from 'better-sqlite3';
import type { NewEvent } from './records';

/** The parameters bound once per statement: every row of one insert shares its stream and time. */
interface SharedColumns {
  stream: string;
  first: number;
  created: number;
}

/** Per row: id, type, is_json, data, metadata. */
const ROW_PARAMETERS = 5;

/**
 * Inserts one stream's consecutive events with one statement per `rowsPerStatement` rows instead of one
 * per event: each statement run crosses into better-sqlite3 and through SQLite's statement setup once,
 * which cost as much as the row's B-tree work in a batch's profile. The stream, the first revision and
 * the time are bound once per statement (each row names them, its revision as an offset from the
 * first): bound per row, the stream name was converted to UTF-8 and copied by SQLite once per event.
 * Statements are prepared per row count the first time it is needed, so at most `rowsPerStatement` of
 * them exist.
 */
export class EventInserts {
  private readonly statements = new Map<number, Statement<[SharedColumns, ...unknown[]]>>();
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
        const at = row * ROW_PARAMETERS;
        values[at] = event.id;
        values[at + 1] = event.type;
        values[at + 2] = event.isJson ? 1 : 0;
        values[at + 3] = event.data;
        values[at + 4] = event.metadata;
      }
      const shared = { stream, first: firstRevision + start, created: createdMs };
      // Spread, not the array itself: better-sqlite3 reads an array's elements one property lookup at a time.
      position = Number(this.statementFor(count).run(shared, ...values).lastInsertRowid);
      // The parameter arrays are reused; they must not keep the request's buffers alive.
      values.fill(undefined);
    }
    return position;
  }

  private statementFor(rows: number): Statement<[SharedColumns, ...unknown[]]> {
    let statement = this.statements.get(rows);
    if (!statement) {
      const values = Array.from({ length: rows }, (_, row) => `(@stream, @first + ${row}, ?, ?, ?, ?, ?, @created)`);
      statement = this.db.prepare(
        `INSERT INTO events (stream, revision, id, type, is_json, data, metadata, created) VALUES ${values.join(', ')}`,
      );
      this.statements.set(rows, statement);
    }
    return statement;
  }

  private parametersFor(rows: number): unknown[] {
    return (this.parameters[rows] ??= new Array<unknown>(rows * ROW_PARAMETERS));
  }
}
