import { sql, type Kysely } from 'kysely';
import { customerConcernedBy, partnersConcernedBy } from '@app/domain';
import { comparePositions, eventBatches, jitteredPause, type EventSource, type LogPosition, type ProjectionEvent } from '@app/read-models';
import { acquireProjectionLock, type HeldLock } from '@app/read-models/runtime/advisory-lock';
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
 */
export class OutboxFiller {
  private stopped = false;
  private running?: Promise<void>;
  private closeCurrent?: () => Promise<void>;
  private wakeUp?: () => void;

  constructor(
    private readonly db: Kysely<any>,
    private readonly source: EventSource,
    private readonly options: FillerOptions,
  ) {}

  start(): this {
    this.running ??= this.loop();
    return this;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wakeUp?.();
    await this.closeCurrent?.();
    await this.running;
  }

  private async loop(): Promise<void> {
    const backoff = this.options.backoff ?? { initialMs: 100, maxMs: 5000 };
    let wait = backoff.initialMs;
    while (!this.stopped) {
      let lock: HeldLock | undefined;
      try {
        lock = await acquireProjectionLock(this.db, CHECKPOINT_NAME, { isStopped: () => this.stopped });
        if (!lock) break;
        await this.follow(() => (wait = backoff.initialMs));
      } catch (error) {
        if (this.stopped) break;
        this.options.onError?.(error as Error);
        await jitteredPause(wait, (wake) => (this.wakeUp = wake));
        wait = Math.min(wait * 2, backoff.maxMs);
      } finally {
        await lock?.release();
      }
    }
  }

  /** Where to resume: the stored checkpoint, else the log's head now (webhooks deliver what happens after they exist). */
  private async startingPoint(): Promise<LogPosition | undefined> {
    const stored = await this.db
      .selectFrom(checkpoint)
      .select(['commit_pos', 'prepare_pos'])
      .where('name', '=', CHECKPOINT_NAME)
      .executeTakeFirst();
    if (stored)
      return Number(stored.commit_pos) < 0 ? undefined : { commit: Number(stored.commit_pos), prepare: Number(stored.prepare_pos) };
    const head = (await this.source.head())?.position;
    await this.db
      .insertInto(checkpoint)
      .values({ name: CHECKPOINT_NAME, commit_pos: head?.commit ?? -1, prepare_pos: head?.prepare ?? -1 })
      .onConflict((oc) => oc.column('name').doNothing())
      .execute();
    return this.startingPoint();
  }

  private async follow(onSuccess: () => void): Promise<void> {
    const subscription = this.source.subscribe(await this.startingPoint());
    this.closeCurrent = () => subscription.close();
    try {
      for await (const batch of eventBatches(subscription, {
        batchSize: this.options.batchSize ?? 500,
        lingerMs: this.options.lingerMs ?? 5,
      })) {
        if (this.stopped) return;
        if (batch.events.length === 0) continue;
        const added = await inBatchSpan('webhook outbox', batch.events, () => this.apply(batch.events));
        onSuccess();
        if (added > 0) this.options.onFilled?.();
      }
      if (!this.stopped) throw new Error('the event source ended the subscription');
    } finally {
      this.closeCurrent = undefined;
      await subscription.close();
    }
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
