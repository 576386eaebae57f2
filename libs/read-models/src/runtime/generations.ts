import { Kysely, Transaction } from 'kysely';
import { migrate, Migration, sqlDialect } from '@app/sql';
import { LogPosition, Projection } from '../projection';
import { createGenerationTables, dropGenerationTables } from './generation-tables';

export const GENERATIONS = 'projection_generations';

export type GenerationState = 'building' | 'active' | 'retired';

export interface Generation {
  readonly name: string;
  readonly generation: number;
  readonly version: number;
  readonly state: GenerationState;
  /** Last applied position; undefined = nothing applied yet (start of the log). */
  readonly checkpoint?: LogPosition;
  readonly eventsApplied: number;
  readonly lastEventAt?: string;
  readonly updatedAt: string;
}

const migrations: Migration[] = [
  {
    name: '001-projection-generations',
    up: (trx) =>
      trx.schema
        .createTable(GENERATIONS)
        .addColumn('name', 'varchar(100)', (c) => c.notNull())
        .addColumn('generation', 'integer', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('state', 'varchar(20)', (c) => c.notNull())
        .addColumn('commit_pos', 'bigint')
        .addColumn('prepare_pos', 'bigint')
        .addColumn('events_applied', 'bigint', (c) => c.notNull().defaultTo(0))
        .addColumn('last_event_at', 'varchar(40)')
        .addColumn('updated_at', 'varchar(40)', (c) => c.notNull())
        .addPrimaryKeyConstraint('projection_generations_pk', ['name', 'generation'])
        .execute(),
  },
];

export async function migrateReadModels(db: Kysely<any>): Promise<void> {
  await migrate(db, 'read-models', migrations);
}

function toGeneration(row: any): Generation {
  return {
    name: row.name,
    generation: Number(row.generation),
    version: Number(row.version),
    state: row.state,
    checkpoint: row.commit_pos === null ? undefined : { commit: Number(row.commit_pos), prepare: Number(row.prepare_pos) },
    eventsApplied: Number(row.events_applied),
    lastEventAt: row.last_event_at ?? undefined,
    updatedAt: row.updated_at,
  };
}

export async function listGenerations(db: Kysely<any>, name?: string): Promise<Generation[]> {
  let query = db.selectFrom(GENERATIONS).selectAll().orderBy('name').orderBy('generation');
  if (name) query = query.where('name', '=', name);
  return (await query.execute()).map(toGeneration);
}

export async function readGeneration(db: Kysely<any>, name: string, generation: number): Promise<Generation | undefined> {
  const row = await db.selectFrom(GENERATIONS).selectAll().where('name', '=', name).where('generation', '=', generation).executeTakeFirst();
  return row && toGeneration(row);
}

export async function activeGeneration(db: Kysely<any>, name: string): Promise<Generation | undefined> {
  const row = await db.selectFrom(GENERATIONS).selectAll().where('name', '=', name).where('state', '=', 'active').executeTakeFirst();
  return row && toGeneration(row);
}

/** Registers a new generation with its empty tables. The first generation of a projection is active at once. */
export async function createGeneration(db: Kysely<any>, projection: Projection): Promise<Generation> {
  return db.transaction().execute(async (trx) => {
    const last = await trx
      .selectFrom(GENERATIONS)
      .select((eb) => eb.fn.max('generation').as('max'))
      .where('name', '=', projection.name)
      .executeTakeFirst();
    const hasActive = await trx
      .selectFrom(GENERATIONS)
      .select('generation')
      .where('name', '=', projection.name)
      .where('state', '=', 'active')
      .executeTakeFirst();
    const generation = Number(last?.max ?? 0) + 1;
    await createGenerationTables(trx, projection, generation, sqlDialect(db));
    const row = {
      name: projection.name,
      generation,
      version: projection.version,
      state: hasActive ? 'building' : 'active',
      commit_pos: null,
      prepare_pos: null,
      events_applied: 0,
      last_event_at: null,
      updated_at: new Date().toISOString(),
    };
    await trx.insertInto(GENERATIONS).values(row).execute();
    return toGeneration(row);
  });
}

/** Readers follow the active generation, so this one update is the whole switch-over. */
export async function activate(trx: Transaction<any>, name: string, generation: number): Promise<void> {
  const now = new Date().toISOString();
  await trx
    .updateTable(GENERATIONS)
    .set({ state: 'retired', updated_at: now })
    .where('name', '=', name)
    .where('state', '=', 'active')
    .execute();
  await trx
    .updateTable(GENERATIONS)
    .set({ state: 'active', updated_at: now })
    .where('name', '=', name)
    .where('generation', '=', generation)
    .execute();
}

/**
 * Drops generations retired longer than `graceMs` ago: a reader that resolved the old generation just
 * before the switch still finds its tables.
 */
export async function dropRetired(db: Kysely<any>, projection: Projection, graceMs = 60_000): Promise<number[]> {
  const generations = await listGenerations(db, projection.name);
  const cutoff = new Date(Date.now() - graceMs).toISOString();
  const dropped: number[] = [];
  for (const g of generations) {
    if (g.state === 'retired' && g.updatedAt <= cutoff) {
      await dropGenerationTables(db, projection, g.generation);
      await db.deleteFrom(GENERATIONS).where('name', '=', g.name).where('generation', '=', g.generation).execute();
      dropped.push(g.generation);
    }
  }
  return dropped;
}
