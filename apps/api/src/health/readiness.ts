import { BACKWARDS, END, type EventStoreDBClient } from '@eventstore/db-client';
import { sql, type Kysely } from 'kysely';
import { describeProjections, type ProjectorHealth } from '@app/read-models';

export interface CheckResult {
  readonly status: 'up' | 'down';
  readonly detail?: string;
}

export interface Readiness {
  readonly status: 'ready' | 'not-ready';
  readonly checks: { readonly eventStore: CheckResult; readonly database: CheckResult; readonly projections: CheckResult };
}

/** How long one check may take before it counts as down: a load balancer's probe must not hang. */
const CHECK_TIMEOUT_MS = 2_000;

async function within(check: () => Promise<string | undefined>): Promise<CheckResult> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
    });
    const problem = await Promise.race([check(), timeout]);
    return problem === undefined ? { status: 'up' } : { status: 'down', detail: problem };
  } catch (error) {
    // The kind of failure, not its text: a driver's message may carry a connection string.
    return { status: 'down', detail: error instanceof Error && /no answer within/.test(error.message) ? error.message : 'unreachable' };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Ready to serve: the event store answers a read, the read-model database a query, and every projection is running
 * within its allowed lag (a view that is far behind would answer reads with old data or make them wait).
 */
export async function readiness(
  client: EventStoreDBClient,
  db: Kysely<any>,
  projections: () => Promise<ProjectorHealth>,
): Promise<Readiness> {
  const [eventStore, database, views] = await Promise.all([
    within(async () => {
      // One event read to its end: an abandoned read would keep the channel busy.
      for await (const _event of client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1 })) void _event;
      return undefined;
    }),
    within(async () => {
      await sql`select 1`.execute(db);
      return undefined;
    }),
    within(async () => {
      const health = await projections();
      return health.status === 'ok' ? undefined : describeProjections(health.projections);
    }),
  ]);
  const ready = eventStore.status === 'up' && database.status === 'up' && views.status === 'up';
  return { status: ready ? 'ready' : 'not-ready', checks: { eventStore, database, projections: views } };
}
