import { Kysely } from 'kysely';
import { GENERATIONS } from './generations';

/** The lowest commit position every named projection's active generation has reached (-1 when none applied). */
export async function reachedPosition(db: Kysely<any>, names: readonly string[]): Promise<number> {
  const rows = await db
    .selectFrom(GENERATIONS)
    .select(['name', 'commit_pos'])
    .where('state', '=', 'active')
    .where('name', 'in', names)
    .execute();
  if (rows.length < names.length) return -1;
  return Math.min(...rows.map((r) => (r.commit_pos === null ? -1 : Number(r.commit_pos))));
}

/**
 * Read-your-writes: resolves true once the named projections have applied the event at commit position
 * `position`, false after `timeoutMs`. Polls the checkpoints (cheap, and it works whether the projector
 * runs in this process or another one).
 */
export async function waitForPosition(
  db: Kysely<any>,
  names: readonly string[],
  position: number,
  timeoutMs: number,
  pollMs = 10,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if ((await reachedPosition(db, names)) >= position) return true;
    const left = deadline - Date.now();
    if (left <= 0) return false;
    await new Promise((resolve) => setTimeout(resolve, Math.min(pollMs, left)));
  }
}
