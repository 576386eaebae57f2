import { Kysely, sql } from 'kysely';
import {
  applyBatchToAll,
  createGeneration,
  customerListProjection,
  generateHistory,
  MemoryEventSource,
  migrateReadModels,
  partnersProjection,
  ProjectionRunner,
  readGeneration,
  tableName,
} from '@app/read-models';
import { sqlDialect } from '@app/sql';
import { createTestDatabase, describeDb } from '../support/postgres';
import { recorded, rowsOf } from './project';

/** Secondary indexes of a table (primary keys left out). */
async function indexesOf(db: Kysely<any>, table: string): Promise<string[]> {
  const rows =
    sqlDialect(db) === 'postgres'
      ? await sql<{
          name: string;
        }>`select indexname as name from pg_indexes where schemaname = current_schema() and tablename = ${table} and indexname not like '%_pkey'`.execute(
          db,
        )
      : await sql<{
          name: string;
        }>`select name from sqlite_master where type = 'index' and tbl_name = ${table} and name not like 'sqlite_autoindex_%'`.execute(db);
  return rows.rows.map((r) => r.name).sort();
}

describeDb('batch transaction and deferred indexes', (database) => {
  test('one transaction for all projections: a failure in the last one leaves every projection as it was', async () => {
    const { db } = database();
    await migrateReadModels(db);
    const partners = await createGeneration(db, partnersProjection);
    const list = await createGeneration(db, customerListProjection);
    const targets = [
      { projection: partnersProjection, generation: partners.generation },
      { projection: customerListProjection, generation: list.generation },
    ];
    const events = recorded(
      {
        type: 'PartnerEnrolled',
        data: { partnerId: 'p1', kind: 'direct', name: 'P1', mpnId: '1', country: 'NL', enrolledAt: '2026-01-01T00:00:00.000Z' },
      },
      {
        type: 'CustomerAdded',
        data: { customerId: 'c1', partnerId: 'p1', companyName: 'C1', primaryDomain: 'c1.example', addedAt: '2026-01-01T00:00:00.000Z' },
      },
    );
    let checkpointed = 0;
    const failInLast = (step: string) => {
      if (step === 'checkpointed' && ++checkpointed === 2) throw new Error('injected failure in the second projection');
    };
    await expect(applyBatchToAll(db, targets, events, failInLast)).rejects.toThrow('injected failure');
    expect((await readGeneration(db, 'partners', partners.generation))?.checkpoint).toBeUndefined();
    expect((await rowsOf(db, partnersProjection, partners.generation)).partners).toEqual([]);

    const results = await applyBatchToAll(db, targets, events);
    expect(results.map((r) => r.applied)).toEqual([2, 2]);
    expect((await readGeneration(db, 'partners', partners.generation))?.checkpoint).toEqual(events[1].position);
    expect((await readGeneration(db, 'customer-list', list.generation))?.checkpoint).toEqual(events[1].position);
    expect((await rowsOf(db, customerListProjection, list.generation)).customer_list).toHaveLength(1);
  });

  test('a generation is loaded without its secondary indexes; the runner builds them once caught up', async () => {
    const fresh = await createTestDatabase(database().dialect);
    const { db } = fresh;
    await migrateReadModels(db);
    const source = new MemoryEventSource();
    source.append(
      ...generateHistory({ seed: 9, events: 600, customers: 100, directPartners: 3, providers: 2, resellers: 3, bigProviderCustomers: 40 }),
    );
    const { generation } = await createGeneration(db, customerListProjection);
    const tables = customerListProjection.tables.map((t) => tableName(t.name, generation));
    for (const table of tables) expect(await indexesOf(db, table)).toEqual([]);

    const runner = new ProjectionRunner(db, source, customerListProjection, { batchSize: 100, lingerMs: 2 }).start();
    try {
      for (let i = 0; i < 500 && runner.status().state !== 'live'; i++) await new Promise((r) => setTimeout(r, 20));
      expect(runner.status().state).toBe('live');
      for (const [t, table] of tables.entries()) {
        expect(await indexesOf(db, table)).toEqual(customerListProjection.tables[t].indexes!.map((_, i) => `${table}_i${i}`).sort());
      }
    } finally {
      await runner.stop();
      await fresh.drop();
    }
  });
});
