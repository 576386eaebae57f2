import { SqlDialect, SqlRunner } from '@app/sql';
import { LogPosition, Projection, TableSpec } from '../projection';
import { GENERATIONS } from './generations';
import { docsTableName, tableName } from './table-names';

type Value = string | number | null;
/** A row as its values in the table's column order. */
export type Row = Value[];

// Each statement stays below SQLite's and PostgreSQL's bound-parameter limits.
const MAX_PARAMS = 30_000;
const MAX_ROWS = 256;

const quote = (identifier: string) => `"${identifier}"`;

/**
 * Row counts per statement: full chunks of the largest size, then the remainder in powers of two. Only
 * a handful of distinct statement texts per table, so the database's compiled statements are reused.
 */
function chunkSizes(count: number, width: number): number[] {
  let max = 1;
  while (max * 2 <= MAX_ROWS && max * 2 * width <= MAX_PARAMS) max *= 2;
  const sizes: number[] = [];
  let left = count;
  while (left >= max) {
    sizes.push(max);
    left -= max;
  }
  for (let size = max / 2; size >= 1; size /= 2) {
    if (left >= size) {
      sizes.push(size);
      left -= size;
    }
  }
  return sizes;
}

class Sql {
  private readonly texts = new Map<string, string>();
  constructor(private readonly dialect: SqlDialect) {}

  /** `(?, ?), (?, ?)` or `($1, $2), ($3, $4)`: `rows` tuples of `width` placeholders. */
  tuples(rows: number, width: number): string {
    const parts: string[] = [];
    let n = 0;
    for (let r = 0; r < rows; r++) {
      const tuple: string[] = [];
      for (let c = 0; c < width; c++) tuple.push(this.dialect === 'postgres' ? `$${++n}` : '?');
      parts.push(`(${tuple.join(', ')})`);
    }
    return parts.join(', ');
  }

  /** The statement text for `rows` rows, built once per shape. */
  text(kind: string, rows: number, build: (rows: number) => string): string {
    const key = `${kind}:${rows}`;
    let text = this.texts.get(key);
    if (text === undefined) this.texts.set(key, (text = build(rows)));
    return text;
  }
}

async function inChunks<T>(
  run: SqlRunner,
  items: readonly T[],
  width: number,
  text: (rows: number) => string,
  params: (item: T) => readonly unknown[],
): Promise<unknown[]> {
  const results: unknown[] = [];
  let at = 0;
  for (const size of chunkSizes(items.length, width)) {
    const values: unknown[] = [];
    for (let i = at; i < at + size; i++) for (const value of params(items[i])) values.push(value);
    at += size;
    for (const row of await run(text(size), values)) results.push(row);
  }
  return results;
}

/** Writes of one table of one generation, in its column order. */
export class TableStatements {
  readonly name: string;
  private readonly columns: string[];
  private readonly keyIndexes: number[];
  private readonly table: string;

  constructor(
    spec: TableSpec,
    generation: number,
    private readonly sql: Sql,
  ) {
    this.name = spec.name;
    this.columns = Object.keys(spec.columns);
    this.keyIndexes = spec.primaryKey.map((c) => this.columns.indexOf(c));
    this.table = quote(tableName(spec.name, generation));
  }

  /** A document's rows of this table by primary key, every column present (missing = null). */
  keyed(rows: readonly Record<string, Value>[] | undefined): Map<string, Row> | undefined {
    if (!rows || rows.length === 0) return undefined;
    const result = new Map<string, Row>();
    for (const record of rows) {
      const row: Row = this.columns.map((c) => record[c] ?? null);
      let key = '';
      for (const i of this.keyIndexes) key += typeof row[i] === 'number' ? `n${row[i]};` : `s${String(row[i]).length}:${row[i]}`;
      result.set(key, row);
    }
    return result;
  }

  key(row: Row): Row {
    return this.keyIndexes.map((i) => row[i]);
  }

  async delete(run: SqlRunner, keys: readonly Row[]): Promise<void> {
    const width = this.keyIndexes.length;
    const key = this.keyIndexes.map((i) => quote(this.columns[i])).join(', ');
    await inChunks(
      run,
      keys,
      width,
      (rows) =>
        this.sql.text(
          `delete ${this.table}`,
          rows,
          (n) => `delete from ${this.table} where (${key}) in (values ${this.sql.tuples(n, width)})`,
        ),
      (k) => k,
    );
  }

  async upsert(run: SqlRunner, rows: readonly Row[]): Promise<void> {
    const width = this.columns.length;
    const names = this.columns.map(quote).join(', ');
    const key = this.keyIndexes.map((i) => quote(this.columns[i])).join(', ');
    const others = this.columns.filter((_, i) => !this.keyIndexes.includes(i)).map(quote);
    const conflict = others.length === 0 ? 'do nothing' : `do update set ${others.map((c) => `${c} = excluded.${c}`).join(', ')}`;
    await inChunks(
      run,
      rows,
      width,
      (n) =>
        this.sql.text(
          `upsert ${this.table}`,
          n,
          () => `insert into ${this.table} (${names}) values ${this.sql.tuples(n, width)} on conflict (${key}) ${conflict}`,
        ),
      (r) => r,
    );
  }
}

export interface GenerationRow {
  readonly state: string;
  readonly commit_pos: number | string | null;
  readonly prepare_pos: number | string | null;
}

export interface StoredDoc {
  readonly id: string;
  readonly doc: string;
  readonly commit_pos: number;
  readonly prepare_pos: number;
}

/**
 * The statements of one generation of one projection: its row in the generations table, its documents and
 * its tables. Every batch runs them, so their texts are written once here rather than built per query.
 */
export class RowStatements {
  readonly tables: TableStatements[];
  private readonly docs: string;
  private readonly sql: Sql;
  private readonly selectGeneration: string;
  private readonly updateCheckpoint: string;
  private readonly generationKey: [string, number];

  constructor(projection: Projection, generation: number, dialect: SqlDialect) {
    this.sql = new Sql(dialect);
    this.tables = projection.tables.map((spec) => new TableStatements(spec, generation, this.sql));
    this.docs = quote(docsTableName(projection, generation));
    this.generationKey = [projection.name, generation];
    const p = (n: number) => (dialect === 'postgres' ? `$${n}` : '?');
    // On PostgreSQL the row is locked for the batch: a rebuild's switch-over retires the generation under it.
    this.selectGeneration =
      `select state, commit_pos, prepare_pos from ${quote(GENERATIONS)} where name = ${p(1)} and generation = ${p(2)}` +
      (dialect === 'postgres' ? ' for update' : '');
    this.updateCheckpoint =
      `update ${quote(GENERATIONS)} set commit_pos = ${p(1)}, prepare_pos = ${p(2)}, events_applied = events_applied + ${p(3)}, ` +
      `last_event_at = ${p(4)}, updated_at = ${p(5)} where name = ${p(6)} and generation = ${p(7)}`;
  }

  async generation(run: SqlRunner): Promise<GenerationRow | undefined> {
    return (await run(this.selectGeneration, this.generationKey))[0];
  }

  /** Moves the generation's checkpoint to `position`, `applied` more events, in the batch's transaction. */
  async checkpoint(run: SqlRunner, position: LogPosition, applied: number, lastEventAt: string): Promise<void> {
    await run(this.updateCheckpoint, [
      position.commit,
      position.prepare,
      applied,
      lastEventAt,
      new Date().toISOString(),
      ...this.generationKey,
    ]);
  }

  async selectDocs(run: SqlRunner, ids: readonly string[]): Promise<StoredDoc[]> {
    const text = (n: number) =>
      this.sql.text(
        'select docs',
        n,
        () => `select id, doc, commit_pos, prepare_pos from ${this.docs} where id in ${this.sql.tuples(1, n)}`,
      );
    return (await inChunks(run, ids, 1, text, (id) => [id])) as StoredDoc[];
  }

  async deleteDocs(run: SqlRunner, ids: readonly string[]): Promise<void> {
    const text = (n: number) => this.sql.text('delete docs', n, () => `delete from ${this.docs} where id in ${this.sql.tuples(1, n)}`);
    await inChunks(run, ids, 1, text, (id) => [id]);
  }

  /** Rows of `[id, doc, commit_pos, prepare_pos]`. */
  async upsertDocs(run: SqlRunner, rows: readonly Row[]): Promise<void> {
    const text = (n: number) =>
      this.sql.text(
        'upsert docs',
        n,
        () =>
          `insert into ${this.docs} (id, doc, commit_pos, prepare_pos) values ${this.sql.tuples(n, 4)} ` +
          'on conflict (id) do update set doc = excluded.doc, commit_pos = excluded.commit_pos, prepare_pos = excluded.prepare_pos',
      );
    await inChunks(run, rows, 4, text, (r) => r);
  }
}

const cache = new WeakMap<Projection, Map<string, RowStatements>>();

/** The statements of a generation, built once per projection, generation and dialect. */
export function statementsFor(projection: Projection, generation: number, dialect: SqlDialect): RowStatements {
  let byGeneration = cache.get(projection);
  if (!byGeneration) cache.set(projection, (byGeneration = new Map()));
  const key = `${dialect}:${generation}`;
  let statements = byGeneration.get(key);
  if (!statements) byGeneration.set(key, (statements = new RowStatements(projection, generation, dialect)));
  return statements;
}
