import { Kysely, Transaction } from 'kysely';
import { migrate, Migration, serializeTransactions, sqlDialect, type SqlDialect } from '@app/sql';
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

/**
 * The generation a runner of `projection` follows: the active one when it is of the projection's version, else the
 * newest building one of that version, else a new one. Instances starting together on a fresh database each call
 * this; deciding under the projection's lock makes them agree on one generation (and so on one advisory lock).
 */
export function generationToFollow(db: Kysely<any>, projection: Projection): Promise<Generation> {
  return lockedForGenerations(db, projection.name, async (trx) => {
    const active = await activeGeneration(trx, projection.name);
    if (active?.version === projection.version) return active;
    const building = (await listGenerations(trx, projection.name)).filter(
      (g) => g.state === 'building' && g.version === projection.version,
    );
    return building[building.length - 1] ?? insertGeneration(trx, sqlDialect(db), projection, active !== undefined);
  });
}

/** Registers a new generation with its empty tables (a rebuild). The first generation of a projection is active at once. */
export function createGeneration(db: Kysely<any>, projection: Projection): Promise<Generation> {
  return lockedForGenerations(db, projection.name, async (trx) =>
    insertGeneration(trx, sqlDialect(db), projection, (await activeGeneration(trx, projection.name)) !== undefined),
  );
}

/** One transaction at a time per projection's generations: two must not both read "no generation yet". */
function lockedForGenerations<T>(db: Kysely<any>, name: string, decide: (trx: Transaction<any>) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (trx) => {
    await serializeTransactions(db, trx, `generations:${name}`);
    return decide(trx);
  });
}

async function insertGeneration(
  trx: Transaction<any>,
  dialect: SqlDialect,
  projection: Projection,
  hasActive: boolean,
): Promise<Generation> {
  const last = await trx
    .selectFrom(GENERATIONS)
    .select((eb) => eb.fn.max('generation').as('max'))
    .where('name', '=', projection.name)
    .executeTakeFirst();
  const generation = Number(last?.max ?? 0) + 1;
  await createGenerationTables(trx, projection, generation, dialect);
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
}

/**
 * Readers follow the active generation, so this one transaction is the whole switch-over. It takes the projection's
 * lock: two switch-overs at once (a rebuild and a version change) would otherwise each retire only the generation
 * they saw active, and leave both of theirs active.
 */
export function activate(db: Kysely<any>, name: string, generation: number): Promise<void> {
  return lockedForGenerations(db, name, async (trx) => {
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
  });
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
