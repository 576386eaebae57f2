import { Kysely } from 'kysely';
import { sqlDialect, sqlRunner, SqlRunner } from '@app/sql';
import { comparePositions, LogPosition, Projection, ProjectionEvent } from '../projection';
import { RowStatements, statementsFor } from './row-statements';

/** Thrown when the generation being written was retired by a rebuild's switch-over: restart on the new one. */
export class GenerationRetiredError extends Error {
  constructor(
    readonly projection: string,
    readonly generation: number,
  ) {
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

/** One generation of one projection that a batch is applied to. */
export interface BatchTarget {
  readonly projection: Projection;
  readonly generation: number;
}

interface LoadedDoc {
  /** The document as stored before this batch (undefined: none), whose rows are in the tables now. */
  original?: unknown;
  doc: unknown;
  position?: LogPosition;
  dirty: boolean;
}

type Value = string | number | null;
type Row = Value[];

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
  const [result] = await applyBatchToAll(db, [{ projection, generation }], events, onStep);
  return result;
}

/**
 * Applies one batch of events to several projections in one transaction, each with its own checkpoint:
 * one commit per batch instead of one per projection, and either every projection has the batch or none.
 */
export async function applyBatchToAll(
  db: Kysely<any>,
  targets: readonly BatchTarget[],
  events: readonly ProjectionEvent[],
  onStep: (step: BatchStep) => void = () => undefined,
): Promise<BatchResult[]> {
  if (events.length === 0) return targets.map(() => ({ applied: 0, skipped: 0 }));
  const dialect = sqlDialect(db);
  return db.transaction().execute(async (trx) => {
    const run = sqlRunner(db, trx);
    const results: BatchResult[] = [];
    for (const target of targets) results.push(await applyToOne(run, dialect === 'postgres', target, events, onStep));
    return results;
  });
}

async function applyToOne(
  run: SqlRunner,
  postgres: boolean,
  { projection, generation }: BatchTarget,
  events: readonly ProjectionEvent[],
  onStep: (step: BatchStep) => void,
): Promise<BatchResult> {
  const statements = statementsFor(projection, generation, postgres ? 'postgres' : 'sqlite');
  const current = await statements.generation(run);
  if (!current || current.state === 'retired') throw new GenerationRetiredError(projection.name, generation);
  const checkpoint: LogPosition | undefined =
    current.commit_pos === null ? undefined : { commit: Number(current.commit_pos), prepare: Number(current.prepare_pos) };
  const fresh = checkpoint ? events.filter((e) => comparePositions(e.position, checkpoint) > 0) : events;
  if (fresh.length === 0) return { applied: 0, skipped: events.length, checkpoint };

  const handles = new Set(projection.handles);
  const handled = fresh.filter((e) => handles.has(e.type));
  const docs = await loadDocs(run, statements, projection, handled);
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

  await writeDocs(run, statements, projection, docs, onStep);

  const last = fresh[fresh.length - 1];
  await statements.checkpoint(run, last.position, fresh.length, last.createdAt);
  onStep('checkpointed');
  return { applied: fresh.length, skipped: events.length - fresh.length, checkpoint: last.position };
}

async function loadDocs(
  run: SqlRunner,
  statements: RowStatements,
  projection: Projection,
  events: readonly ProjectionEvent[],
): Promise<Map<string, LoadedDoc>> {
  const docs = new Map<string, LoadedDoc>();
  for (const event of events)
    for (const id of projection.identity(event)) if (!docs.has(id)) docs.set(id, { doc: undefined, dirty: false });
  // A document per event is never stored: there is none to read back.
  if (projection.documentPerEvent) return docs;
  for (const row of await statements.selectDocs(run, [...docs.keys()])) {
    const doc = JSON.parse(row.doc);
    docs.set(row.id, { original: doc, doc, position: { commit: Number(row.commit_pos), prepare: Number(row.prepare_pos) }, dirty: false });
  }
  return docs;
}

/**
 * Writes what changed: the rows each dirty document derives now are compared with the rows it derived
 * before (by primary key), so only vanished rows are deleted and only new or changed rows are upserted.
 */
async function writeDocs(
  run: SqlRunner,
  statements: RowStatements,
  projection: Projection,
  docs: Map<string, LoadedDoc>,
  onStep: (step: BatchStep) => void,
): Promise<void> {
  const dirty = [...docs.entries()].filter(([, entry]) => entry.dirty);
  if (dirty.length === 0) return;
  const deletes = new Map<string, Row[]>(projection.tables.map((t) => [t.name, []]));
  const upserts = new Map<string, Row[]>(projection.tables.map((t) => [t.name, []]));

  for (const [id, entry] of dirty) {
    const before = entry.original === undefined ? undefined : projection.rows(entry.original, id);
    const after = entry.doc === undefined ? undefined : projection.rows(entry.doc, id);
    for (const table of statements.tables) {
      const old = table.keyed(before?.[table.name]);
      const now = table.keyed(after?.[table.name]);
      if (old) for (const [key, row] of old) if (!now?.has(key)) deletes.get(table.name)!.push(table.key(row));
      if (now) {
        for (const [key, row] of now) {
          const previous = old?.get(key);
          if (!previous || !sameRow(previous, row)) upserts.get(table.name)!.push(row);
        }
      }
    }
    for (const rows of [before, after]) {
      for (const table in rows)
        if (!deletes.has(table)) throw new Error(`projection ${projection.name} produced rows for unknown table ${table}`);
    }
  }

  for (const table of statements.tables) await table.delete(run, deletes.get(table.name)!);
  onStep('rows-deleted');
  for (const table of statements.tables) await table.upsert(run, upserts.get(table.name)!);
  onStep('rows-inserted');
  if (projection.documentPerEvent) return onStep('docs-written');

  await statements.deleteDocs(
    run,
    dirty.filter(([, entry]) => entry.doc === undefined).map(([id]) => id),
  );
  const kept: Row[] = [];
  for (const [id, entry] of dirty) {
    if (entry.doc !== undefined) kept.push([id, JSON.stringify(entry.doc), entry.position!.commit, entry.position!.prepare]);
  }
  await statements.upsertDocs(run, kept);
  onStep('docs-written');
}

function sameRow(a: Row, b: Row): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
