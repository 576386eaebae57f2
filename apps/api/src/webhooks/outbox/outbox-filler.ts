import { sql, type CompiledQuery, type Kysely } from 'kysely';
import { customerConcernedBy, partnersConcernedBy } from '@app/domain';
import { comparePositions, type EventSource, type LogPosition, type ProjectionEvent } from '@app/read-models';
import { LockedFollower } from '@app/read-models/runtime/locked-follower';
import { sqlDialect } from '@app/sql';
import { inBatchSpan } from '@app/tracing';
import { toCloudEvent } from '../../feed/cloud-event';
import { WEBHOOK_TABLES } from '../webhook-tables';
import { OutboxStore, type NewDelivery } from './outbox-store';

const { registrations, checkpoint } = WEBHOOK_TABLES;
const CHECKPOINT_NAME = 'webhook-outbox';

export interface FillerOptions {
  /** The CloudEvents `source` of every payload. */
  readonly cloudEventSource: () => string;
  /** Called after a batch added deliveries (the worker in this process looks at once instead of at its next poll). */
  readonly onFilled?: () => void;
  readonly onError?: (error: Error) => void;
  readonly batchSize?: number;
  readonly lingerMs?: number;
  readonly backoff?: { readonly initialMs: number; readonly maxMs: number };
  /** While no webhook is registered, how often to look again (default 1 s). */
  readonly idlePollMs?: number;
}

interface RegistrationTarget {
  id: string;
  partnerId: string;
  eventTypes: ReadonlySet<string>;
  after: LogPosition;
}

/**
 * Fills the outbox from a checkpointed catch-up subscription to `$all`: for each batch of events, one row per
 * registration that may see the event (`partnersConcernedBy`, the one visibility rule) and asked for its type, written
 * in the same transaction as the checkpoint, so a crash either keeps both or neither and a replay adds nothing (the
 * batch re-checks the checkpoint under the transaction, and a delivery is unique per registration and event). On
 * PostgreSQL one instance at a time fills (an advisory lock); the others wait to take over.
 *
 * It follows the log only while some webhook is registered: a registration gets the events after the position it was
 * made at (`after`), so while there is none, nothing of the log can become a delivery, and the filler starts again from
 * the lowest `after` once one is made.
 */
export class OutboxFiller {
  private readonly follower: LockedFollower;
  private lowestQuery?: CompiledQuery<unknown>;

  constructor(
    private readonly db: Kysely<any>,
    private readonly source: EventSource,
    private readonly options: FillerOptions,
  ) {
    this.follower = new LockedFollower(
      db,
      {
        lockName: async () => CHECKPOINT_NAME,
        follow: (resetBackoff) => this.follow(resetBackoff),
        failed: (error) => {
          this.options.onError?.(error);
          return true;
        },
      },
      options,
    );
  }

  start(): this {
    void this.follower.start();
    return this;
  }

  stop(): Promise<void> {
    return this.follower.stop();
  }

  /** The stored checkpoint, if the outbox was ever filled. */
  private async checkpoint(): Promise<LogPosition | undefined> {
    const stored = await this.db
      .selectFrom(checkpoint)
      .select(['commit_pos', 'prepare_pos'])
      .where('name', '=', CHECKPOINT_NAME)
      .executeTakeFirst();
    return stored && Number(stored.commit_pos) >= 0
      ? { commit: Number(stored.commit_pos), prepare: Number(stored.prepare_pos) }
      : undefined;
  }

  /** One subscription while registrations exist; false (a new round) once none is left or when stopped. */
  private async follow(onSuccess: () => void): Promise<boolean> {
    const pollMs = this.options.idlePollMs ?? 1_000;
    let lowest = await this.lowestRegistration();
    while (!lowest) {
      await this.follower.idle(pollMs);
      if (this.follower.isStopped) return false;
      lowest = await this.lowestRegistration();
    }
    // From the checkpoint or the lowest registration's position, whichever is later: nothing before either can become a
    // delivery. A registration made on an empty log (after -1) wants everything from the checkpoint, or the start.
    const stored = await this.checkpoint();
    const from = lowest.commit < 0 || (stored && comparePositions(stored, lowest) > 0) ? stored : lowest;
    const batching = { batchSize: this.options.batchSize ?? 500, lingerMs: this.options.lingerMs ?? 5 };
    let nextLook = Date.now() + pollMs;
    await this.follower.batches(this.source, from, batching, async (batch) => {
      if (batch.events.length > 0) {
        const added = await inBatchSpan('webhook outbox', batch.events, () => this.apply(batch.events));
        onSuccess();
        if (added > 0) this.options.onFilled?.();
      }
      if (Date.now() < nextLook) return false;
      nextLook = Date.now() + pollMs;
      return (await this.lowestRegistration()) === undefined;
    });
    return false;
  }

  /** The lowest position a registration starts after, or undefined while none is registered. */
  private async lowestRegistration(): Promise<LogPosition | undefined> {
    // Built once: it runs every poll of an idle instance, and building it cost more than SQLite's answer.
    this.lowestQuery ??= this.db
      .selectFrom(registrations)
      .select(['after_commit', 'after_prepare'])
      .orderBy('after_commit')
      .orderBy('after_prepare')
      .limit(1)
      .compile();
    const [row] = (await this.db.executeQuery<{ after_commit: number | string; after_prepare: number | string }>(this.lowestQuery)).rows;
    return row && { commit: Number(row.after_commit), prepare: Number(row.after_prepare) };
  }

  /** One batch and the checkpoint in one transaction; returns the number of deliveries added. */
  async apply(events: readonly ProjectionEvent[]): Promise<number> {
    const postgres = sqlDialect(this.db) === 'postgres';
    return this.db.transaction().execute(async (trx) => {
      const stored = await sql<{ commit_pos: number | string; prepare_pos: number | string }>`
        select commit_pos, prepare_pos from ${sql.table(checkpoint)} where name = ${CHECKPOINT_NAME} ${postgres ? sql`for update` : sql``}`.execute(
        trx,
      );
      const at = stored.rows[0] && { commit: Number(stored.rows[0].commit_pos), prepare: Number(stored.rows[0].prepare_pos) };
      const fresh = at ? events.filter((e) => comparePositions(e.position, at) > 0) : events;
      if (fresh.length === 0) return 0;
      const concerned = fresh.map((event) => partnersConcernedBy(event.type, event.data));
      const targets = await this.targets(trx, [...new Set(concerned.flat())]);
      const deliveries: NewDelivery[] = [];
      fresh.forEach((event, i) => {
        let payload: string | undefined;
        for (const partnerId of concerned[i]) {
          for (const target of targets.get(partnerId) ?? []) {
            if (!target.eventTypes.has(event.type) || comparePositions(event.position, target.after) <= 0) continue;
            payload ??= this.payloadOf(event);
            deliveries.push({
              webhookId: target.id,
              partnerId,
              eventId: event.id,
              eventType: event.type,
              orderKey: orderKeyOf(event),
              commit: event.position.commit,
              prepare: event.position.prepare,
              payload,
              traceparent: event.traceparent,
            });
          }
        }
      });
      await OutboxStore.insert(trx, deliveries, Date.now());
      const last = fresh[fresh.length - 1].position;
      await trx
        .insertInto(checkpoint)
        .values({ name: CHECKPOINT_NAME, commit_pos: last.commit, prepare_pos: last.prepare })
        .onConflict((oc) => oc.column('name').doUpdateSet({ commit_pos: last.commit, prepare_pos: last.prepare }))
        .execute();
      return deliveries.length;
    });
  }

  private async targets(trx: Kysely<any>, partnerIds: readonly string[]): Promise<Map<string, RegistrationTarget[]>> {
    const byPartner = new Map<string, RegistrationTarget[]>();
    if (partnerIds.length === 0) return byPartner;
    const rows = await trx
      .selectFrom(registrations)
      .select(['id', 'partner_id', 'event_types', 'after_commit', 'after_prepare'])
      .where('partner_id', 'in', partnerIds)
      .execute();
    for (const row of rows) {
      const target: RegistrationTarget = {
        id: row.id,
        partnerId: row.partner_id,
        eventTypes: new Set(JSON.parse(row.event_types)),
        after: { commit: Number(row.after_commit), prepare: Number(row.after_prepare) },
      };
      byPartner.set(row.partner_id, [...(byPartner.get(row.partner_id) ?? []), target]);
    }
    return byPartner;
  }

  private payloadOf(event: ProjectionEvent): string {
    return JSON.stringify(
      toCloudEvent(
        {
          id: event.id,
          streamId: event.streamId,
          revision: BigInt(event.revision),
          position: BigInt(event.position.commit),
          type: event.type,
          created: new Date(event.createdAt),
          data: event.data,
        },
        this.options.cloudEventSource(),
      ),
    );
  }
}

/** Deliveries with the same key go out in log order: the customer an event is about, else the resource it names. */
export function orderKeyOf(event: Pick<ProjectionEvent, 'streamId' | 'data'>): string {
  const customerId = customerConcernedBy(event.streamId, event.data);
  return customerId === undefined ? `stream:${event.streamId}` : `customer:${customerId}`;
}
