import { existsSync } from 'node:fs';
import { migrate, type Migration } from '@app/sql';
import { sql, type Kysely } from 'kysely';

/** A key is `pending` from the moment one API instance starts its command until the response is sealed. */
export type IdempotencyRecord =
  | { status: 'pending'; requestHash: string; owner: string; claimedAt: string; createdAt: string }
  | { status: 'done'; requestHash: string; sealedResponse: string; createdAt: string };

const TABLE = 'api_idempotency_records';

/** On SQLite, the records' file in DATA_DIR (`databaseOfItsOwn`). */
export const IDEMPOTENCY_SQLITE_FILE = 'idempotency.sqlite';
const COLUMNS = sql.raw('record_id, request_hash, sealed_response, created_at, status, owner, claimed_at');

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
  {
    name: '002-pending-idempotency-records',
    async up(trx) {
      // Rows of 001 are finished responses; a pending row has an empty sealed_response until it is done.
      await trx.schema
        .alterTable(TABLE)
        .addColumn('status', 'varchar(16)', (c) => c.notNull().defaultTo('done'))
        .execute();
      await trx.schema.alterTable(TABLE).addColumn('owner', 'varchar(64)').execute();
      await trx.schema.alterTable(TABLE).addColumn('claimed_at', 'varchar(40)').execute();
    },
  },
];

/**
 * Durable idempotency records in the SQL database (SQLite file or PostgreSQL), shared by every API instance:
 * the primary key makes exactly one instance the owner of a key, whatever instance a repeat reaches.
 */
export class IdempotencyStore {
  constructor(private readonly db: Kysely<any>) {}

  async migrate(): Promise<void> {
    await migrate(this.db, 'api', migrations);
  }

  /**
   * Moves in, once, the records an earlier version kept in the read models' SQLite file (`file`), so a key retried
   * across the upgrade is still answered from its record. The rows are deleted there, the table left for a rollback;
   * a crash between the two only means the next start moves them again (a record already here is kept).
   */
  async adoptSqliteRecords(file: string): Promise<number> {
    if (!existsSync(file)) return 0;
    await sql`attach database ${file} as earlier`.execute(this.db);
    try {
      // Nothing to move (the usual start after the first): no write lock is taken on either file.
      const table = await sql`select 1 from earlier.sqlite_master where type = 'table' and name = ${TABLE}`.execute(this.db);
      if (table.rows.length === 0) return 0;
      const rows = await sql`select 1 from earlier.${sql.raw(TABLE)} limit 1`.execute(this.db);
      if (rows.rows.length === 0) return 0;
      return await this.db.transaction().execute(async (trx) => {
        const moved =
          await sql`insert or ignore into main.${sql.raw(TABLE)} (${COLUMNS}) select ${COLUMNS} from earlier.${sql.raw(TABLE)}`.execute(
            trx,
          );
        await sql`delete from earlier.${sql.raw(TABLE)}`.execute(trx);
        return Number(moved.numAffectedRows ?? 0);
      });
    } finally {
      await sql`detach database earlier`.execute(this.db);
    }
  }

  async find(recordId: string): Promise<IdempotencyRecord | null> {
    const row = await this.db
      .selectFrom(TABLE)
      .select(['request_hash', 'sealed_response', 'status', 'owner', 'claimed_at', 'created_at'])
      .where('record_id', '=', recordId)
      .executeTakeFirst();
    if (!row) return null;
    return row.status === 'pending'
      ? { status: 'pending', requestHash: row.request_hash, owner: row.owner, claimedAt: row.claimed_at, createdAt: row.created_at }
      : { status: 'done', requestHash: row.request_hash, sealedResponse: row.sealed_response, createdAt: row.created_at };
  }

  /** Inserts a pending record; false when the key already has one (pending or done). */
  async claim(recordId: string, requestHash: string, owner: string, now: Date): Promise<boolean> {
    const result = await this.db
      .insertInto(TABLE)
      .values({
        record_id: recordId,
        request_hash: requestHash,
        sealed_response: '',
        created_at: now.toISOString(),
        status: 'pending',
        owner,
        claimed_at: now.toISOString(),
      })
      .onConflict((oc) => oc.column('record_id').doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
  }

  /** Takes over a pending record whose owner stopped answering; false when another instance was quicker. */
  async takeOver(recordId: string, previousOwner: string, owner: string, now: Date): Promise<boolean> {
    const result = await this.db
      .updateTable(TABLE)
      .set({ owner, claimed_at: now.toISOString() })
      .where('record_id', '=', recordId)
      .where('status', '=', 'pending')
      .where('owner', '=', previousOwner)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async complete(recordId: string, owner: string, sealedResponse: string): Promise<void> {
    await this.db
      .updateTable(TABLE)
      .set({ status: 'done', sealed_response: sealedResponse })
      .where('record_id', '=', recordId)
      .where('owner', '=', owner)
      .where('status', '=', 'pending')
      .execute();
  }

  /** Deletes one record past its retention (only that one: a newer record under the id stays). */
  async forget(recordId: string, createdAt: string): Promise<void> {
    await this.db.deleteFrom(TABLE).where('record_id', '=', recordId).where('created_at', '=', createdAt).execute();
  }

  /**
   * Deletes every record created before `before`; any instance may run it at any time (a plain DELETE). `created_at`
   * is an ISO-8601 UTC string, so its text order is its time order.
   */
  async purge(before: Date): Promise<number> {
    const result = await this.db.deleteFrom(TABLE).where('created_at', '<', before.toISOString()).executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  /** A refused or failed attempt changed nothing the key must remember: a repeat may run again. */
  async release(recordId: string, owner: string): Promise<void> {
    await this.db.deleteFrom(TABLE).where('record_id', '=', recordId).where('owner', '=', owner).where('status', '=', 'pending').execute();
  }
}
