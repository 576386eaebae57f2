import { Kysely } from 'kysely';
import { activeGeneration, allProjections, docsTableName } from '@app/read-models';
import { rowsOf } from './project';

/** Checkpoint, rows and documents of every projection's active generation: what "equal" means after a crash. */
export async function snapshot(db: Kysely<any>) {
  const result: Record<string, unknown> = {};
  for (const projection of allProjections) {
    const active = await activeGeneration(db, projection.name);
    const docs = await db.selectFrom(docsTableName(projection, active!.generation)).selectAll().orderBy('id').execute();
    result[projection.name] = { checkpoint: active!.checkpoint, rows: await rowsOf(db, projection, active!.generation), docs };
  }
  return result;
}
