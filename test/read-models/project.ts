import { Kysely } from 'kysely';
import { applyBatch, createGeneration, migrateReadModels, Projection, ProjectionEvent, tableName } from '@app/read-models';

let commit = 0;
const revisions = new Map<string, number>();

/** Events with increasing positions, as a subscription would deliver them. */
export function recorded(...events: { type: string; data: any; streamId?: string }[]): ProjectionEvent[] {
  return events.map((event) => {
    commit += 10;
    const streamId = event.streamId ?? 'spec-1';
    const revision = (revisions.get(streamId) ?? -1) + 1;
    revisions.set(streamId, revision);
    return {
      id: `00000000-0000-4000-8000-${commit.toString(16).padStart(12, '0')}`,
      type: event.type,
      data: event.data,
      streamId,
      revision,
      position: { commit, prepare: commit },
      createdAt: new Date(Date.UTC(2026, 0, 1) + commit * 1000).toISOString(),
    };
  });
}

/** A fresh generation of the projection with `events` applied in one batch; returns the generation. */
export async function project(db: Kysely<any>, projection: Projection, events: readonly ProjectionEvent[]): Promise<number> {
  await migrateReadModels(db);
  const { generation } = await createGeneration(db, projection);
  await applyBatch(db, projection, generation, events);
  return generation;
}

/** Every table of a generation, rows sorted by primary key, without the runtime's bookkeeping column. */
export async function rowsOf(
  db: Kysely<any>,
  projection: Projection,
  generation: number,
): Promise<Record<string, Record<string, unknown>[]>> {
  const result: Record<string, Record<string, unknown>[]> = {};
  for (const table of projection.tables) {
    let query = db.selectFrom(tableName(table.name, generation)).selectAll();
    for (const column of table.primaryKey) query = query.orderBy(column);
    result[table.name] = (await query.execute()).map(({ doc_id: _doc, ...row }) => row);
  }
  return result;
}

/**
 * Rows after applying `events` once, after replaying them into the same generation, and in a fresh
 * generation that receives every event twice in a row: all three must agree.
 */
export async function projectWithReplays(db: Kysely<any>, projection: Projection, events: readonly ProjectionEvent[]) {
  const once = await project(db, projection, events);
  const rows = await rowsOf(db, projection, once);
  await applyBatch(db, projection, once, events);
  const replayed = await rowsOf(db, projection, once);
  const doubled = await project(
    db,
    projection,
    events.flatMap((e) => [e, e]),
  );
  return { rows, replayed, doubled: await rowsOf(db, projection, doubled) };
}
