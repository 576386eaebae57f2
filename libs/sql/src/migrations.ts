import { Kysely, Transaction } from 'kysely';
import { serializeTransactions } from './create-database';

export interface Migration {
  /** Stable and ordered: `001-create-checkpoints`. Once applied, a name must never change meaning. */
  readonly name: string;
  up(trx: Transaction<any>): Promise<void>;
}

const TABLE = 'schema_migrations';

/**
 * Applies the migrations of one namespace (`read-models`, `api`, …) that are not recorded yet, in order,
 * each in its own transaction together with its record, so a failure leaves nothing half applied.
 * Returns the names applied by this call.
 */
export async function migrate(db: Kysely<any>, namespace: string, migrations: readonly Migration[]): Promise<string[]> {
  assertOrdered(migrations);
  await db.schema
    .createTable(TABLE)
    .ifNotExists()
    .addColumn('namespace', 'varchar(100)', (c) => c.notNull())
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .addColumn('applied_at', 'varchar(40)', (c) => c.notNull())
    .addPrimaryKeyConstraint(`${TABLE}_pk`, ['namespace', 'name'])
    .execute()
    .catch(async (error) => {
      // Two processes creating the table at once on PostgreSQL: the loser sees a duplicate; fine if it exists.
      const exists = await db
        .selectFrom(TABLE)
        .select('name')
        .limit(1)
        .execute()
        .then(
          () => true,
          () => false,
        );
      if (!exists) throw error;
    });

  const applied: string[] = [];
  for (const migration of migrations) {
    const done = await db.transaction().execute(async (trx) => {
      // Concurrent migrators (API and projector starting together) take turns per namespace.
      await serializeTransactions(db, trx, `migrate:${namespace}`);
      const recorded = await trx
        .selectFrom(TABLE)
        .select('name')
        .where('namespace', '=', namespace)
        .where('name', '=', migration.name)
        .executeTakeFirst();
      if (recorded) return false;
      await migration.up(trx);
      await trx.insertInto(TABLE).values({ namespace, name: migration.name, applied_at: new Date().toISOString() }).execute();
      return true;
    });
    if (done) applied.push(migration.name);
  }
  return applied;
}

function assertOrdered(migrations: readonly Migration[]): void {
  for (let i = 1; i < migrations.length; i++) {
    if (migrations[i - 1].name >= migrations[i].name) {
      throw new Error(
        `migrate: migrations must be uniquely named in ascending order ("${migrations[i - 1].name}" before "${migrations[i].name}")`,
      );
    }
  }
}
