import { Kysely, Transaction } from 'kysely';
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
      docs.set(row.id, { doc: JSON.parse(row.doc), position: { commit: Number(row.commit_pos), prepare: Number(row.prepare_pos) }, dirty: false });
    }
  }
  return docs;
}

async function writeDocs(trx: Transaction<any>, projection: Projection, generation: number, docs: Map<string, LoadedDoc>, onStep: (step: BatchStep) => void): Promise<void> {
  const dirty = [...docs.entries()].filter(([, entry]) => entry.dirty);
  if (dirty.length === 0) return;
  const ids = dirty.map(([id]) => id);
  for (const table of projection.tables) {
    for (let i = 0; i < ids.length; i += CHUNK) {
      await trx.deleteFrom(tableName(table.name, generation)).where('doc_id', 'in', ids.slice(i, i + CHUNK)).execute();
    }
  }
  onStep('rows-deleted');

  const columnsOf = new Map(projection.tables.map((t) => [t.name, Object.keys(t.columns)]));
  // Every row carries every column, so one multi-row INSERT never mixes shapes.
  const completeRow = (table: string, id: string, row: Record<string, unknown>) => {
    const full: Record<string, unknown> = { doc_id: id };
    for (const column of columnsOf.get(table) ?? []) full[column] = row[column] ?? null;
    return full;
  };
  const rowsByTable = new Map<string, Record<string, unknown>[]>(projection.tables.map((t) => [t.name, []]));
  for (const [id, entry] of dirty) {
    if (entry.doc === undefined) continue;
    for (const [table, rows] of Object.entries(projection.rows(entry.doc, id))) {
      const target = rowsByTable.get(table);
      if (!target) throw new Error(`projection ${projection.name} produced rows for unknown table ${table}`);
      for (const row of rows) target.push(completeRow(table, id, row));
    }
  }
  for (const table of projection.tables) {
    await insertChunked(trx, tableName(table.name, generation), rowsByTable.get(table.name)!, Object.keys(table.columns).length + 1);
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

async function insertChunked(trx: Transaction<any>, table: string, rows: Record<string, unknown>[], columns: number): Promise<void> {
  const perInsert = Math.max(1, Math.floor(MAX_PARAMS / columns));
  for (let i = 0; i < rows.length; i += perInsert) {
    await trx.insertInto(table).values(rows.slice(i, i + perInsert)).execute();
  }
}
