import { migrate, type Migration } from '@app/sql';
import type { Kysely } from 'kysely';

/**
 * The webhooks' tables live in the read-model database (SQLite file or PostgreSQL), not in the event log:
 * registrations are a partner's delivery configuration, not facts of the business (no auditor needs to replay who
 * pointed which URL where), their secrets must be deletable and rotatable, and the outbox must be written in the same
 * transaction as the checkpoint of the subscription that fills it, which is a transaction of this database.
 */
export const WEBHOOK_TABLES = {
  registrations: 'webhook_registrations',
  outbox: 'webhook_outbox',
  attempts: 'webhook_attempts',
  checkpoint: 'webhook_checkpoint',
} as const;

const { registrations, outbox, attempts, checkpoint } = WEBHOOK_TABLES;

/** In order; exported so a spec can build the tables as an older version left them. */
export const WEBHOOK_MIGRATIONS: readonly Migration[] = [
  {
    name: '001-create-webhook-tables',
    async up(trx) {
      await trx.schema
        .createTable(registrations)
        .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('partner_id', 'varchar(64)', (c) => c.notNull())
        .addColumn('url', 'text', (c) => c.notNull())
        // JSON array of event type names.
        .addColumn('event_types', 'text', (c) => c.notNull())
        .addColumn('secret_sealed', 'text', (c) => c.notNull())
        // The secret a rotation replaced, still signing until previous_expires_at (epoch ms).
        .addColumn('previous_secret_sealed', 'text')
        .addColumn('previous_expires_at', 'bigint')
        // Only events after this log position are delivered: the log's head when the registration was made.
        .addColumn('after_commit', 'bigint', (c) => c.notNull())
        .addColumn('after_prepare', 'bigint', (c) => c.notNull())
        .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
        .addColumn('updated_at', 'varchar(40)', (c) => c.notNull())
        .execute();
      await trx.schema.createIndex(`${registrations}_partner`).on(registrations).columns(['partner_id', 'created_at']).execute();

      await trx.schema
        .createTable(outbox)
        .addColumn('delivery_id', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('webhook_id', 'varchar(64)', (c) => c.notNull())
        .addColumn('partner_id', 'varchar(64)', (c) => c.notNull())
        .addColumn('event_id', 'varchar(64)', (c) => c.notNull())
        .addColumn('event_type', 'varchar(100)', (c) => c.notNull())
        // Deliveries with the same key (the customer, else the resource) go out one at a time in log order.
        .addColumn('order_key', 'varchar(200)', (c) => c.notNull())
        .addColumn('commit_pos', 'bigint', (c) => c.notNull())
        .addColumn('prepare_pos', 'bigint', (c) => c.notNull())
        // The CloudEvent, exactly the body every attempt sends.
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('status', 'varchar(16)', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull())
        .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
        .addColumn('lease_owner', 'varchar(64)')
        .addColumn('lease_until', 'bigint', (c) => c.notNull())
        .addColumn('last_error', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('finished_at', 'bigint')
        .execute();
      // A replayed event never makes a second delivery for the same registration.
      await trx.schema.createIndex(`${outbox}_event`).on(outbox).columns(['webhook_id', 'event_id']).unique().execute();
      await trx.schema.createIndex(`${outbox}_due`).on(outbox).columns(['status', 'next_attempt_at']).execute();
      await trx.schema
        .createIndex(`${outbox}_queue`)
        .on(outbox)
        .columns(['webhook_id', 'order_key', 'status', 'commit_pos', 'prepare_pos'])
        .execute();

      await trx.schema
        .createTable(attempts)
        .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('webhook_id', 'varchar(64)', (c) => c.notNull())
        .addColumn('delivery_id', 'varchar(64)', (c) => c.notNull())
        .addColumn('event_id', 'varchar(64)', (c) => c.notNull())
        .addColumn('event_type', 'varchar(100)', (c) => c.notNull())
        .addColumn('attempt', 'integer', (c) => c.notNull())
        .addColumn('attempted_at', 'bigint', (c) => c.notNull())
        .addColumn('status_code', 'integer')
        .addColumn('latency_ms', 'integer', (c) => c.notNull())
        .addColumn('error', 'text')
        .execute();
      await trx.schema.createIndex(`${attempts}_webhook`).on(attempts).columns(['webhook_id', 'attempted_at']).execute();

      await trx.schema
        .createTable(checkpoint)
        .addColumn('name', 'varchar(100)', (c) => c.primaryKey())
        .addColumn('commit_pos', 'bigint', (c) => c.notNull())
        .addColumn('prepare_pos', 'bigint', (c) => c.notNull())
        .execute();
    },
  },
  {
    // The append's W3C traceparent (from the event's metadata, when traces were on): each delivery attempt's span links
    // to it. Rows written before this column have none, and their attempts' spans have no link.
    name: '002-outbox-traceparent',
    async up(trx) {
      await trx.schema.alterTable(outbox).addColumn('traceparent', 'varchar(64)').execute();
    },
  },
];

export async function migrateWebhookTables(db: Kysely<any>): Promise<void> {
  await migrate(db, 'webhooks', WEBHOOK_MIGRATIONS);
}
