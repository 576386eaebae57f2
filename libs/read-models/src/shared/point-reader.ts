import BetterSqlite3 from 'better-sqlite3';
import { CompiledQuery, type Kysely } from 'kysely';
import type { DatabaseConfig } from '@app/sql';

export type Row = Record<string, unknown>;

/**
 * One row by a fixed SQL text (positional `?` parameters) for the hottest reads, without a query builder
 * per call. On SQLite each text is prepared once, on a read-only connection of its own to the same file
 * (WAL: it reads the last committed state, never blocks the writer, and a bug cannot write through it);
 * on PostgreSQL the text is compiled once and runs on the shared pool.
 */
export interface PointReader {
  get(sql: string, parameters: readonly unknown[]): Promise<Row | undefined>;
  /**
   * A number that stays the same exactly as long as nobody has committed a change to the database, so an
   * answer read while it had this value is still the answer (SQLite's `data_version`; the reader itself
   * never writes). Undefined where the database cannot tell (PostgreSQL): read again.
   */
  version(): number | undefined;
  close(): void;
}

/** At most this many statements are kept (texts differ only by table generation, so a handful in practice). */
const MAX_STATEMENTS = 64;

export function openPointReader(db: Kysely<any>, config: DatabaseConfig): PointReader {
  return config.dialect === 'sqlite' && config.file !== ':memory:' ? new SqlitePointReader(config.file) : new KyselyPointReader(db, config.dialect);
}

class SqlitePointReader implements PointReader {
  private connection: BetterSqlite3.Database | undefined;
  private readonly statements = new Map<string, BetterSqlite3.Statement>();
  private dataVersion: BetterSqlite3.Statement | undefined;

  constructor(private readonly file: string) {}

  async get(sql: string, parameters: readonly unknown[]): Promise<Row | undefined> {
    return this.statement(sql).get(...parameters) as Row | undefined;
  }

  version(): number {
    this.dataVersion ??= this.open().prepare('pragma data_version').pluck();
    return this.dataVersion.get() as number;
  }

  close(): void {
    this.statements.clear();
    this.dataVersion = undefined;
    this.connection?.close();
    this.connection = undefined;
  }

  private statement(sql: string): BetterSqlite3.Statement {
    const known = this.statements.get(sql);
    if (known) return known;
    if (this.statements.size >= MAX_STATEMENTS) this.statements.clear();
    const statement = this.open().prepare(sql);
    this.statements.set(sql, statement);
    return statement;
  }

  /** Opened on first use: the API's own connection has created the file and switched it to WAL by then. */
  private open(): BetterSqlite3.Database {
    this.connection ??= openReadOnly(this.file);
    return this.connection;
  }
}

function openReadOnly(file: string): BetterSqlite3.Database {
  const connection = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
  connection.pragma('busy_timeout = 5000');
  connection.pragma('cache_size = -16384');
  connection.pragma('mmap_size = 268435456');
  return connection;
}

class KyselyPointReader implements PointReader {
  private readonly texts = new Map<string, string>();

  constructor(private readonly db: Kysely<any>, private readonly dialect: DatabaseConfig['dialect']) {}

  async get(sql: string, parameters: readonly unknown[]): Promise<Row | undefined> {
    const result = await this.db.executeQuery<Row>(CompiledQuery.raw(this.text(sql), [...parameters]));
    return result.rows[0];
  }

  version(): undefined {
    return undefined;
  }

  close(): void {}

  private text(sql: string): string {
    let text = this.texts.get(sql);
    if (text === undefined) {
      let n = 0;
      text = this.dialect === 'postgres' ? sql.replace(/\?/g, () => `$${++n}`) : sql;
      if (this.texts.size >= MAX_STATEMENTS) this.texts.clear();
      this.texts.set(sql, text);
    }
    return text;
  }
}
