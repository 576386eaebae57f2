import { migrate, type Migration } from '@app/sql';
import type { Kysely } from 'kysely';

export interface IdempotencyRecord {
  requestHash: string;
  sealedResponse: string;
}

const TABLE = 'api_idempotency_records';

const migrations: Migration[] = [
  {
    name: '001-create-idempotency-records',
    async up(trx) {
      await trx.schema
        .createTable(TABLE)
        .addColumn('record_id', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('request_hash', 'varchar(64)', (c) => c.notNull())
        .addColumn('sealed_response', 'text', (c) => c.notNull())
        .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
        .execute();
    },
  },
];

/** Durable idempotency records in the SQL database (SQLite file or PostgreSQL). */
export class IdempotencyStore {
  constructor(private readonly db: Kysely<any>) {}

  async migrate(): Promise<void> {
    await migrate(this.db, 'api', migrations);
  }

  async find(recordId: string): Promise<IdempotencyRecord | null> {
    const row = await this.db
      .selectFrom(TABLE)
      .select(['request_hash', 'sealed_response'])
      .where('record_id', '=', recordId)
      .executeTakeFirst();
    return row ? { requestHash: row.request_hash, sealedResponse: row.sealed_response } : null;
  }

  /** First writer wins; a concurrent second process keeps the first record. */
  async save(recordId: string, record: IdempotencyRecord): Promise<void> {
    await this.db
      .insertInto(TABLE)
      .values({
        record_id: recordId,
        request_hash: record.requestHash,
        sealed_response: record.sealedResponse,
        created_at: new Date().toISOString(),
      })
      .onConflict((oc) => oc.column('record_id').doNothing())
      .execute();
  }
}
