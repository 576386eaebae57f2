import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import {
  sql,
  CompiledQuery,
  Kysely,
  PostgresDialect,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type Driver,
  type SqliteDatabase,
  type SqliteDialectConfig,
  type Transaction,
} from 'kysely';
import { Pool, types } from 'pg';
import { DatabaseConfig, SqlDialect } from './database-config';
import { cachingStatements } from './statement-cache';

// BIGINT comes back as a string from pg by default; our integers (positions, counts) fit in a double.
types.setTypeParser(20, (value) => Number(value));

const dialects = new WeakMap<Kysely<any>, SqlDialect>();
const sqliteConnections = new WeakMap<Kysely<any>, SqliteDatabase>();

/** Runs one statement (`?` or `$n` placeholders, as the dialect takes them) and returns its rows. */
export type SqlRunner = (sql: string, values: readonly unknown[]) => Promise<readonly any[]> | readonly any[];

/**
 * A Kysely instance on SQLite (one file, WAL) or PostgreSQL (a pg Pool). Callers that need to know which
 * one they got (dialect-specific SQL such as upserts or advisory locks) ask `sqlDialect(db)`.
 */
export function createDatabase<DB = any>(config: DatabaseConfig): Kysely<DB> {
  const db = config.dialect === 'sqlite' ? openSqlite(config.file) : openPostgres(config);
  dialects.set(db, config.dialect);
  return db as Kysely<DB>;
}

/**
 * Runs statements inside `trx`, a transaction of `db`. On SQLite they go straight to the one connection's
 * compiled statements, synchronously: the transaction holds that connection for its whole callback, and
 * Kysely's own path (a connection provider and several promises per statement) cost the projector more
 * than SQLite's work on a batch's small statements. On PostgreSQL they go through the transaction.
 */
export function sqlRunner(db: Kysely<any>, trx: Transaction<any>): SqlRunner {
  const sqlite = sqliteConnections.get(db);
  if (sqlite) {
    return (sql, values) => {
      const statement = sqlite.prepare(sql);
      if (statement.reader) return statement.all(values as unknown[]) as any[];
      statement.run(values as unknown[]);
      return [];
    };
  }
  return async (sql, values) => (await trx.executeQuery(CompiledQuery.raw(sql, values as unknown[]))).rows;
}

export function sqlDialect(db: Kysely<any>): SqlDialect {
  const dialect = dialects.get(db);
  if (!dialect) throw new Error('sqlDialect: this Kysely instance was not made by createDatabase');
  return dialect;
}

/**
 * Makes transactions of `db` that name the same `key` run one at a time, from the call to their end. PostgreSQL's read
 * committed lets two of them read the same state and both act on it, so this takes a transaction advisory lock there;
 * on SQLite every transaction already holds the file's write lock from its start (`ImmediateSqliteDialect`).
 */
export async function serializeTransactions(db: Kysely<any>, trx: Transaction<any>, key: string): Promise<void> {
  if (sqlDialect(db) === 'postgres') await sql`select pg_advisory_xact_lock(hashtext(${key}))`.execute(trx);
}

function openSqlite(file: string): Kysely<any> {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const database = new BetterSqlite3(file);
  database.pragma('journal_mode = WAL');
  // WAL + NORMAL is durable against process crashes; a power loss may lose the last commits, which a
  // projection recovers from the event log because its checkpoint is lost with them.
  database.pragma('synchronous = NORMAL');
  database.pragma('busy_timeout = 5000');
  // Read models grow to hundreds of MiB; the 2 MiB default page cache turns index updates into reads.
  database.pragma('cache_size = -65536');
  // No memory map (SQLite's default): its pages would count in the process's RSS and grow with the files, so a
  // memory bound could not be read from RSS; misses of the page cache above are served by the kernel's.
  database.pragma('foreign_keys = ON');
  const connection = cachingStatements(database);
  const db = new Kysely<any>({ dialect: new ImmediateSqliteDialect({ database: connection }) });
  sqliteConnections.set(db, connection);
  return db;
}

/**
 * Every transaction of ours writes, and each begins with reads (a checkpoint, a generation, a count). Begun deferred,
 * it would hold a snapshot from its first read; when another connection (the API's main thread beside the projector's
 * thread, another process) committed in between, its first write fails at once with SQLITE_BUSY_SNAPSHOT, which no
 * busy timeout retries. Begun immediate, it takes the write lock first, waiting for it under the busy timeout.
 */
class ImmediateSqliteDialect extends SqliteDialect {
  constructor(private readonly settings: SqliteDialectConfig) {
    super(settings);
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.settings);
  }
}

class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

function openPostgres(config: Extract<DatabaseConfig, { dialect: 'postgres' }>): Kysely<any> {
  if (config.schema !== undefined && !/^[a-z_][a-z0-9_]*$/.test(config.schema)) {
    throw new Error(`createDatabase: invalid PostgreSQL schema name "${config.schema}"`);
  }
  const pool = new Pool({
    connectionString: config.url,
    max: config.poolSize ?? 20,
    options: config.schema ? `-c search_path=${config.schema}` : undefined,
  });
  return new Kysely<any>({ dialect: new PostgresDialect({ pool }) });
}
