import { createHash } from 'node:crypto';
import BetterSqlite3 from 'better-sqlite3';
import { CompiledQuery, type Kysely } from 'kysely';
import { Pool } from 'pg';
import type { DatabaseConfig } from '@app/sql';

export type Row = Record<string, unknown>;

/**
 * One row by a fixed SQL text (positional `?` parameters, no other `?`) for the hottest reads, without a
 * query builder per call, each text prepared once. On SQLite on a read-only connection of its own to the
 * same file (WAL: it reads the last committed state, never blocks the writer, and a bug cannot write
 * through it); on PostgreSQL as a named prepared statement on a small pool of its own (one round trip:
 * bind and execute, no parse and plan per call).
 */
export interface PointReader {
  get(sql: string, parameters: readonly unknown[]): Promise<Row | undefined>;
  /**
   * A number that stays the same exactly as long as nobody has committed a change to the database, so an
   * answer read while it had this value is still the answer (SQLite's `data_version`; the reader itself
   * never writes). Undefined where the database cannot tell (PostgreSQL): read again.
   */
  version(): number | undefined;
  close(): Promise<void>;
}

/** At most this many statements are kept (texts differ only by table generation, so a handful in practice). */
const MAX_STATEMENTS = 64;

/** Connections of the PostgreSQL reader's own pool (besides the application pool). */
const POSTGRES_READER_CONNECTIONS = 4;

export function openPointReader(db: Kysely<any>, config: DatabaseConfig): PointReader {
  if (config.dialect === 'postgres') return new PostgresPointReader(config);
  return config.file !== ':memory:' ? new SqlitePointReader(config.file) : new KyselyPointReader(db);
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

  async close(): Promise<void> {
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
  return connection;
}

class PostgresPointReader implements PointReader {
  private pool: Pool | undefined;
  private readonly prepared = new Map<string, { name: string; text: string }>();

  constructor(private readonly config: Extract<DatabaseConfig, { dialect: 'postgres' }>) {}

  async get(sql: string, parameters: readonly unknown[]): Promise<Row | undefined> {
    const { name, text } = this.statement(sql);
    const result = await this.open().query<Row>({ name, text, values: [...parameters] });
    return result.rows[0];
  }

  version(): undefined {
    return undefined;
  }

  async close(): Promise<void> {
    const pool = this.pool;
    this.pool = undefined;
    await pool?.end();
  }

  /** Named by a hash of its text: a connection prepares each name once, and one name never means two texts. */
  private statement(sql: string): { name: string; text: string } {
    let statement = this.prepared.get(sql);
    if (!statement) {
      let n = 0;
      const text = sql.replace(/\?/g, () => `$${++n}`);
      statement = { name: `point_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`, text };
      if (this.prepared.size >= MAX_STATEMENTS) this.prepared.clear();
      this.prepared.set(sql, statement);
    }
    return statement;
  }

  private open(): Pool {
    if (!this.pool) {
      const { url, schema } = this.config;
      this.pool = new Pool({
        connectionString: url,
        max: POSTGRES_READER_CONNECTIONS,
        options: schema ? `-c search_path=${schema}` : undefined,
      });
      // An idle connection that breaks (a server restart) is dropped from the pool; the next query opens another.
      this.pool.on('error', () => undefined);
    }
    return this.pool;
  }
}

/** An in-memory SQLite database has no second connection: its texts run on the application's. */
class KyselyPointReader implements PointReader {
  constructor(private readonly db: Kysely<any>) {}

  async get(sql: string, parameters: readonly unknown[]): Promise<Row | undefined> {
    const result = await this.db.executeQuery<Row>(CompiledQuery.raw(sql, [...parameters]));
    return result.rows[0];
  }

  version(): undefined {
    return undefined;
  }

  async close(): Promise<void> {}
}
