import { Kysely, sql, Transaction } from 'kysely';
import { sqlDialect } from '@app/sql';
import { comparePositions, LogPosition, Projection, ProjectionEvent } from '../projection';
import { GENERATIONS } from './generations';
import { docsTableName, tableName } from './table-names';

/** Thrown when the generation being written was retired by a rebuild's switch-over: restart on the new one. */
export class GenerationRetiredError extends Error {
  constructor(readonly projection: string, readonly generation: number) {
    super(`projection ${projection} generation ${generation} is no longer current`);
  }
}

/** Named points inside a batch's transaction; tests throw there to prove a batch is all or nothing. */
export type BatchStep = 'loaded' | 'evolved' | 'rows-deleted' | 'rows-inserted' | 'docs-written' | 'checkpointed';

export interface BatchResult {
  readonly applied: number;
  readonly skipped: number;
  readonly checkpoint?: LogPosition;
}

interface LoadedDoc {
  /** The document as stored before this batch (undefined: none), whose rows are in the tables now. */
  original?: unknown;
  doc: unknown;
  position?: LogPosition;
  dirty: boolean;
}

const CHUNK = 500;
// Each INSERT stays below SQLite's and PostgreSQL's bound-parameter limits.
const MAX_PARAMS = 30_000;

/**
 * Applies one batch of events to one generation of a projection in one transaction together with its
 * checkpoint. Events at or before the checkpoint are skipped, and each document remembers the last
 * position folded into it, so a replayed event changes nothing.
 */
export async function applyBatch(
  db: Kysely<any>,
  projection: Projection,
  generation: number,
  events: readonly ProjectionEvent[],
  onStep: (step: BatchStep) => void = () => undefined,
): Promise<BatchResult> {
  if (events.length === 0) return { applied: 0, skipped: 0 };
  return db.transaction().execute(async (trx) => {
    const current = await trx
      .selectFrom(GENERATIONS)
      .select(['state', 'commit_pos', 'prepare_pos'])
      .where('name', '=', projection.name)
      .where('generation', '=', generation)
      .$if(sqlDialect(db) === 'postgres', (q) => q.forUpdate())
      .executeTakeFirst();
    if (!current || current.state === 'retired') throw new GenerationRetiredError(projection.name, generation);
    const checkpoint: LogPosition | undefined =
      current.commit_pos === null ? undefined : { commit: Number(current.commit_pos), prepare: Number(current.prepare_pos) };
    const fresh = checkpoint ? events.filter((e) => comparePositions(e.position, checkpoint) > 0) : events;
    if (fresh.length === 0) return { applied: 0, skipped: events.length, checkpoint };

    const handles = new Set(projection.handles);
    const handled = fresh.filter((e) => handles.has(e.type));
    const docs = await loadDocs(trx, projection, generation, handled);
    onStep('loaded');

    for (const event of handled) {
      for (const id of projection.identity(event)) {
        const entry = docs.get(id)!;
        if (entry.position && comparePositions(event.position, entry.position) <= 0) continue;
        entry.doc = projection.evolve(entry.doc as any, event, id);
        entry.position = event.position;
        entry.dirty = true;
      }
    }
    onStep('evolved');

    await writeDocs(trx, projection, generation, docs, onStep);

    const last = fresh[fresh.length - 1];
    await trx
      .updateTable(GENERATIONS)
      .set((eb) => ({
        commit_pos: last.position.commit,
        prepare_pos: last.position.prepare,
        events_applied: eb('events_applied', '+', fresh.length),
        last_event_at: last.createdAt,
        updated_at: new Date().toISOString(),
      }))
      .where('name', '=', projection.name)
      .where('generation', '=', generation)
      .execute();
    onStep('checkpointed');
    return { applied: fresh.length, skipped: events.length - fresh.length, checkpoint: last.position };
  });
}

async function loadDocs(trx: Transaction<any>, projection: Projection, generation: number, events: readonly ProjectionEvent[]): Promise<Map<string, LoadedDoc>> {
  const docs = new Map<string, LoadedDoc>();
  for (const event of events) for (const id of projection.identity(event)) if (!docs.has(id)) docs.set(id, { doc: undefined, dirty: false });
  const ids = [...docs.keys()];
  for (let i = 0; i < ids.length; i += CHUNK) {
    const rows = await trx
      .selectFrom(docsTableName(projection, generation))
      .select(['id', 'doc', 'commit_pos', 'prepare_pos'])
      .where('id', 'in', ids.slice(i, i + CHUNK))
      .execute();
    for (const row of rows) {
      const doc = JSON.parse(row.doc);
      docs.set(row.id, { original: doc, doc, position: { commit: Number(row.commit_pos), prepare: Number(row.prepare_pos) }, dirty: false });
    }
  }
  return docs;
}

type Row = Record<string, unknown>;

/**
 * Writes what changed: the rows each dirty document derives now are compared with the rows it derived
 * before (by primary key), so only vanished rows are deleted and only new or changed rows are upserted.
 */
async function writeDocs(trx: Transaction<any>, projection: Projection, generation: number, docs: Map<string, LoadedDoc>, onStep: (step: BatchStep) => void): Promise<void> {
  const dirty = [...docs.entries()].filter(([, entry]) => entry.dirty);
  if (dirty.length === 0) return;
  const tables = new Map(projection.tables.map((t) => [t.name, t]));
  const deletes = new Map<string, Row[]>(projection.tables.map((t) => [t.name, []]));
  const upserts = new Map<string, Row[]>(projection.tables.map((t) => [t.name, []]));

  const keyed = (table: string, rows: Record<string, Row[]>): Map<string, Row> => {
    const spec = tables.get(table);
    if (!spec) throw new Error(`projection ${projection.name} produced rows for unknown table ${table}`);
    const columns = Object.keys(spec.columns);
    const result = new Map<string, Row>();
    for (const row of rows[table] ?? []) {
      // Every row carries every column, so one multi-row statement never mixes shapes.
      const full: Row = {};
      for (const column of columns) full[column] = row[column] ?? null;
      result.set(JSON.stringify(spec.primaryKey.map((c) => full[c])), full);
    }
    return result;
  };
  for (const [id, entry] of dirty) {
    const before = entry.original === undefined ? {} : projection.rows(entry.original, id);
    const after = entry.doc === undefined ? {} : projection.rows(entry.doc, id);
    for (const table of [...new Set([...Object.keys(before), ...Object.keys(after)])]) {
      const old = keyed(table, before);
      const now = keyed(table, after);
      for (const [key, row] of old) if (!now.has(key)) deletes.get(table)!.push(row);
      for (const [key, row] of now) {
        const previous = old.get(key);
        if (!previous || JSON.stringify(previous) !== JSON.stringify(row)) upserts.get(table)!.push(row);
      }
    }
  }

  for (const table of projection.tables) {
    const rows = deletes.get(table.name)!;
    const name = tableName(table.name, generation);
    for (let i = 0; i < rows.length; i += CHUNK) {
      const chunk = rows.slice(i, i + CHUNK);
      const key = sql.join(table.primaryKey.map((c) => sql.ref(c)));
      const values = sql.join(chunk.map((row) => sql`(${sql.join(table.primaryKey.map((c) => row[c]))})`));
      await sql`delete from ${sql.table(name)} where (${key}) in (values ${values})`.execute(trx);
    }
  }
  onStep('rows-deleted');

  for (const table of projection.tables) {
    const columns = Object.keys(table.columns);
    const others = columns.filter((c) => !table.primaryKey.includes(c));
    const rows = upserts.get(table.name)!;
    const perInsert = Math.max(1, Math.floor(MAX_PARAMS / columns.length));
    for (let i = 0; i < rows.length; i += perInsert) {
      await trx
        .insertInto(tableName(table.name, generation))
        .values(rows.slice(i, i + perInsert))
        .onConflict((oc) => {
          const target = oc.columns(table.primaryKey as string[]);
          if (others.length === 0) return target.doNothing();
          return target.doUpdateSet((eb) => Object.fromEntries(others.map((c) => [c, eb.ref(`excluded.${c}`)])));
        })
        .execute();
    }
  }
  onStep('rows-inserted');

  const removed = dirty.filter(([, entry]) => entry.doc === undefined).map(([id]) => id);
  const docsTable = docsTableName(projection, generation);
  for (let i = 0; i < removed.length; i += CHUNK) {
    await trx.deleteFrom(docsTable).where('id', 'in', removed.slice(i, i + CHUNK)).execute();
  }
  const kept = dirty
    .filter(([, entry]) => entry.doc !== undefined)
    .map(([id, entry]) => ({ id, doc: JSON.stringify(entry.doc), commit_pos: entry.position!.commit, prepare_pos: entry.position!.prepare }));
  for (let i = 0; i < kept.length; i += CHUNK) {
    await trx
      .insertInto(docsTable)
      .values(kept.slice(i, i + CHUNK))
      .onConflict((oc) =>
        oc.column('id').doUpdateSet((eb) => ({
          doc: eb.ref('excluded.doc'),
          commit_pos: eb.ref('excluded.commit_pos'),
          prepare_pos: eb.ref('excluded.prepare_pos'),
        })),
      )
      .execute();
  }
  onStep('docs-written');
}
