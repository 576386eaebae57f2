import { Kysely, sql } from 'kysely';
import { sqlDialect } from '@app/sql';

export interface HeldLock {
  release(): Promise<void>;
}

/**
 * On PostgreSQL, holds a session advisory lock for a set of projection generations (named by `key`) on a dedicated pooled
 * connection; if the holding process dies its session ends and the lock with it, so a waiting instance
 * (polling every `pollMs`) takes over. SQLite is one file on one machine: writers are serialised by the
 * file lock and the checkpoint check inside each batch, so no lock is needed there.
 */
export async function acquireProjectionLock(
  db: Kysely<any>,
  key: string,
  options: { pollMs?: number; isStopped: () => boolean },
): Promise<HeldLock | undefined> {
  if (sqlDialect(db) !== 'postgres') return { release: async () => undefined };
  const pollMs = options.pollMs ?? 1000;
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let acquired!: (held: boolean) => void;
  const outcome = new Promise<boolean>((resolve) => (acquired = resolve));
  const session = db
    .connection()
    .execute(async (connection) => {
      for (;;) {
        if (options.isStopped()) return acquired(false);
        const result = await sql<{
          locked: boolean;
        }>`select pg_try_advisory_lock(hashtextextended(${`projection:${key}`}, 0)) as locked`.execute(connection);
        if (result.rows[0].locked) break;
        await new Promise((resolve) => setTimeout(resolve, pollMs));
      }
      acquired(true);
      await released;
      await sql`select pg_advisory_unlock(hashtextextended(${`projection:${key}`}, 0))`.execute(connection);
    })
    .catch((error) => {
      acquired(false);
      throw error;
    });
  // A lost session after the lock was held surfaces nowhere else: the checkpoint check inside every batch
  // (under FOR UPDATE) keeps a second holder from applying anything twice.
  session.catch(() => undefined);
  if (!(await outcome)) {
    await session;
    return undefined;
  }
  return {
    release: async () => {
      release();
      await session.catch(() => undefined);
    },
  };
}
