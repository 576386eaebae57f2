import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { RegistrationRow } from '../registrations/registration-store';
import { WEBHOOK_TABLES } from '../webhook-tables';

const { registrations, outbox, attempts } = WEBHOOK_TABLES;

export type DeliveryStatus = 'pending' | 'delivered' | 'dead';

/** One row to add to the outbox: a registration and the CloudEvent it is to receive. */
export interface NewDelivery {
  readonly webhookId: string;
  readonly partnerId: string;
  readonly eventId: string;
  readonly eventType: string;
  readonly orderKey: string;
  readonly commit: number;
  readonly prepare: number;
  readonly payload: string;
  /** The append's W3C traceparent, when traces were on: the delivery attempts' spans link to it. */
  readonly traceparent?: string;
}

/** A delivery leased to this instance, with what it takes to send it. */
export interface ClaimedDelivery extends Pick<RegistrationRow, 'secret_sealed' | 'previous_secret_sealed' | 'previous_expires_at' | 'url'> {
  readonly delivery_id: string;
  readonly webhook_id: string;
  readonly event_id: string;
  readonly event_type: string;
  readonly order_key: string;
  readonly payload: string;
  readonly attempts: number;
  readonly traceparent: string | null;
}

export interface AttemptOutcome {
  readonly statusCode?: number;
  readonly latencyMs: number;
  readonly error?: string;
  readonly ok: boolean;
}

export interface DeliveryAttempt {
  readonly deliveryId: string;
  readonly eventId: string;
  readonly eventType: string;
  readonly attempt: number;
  readonly attemptedAt: string;
  readonly statusCode: number | null;
  readonly latencyMs: number;
  readonly error: string | null;
}

export interface DeadLetter {
  readonly deliveryId: string;
  readonly eventId: string;
  readonly eventType: string;
  readonly attempts: number;
  readonly lastError: string | null;
  readonly deadSince: string;
}

const INSERT_CHUNK = 200;

export class OutboxStore {
  constructor(private readonly db: Kysely<any>) {}

  /** Adds deliveries inside the filler's transaction; a delivery already there (a replay) is left as it is. */
  static async insert(trx: Kysely<any>, deliveries: readonly NewDelivery[], now: number): Promise<void> {
    for (let i = 0; i < deliveries.length; i += INSERT_CHUNK) {
      const values = deliveries.slice(i, i + INSERT_CHUNK).map((d) => ({
        delivery_id: randomUUID(),
        webhook_id: d.webhookId,
        partner_id: d.partnerId,
        event_id: d.eventId,
        event_type: d.eventType,
        order_key: d.orderKey,
        commit_pos: d.commit,
        prepare_pos: d.prepare,
        payload: d.payload,
        traceparent: d.traceparent ?? null,
        status: 'pending',
        attempts: 0,
        next_attempt_at: now,
        lease_owner: null,
        lease_until: 0,
        last_error: null,
        created_at: now,
        finished_at: null,
      }));
      await trx
        .insertInto(outbox)
        .values(values)
        .onConflict((oc) => oc.columns(['webhook_id', 'event_id']).doNothing())
        .execute();
    }
  }

  /** A delivery outside the log (the test event), in an order of its own so it never waits behind real events. */
  async enqueue(delivery: Omit<NewDelivery, 'orderKey' | 'commit' | 'prepare'>, now: number): Promise<string> {
    await OutboxStore.insert(this.db, [{ ...delivery, orderKey: `test:${delivery.eventId}`, commit: -1, prepare: -1 }], now);
    const row = await this.db
      .selectFrom(outbox)
      .select('delivery_id')
      .where('webhook_id', '=', delivery.webhookId)
      .where('event_id', '=', delivery.eventId)
      .executeTakeFirstOrThrow();
    return row.delivery_id;
  }

  /**
   * Leases up to `limit` due deliveries to `owner` until `now + leaseMs`. Only the first pending delivery of each
   * (registration, order key) is due, so one customer's deliveries go out one at a time in log order and a failing
   * one holds back the rest. The lease is taken by a conditional UPDATE (a compare-and-set on `lease_until`), so with
   * several instances on one PostgreSQL database each delivery is attempted by one instance at a time; a lease that
   * outlives its holder (a crash between send and record) expires and the delivery is sent again: at least once.
   */
  async claimDue(owner: string, now: number, limit: number, leaseMs: number): Promise<ClaimedDelivery[]> {
    const candidates = await sql<{ delivery_id: string }>`
      select o.delivery_id from ${sql.table(outbox)} o
      where o.status = 'pending' and o.next_attempt_at <= ${now} and o.lease_until <= ${now}
        and not exists (
          select 1 from ${sql.table(outbox)} p
          where p.webhook_id = o.webhook_id and p.order_key = o.order_key and p.status = 'pending'
            and (p.commit_pos < o.commit_pos or (p.commit_pos = o.commit_pos and p.prepare_pos < o.prepare_pos)))
      order by o.next_attempt_at, o.commit_pos, o.prepare_pos
      limit ${limit}`.execute(this.db);
    if (candidates.rows.length === 0) return [];
    const leased = await this.db
      .updateTable(outbox)
      .set({ lease_owner: owner, lease_until: now + leaseMs })
      .where(
        'delivery_id',
        'in',
        candidates.rows.map((r) => r.delivery_id),
      )
      .where('status', '=', 'pending')
      .where('lease_until', '<=', now)
      .returning('delivery_id')
      .execute();
    return loadClaimed(
      this.db,
      leased.map((r) => r.delivery_id),
    );
  }

  /**
   * Records one attempt in the delivery log and its consequence: delivered, due again at `retryAt`, or (after the
   * last attempt, `retryAt` undefined) dead. Only while `owner` still holds the lease: a holder that lost it records
   * the attempt in the log and leaves the delivery to the new holder.
   */
  async record(
    delivery: ClaimedDelivery,
    owner: string,
    outcome: AttemptOutcome,
    now: number,
    retryAt: number | undefined,
    followOn?: { leaseMs: number },
  ): Promise<ClaimedDelivery | undefined> {
    const attempt = delivery.attempts + 1;
    return this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto(attempts)
        .values({
          id: randomUUID(),
          webhook_id: delivery.webhook_id,
          delivery_id: delivery.delivery_id,
          event_id: delivery.event_id,
          event_type: delivery.event_type,
          attempt,
          attempted_at: now - outcome.latencyMs,
          status_code: outcome.statusCode ?? null,
          latency_ms: outcome.latencyMs,
          error: outcome.error ?? null,
        })
        .execute();
      const next = outcome.ok
        ? { status: 'delivered', finished_at: now, last_error: null }
        : retryAt === undefined
          ? { status: 'dead', finished_at: now, last_error: describeOutcome(outcome) }
          : { next_attempt_at: retryAt, last_error: describeOutcome(outcome) };
      const recorded = await trx
        .updateTable(outbox)
        .set({ ...next, attempts: attempt, lease_owner: null, lease_until: 0 })
        .where('delivery_id', '=', delivery.delivery_id)
        .where('lease_owner', '=', owner)
        .executeTakeFirst();
      if (!outcome.ok || !followOn || Number(recorded.numUpdatedRows) !== 1) return undefined;
      return leaseNextOfKey(trx, delivery, owner, now, followOn.leaseMs);
    });
  }

  async deliveries(webhookId: string, limit: number): Promise<DeliveryAttempt[]> {
    const rows = await this.db
      .selectFrom(attempts)
      .selectAll()
      .where('webhook_id', '=', webhookId)
      .orderBy('attempted_at', 'desc')
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      deliveryId: r.delivery_id,
      eventId: r.event_id,
      eventType: r.event_type,
      attempt: Number(r.attempt),
      attemptedAt: new Date(Number(r.attempted_at)).toISOString(),
      statusCode: r.status_code === null ? null : Number(r.status_code),
      latencyMs: Number(r.latency_ms),
      error: r.error,
    }));
  }

  async deadLetters(webhookId: string, limit: number): Promise<DeadLetter[]> {
    const rows = await this.db
      .selectFrom(outbox)
      .select(['delivery_id', 'event_id', 'event_type', 'attempts', 'last_error', 'finished_at'])
      .where('webhook_id', '=', webhookId)
      .where('status', '=', 'dead')
      .orderBy('finished_at', 'desc')
      .orderBy('delivery_id')
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      deliveryId: r.delivery_id,
      eventId: r.event_id,
      eventType: r.event_type,
      attempts: Number(r.attempts),
      lastError: r.last_error,
      deadSince: new Date(Number(r.finished_at)).toISOString(),
    }));
  }

  /** Puts a dead letter back in the outbox with a fresh set of attempts; false when there is no such dead letter. */
  async redeliver(webhookId: string, deliveryId: string, now: number): Promise<boolean> {
    const result = await this.db
      .updateTable(outbox)
      .set({ status: 'pending', attempts: 0, next_attempt_at: now, lease_owner: null, lease_until: 0, finished_at: null })
      .where('webhook_id', '=', webhookId)
      .where('delivery_id', '=', deliveryId)
      .where('status', '=', 'dead')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /**
   * Forgets delivered rows and log entries older than `before` (dead letters stay until redelivered or deleted), and
   * whatever belongs to no registration: the filler may insert a registration's deliveries in the moment another
   * instance deletes it, and those would otherwise be leased again and again, never sent.
   */
  async purge(before: number): Promise<void> {
    await this.db.deleteFrom(outbox).where('status', '=', 'delivered').where('finished_at', '<', before).execute();
    await this.db.deleteFrom(attempts).where('attempted_at', '<', before).execute();
    for (const table of [outbox, attempts])
      await this.db
        .deleteFrom(table)
        .where(({ not, exists, selectFrom }) =>
          not(exists(selectFrom(registrations).select('id').whereRef(`${registrations}.id`, '=', `${table}.webhook_id`))),
        )
        .execute();
  }
}

/** What a failed attempt's log entry and error status say: the sender's error, else the receiver's HTTP status. */
export function describeOutcome(outcome: AttemptOutcome): string {
  return outcome.error ?? `HTTP ${outcome.statusCode}`;
}

/**
 * After a success, the next delivery of the same registration and order key, leased in the same transaction: a
 * customer's events then follow each other without a round through the outbox's due query each.
 */
async function leaseNextOfKey(
  trx: Kysely<any>,
  after: ClaimedDelivery,
  owner: string,
  now: number,
  leaseMs: number,
): Promise<ClaimedDelivery | undefined> {
  const next = await trx
    .selectFrom(outbox)
    .select(['delivery_id', 'next_attempt_at', 'lease_until'])
    .where('webhook_id', '=', after.webhook_id)
    .where('order_key', '=', after.order_key)
    .where('status', '=', 'pending')
    .orderBy('commit_pos')
    .orderBy('prepare_pos')
    .limit(1)
    .executeTakeFirst();
  if (!next || Number(next.next_attempt_at) > now || Number(next.lease_until) > now) return undefined;
  const leased = await trx
    .updateTable(outbox)
    .set({ lease_owner: owner, lease_until: now + leaseMs })
    .where('delivery_id', '=', next.delivery_id)
    .where('lease_until', '<=', now)
    .executeTakeFirst();
  if (Number(leased.numUpdatedRows) !== 1) return undefined;
  return (await loadClaimed(trx, [next.delivery_id]))[0];
}

async function loadClaimed(db: Kysely<any>, deliveryIds: readonly string[]): Promise<ClaimedDelivery[]> {
  if (deliveryIds.length === 0) return [];
  const rows = await db
    .selectFrom(`${outbox} as o`)
    .innerJoin(`${registrations} as r`, 'r.id', 'o.webhook_id')
    .select([
      'o.delivery_id',
      'o.webhook_id',
      'o.event_id',
      'o.event_type',
      'o.order_key',
      'o.payload',
      'o.attempts',
      'o.traceparent',
      'r.url',
      'r.secret_sealed',
      'r.previous_secret_sealed',
      'r.previous_expires_at',
    ])
    .where('o.delivery_id', 'in', deliveryIds)
    .orderBy('o.commit_pos')
    .orderBy('o.prepare_pos')
    .execute();
  return rows.map((row) => ({ ...row, attempts: Number(row.attempts) }) as ClaimedDelivery);
}
