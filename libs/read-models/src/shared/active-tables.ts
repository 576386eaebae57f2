import { Kysely } from 'kysely';
import { GENERATIONS } from '../runtime/generations';
import { docsTableName, tableName } from '../runtime/table-names';

/**
 * Maps a projection's logical tables to the tables of its active generation. The answer is kept for
 * `ttlMs`: a rebuild's switch-over reaches readers within that time, and the retired generation stays
 * readable for a grace period longer than it, so a query never meets a dropped table.
 */
export class ActiveTables {
  private readonly cache = new Map<string, { generation: number; until: number }>();

  constructor(
    private readonly db: Kysely<any>,
    private readonly ttlMs = 250,
  ) {}

  /** The physical table name, or undefined when the projection has no active generation yet. */
  async table(projection: string, logical: string): Promise<string | undefined> {
    const generation = await this.generation(projection);
    return generation === undefined ? undefined : tableName(logical, generation);
  }

  /** The documents table of the active generation (a projection whose view is its documents). */
  async docs(projection: string): Promise<string | undefined> {
    const generation = await this.generation(projection);
    return generation === undefined ? undefined : docsTableName({ name: projection }, generation);
  }

  /** The active generation if known and fresh, without a query (undefined: ask `generation`). */
  fresh(projection: string): number | undefined {
    const cached = this.cache.get(projection);
    return cached && cached.until > Date.now() ? cached.generation : undefined;
  }

  async generation(projection: string): Promise<number | undefined> {
    const fresh = this.fresh(projection);
    if (fresh !== undefined) return fresh;
    const row = await this.db
      .selectFrom(GENERATIONS)
      .select('generation')
      .where('name', '=', projection)
      .where('state', '=', 'active')
      .executeTakeFirst();
    if (!row) return undefined;
    const generation = Number(row.generation);
    this.cache.set(projection, { generation, until: Date.now() + this.ttlMs });
    return generation;
  }
}
