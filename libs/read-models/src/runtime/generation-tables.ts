import { Kysely, sql, Transaction } from 'kysely';
import { SqlDialect, sqlDialect } from '@app/sql';
import { ColumnType, Projection, TableSpec } from '../projection';
import { docsTableName, tableName } from './table-names';

function columnSql(type: ColumnType, dialect: SqlDialect): string {
  if (type === 'text') return dialect === 'postgres' ? 'text collate "C"' : 'text';
  if (type === 'bigint') return dialect === 'postgres' ? 'bigint' : 'integer';
  return 'integer';
}

/**
 * Creates the tables of one generation of a projection, with their primary keys but without their
 * secondary indexes: a generation starts empty and is bulk loaded by its catch-up, and building an index
 * once over the loaded rows costs a fraction of maintaining it row by row (`createGenerationIndexes` when
 * caught up). Text sorts bytewise on both dialects (`collate "C"` on PostgreSQL) so orderings, cursors and
 * prefix ranges agree everywhere.
 */
export async function createGenerationTables(
  trx: Kysely<any> | Transaction<any>,
  projection: Projection,
  generation: number,
  dialect: SqlDialect,
): Promise<void> {
  const docs = docsTableName(projection, generation);
  await sql
    .raw(
      `create table if not exists ${docs} (id ${columnSql('text', dialect)} primary key, doc text not null, commit_pos ${columnSql('bigint', dialect)} not null, prepare_pos ${columnSql('bigint', dialect)} not null)`,
    )
    .execute(trx);
  for (const table of projection.tables) await createTable(trx, table, generation, dialect);
}

async function createTable(trx: Kysely<any>, table: TableSpec, generation: number, dialect: SqlDialect): Promise<void> {
  const name = tableName(table.name, generation);
  const columns = Object.entries(table.columns).map(([column, type]) => `${column} ${columnSql(type, dialect)}`);
  await sql.raw(`create table if not exists ${name} (${columns.join(', ')}, primary key (${table.primaryKey.join(', ')}))`).execute(trx);
}

/** The secondary indexes of a generation's tables; idempotent (each is created if missing). */
export async function createGenerationIndexes(db: Kysely<any>, projection: Projection, generation: number): Promise<void> {
  for (const table of projection.tables) {
    const name = tableName(table.name, generation);
    for (const [i, index] of (table.indexes ?? []).entries()) {
      await sql.raw(`create index if not exists ${name}_i${i} on ${name} (${index.join(', ')})`).execute(db);
    }
  }
}

export async function dropGenerationTables(db: Kysely<any>, projection: Projection, generation: number): Promise<void> {
  await sql.raw(`drop table if exists ${docsTableName(projection, generation)}`).execute(db);
  for (const table of projection.tables) await sql.raw(`drop table if exists ${tableName(table.name, generation)}`).execute(db);
}

/**
 * Refreshes the planner's statistics after a bulk catch-up, so list queries pick their indexes at once.
 * On PostgreSQL a vacuum also marks the freshly written pages all-visible: until then an index-only scan
 * still visits the table for every entry, which autovacuum would fix only some time later.
 */
export async function analyzeGenerationTables(db: Kysely<any>, projection: Projection, generation: number): Promise<void> {
  const command = sqlDialect(db) === 'postgres' ? 'vacuum (analyze)' : 'analyze';
  await sql.raw(`${command} ${docsTableName(projection, generation)}`).execute(db);
  for (const table of projection.tables) await sql.raw(`${command} ${tableName(table.name, generation)}`).execute(db);
}
