import {
  activeGeneration,
  ActiveTables,
  customerListProjection,
  generateHistory,
  listGenerations,
  MemoryEventSource,
  migrateReadModels,
  ProjectionRunner,
  queryCustomerList,
  waitForPosition,
} from '@app/read-models';
import { rebuildProjection } from '../../apps/projector/src/rebuild';
import { createTestDatabase, describeDb } from '../support/postgres';
import { rowsOf } from './project';

const history = [
  ...generateHistory({ seed: 5, events: 3_000, customers: 500, directPartners: 6, providers: 3, resellers: 6, bigProviderCustomers: 200 }),
];
const lastPosition = (source: MemoryEventSource) => source.all()[source.all().length - 1].position.commit;

describeDb('rebuild and version switch-over', (database) => {
  test('rebuild builds a new generation beside the serving one, switches readers, and the live runner follows', async () => {
    const { db } = database();
    await migrateReadModels(db);
    const source = new MemoryEventSource();
    source.append(...history);
    const live = new ProjectionRunner(db, source, customerListProjection, { batchSize: 500, lingerMs: 2 }).start();
    try {
      expect(await waitForPosition(db, ['customer-list'], lastPosition(source), 30_000)).toBe(true);
      const before = await activeGeneration(db, 'customer-list');
      const readers = new ActiveTables(db, 0);
      const servedBefore = await queryCustomerList(db, readers, 'provider-big', { limit: 200 });
      expect(servedBefore.items.length).toBeGreaterThan(0);

      const lines: string[] = [];
      const result = await rebuildProjection(db, source, customerListProjection, { report: (line) => lines.push(line), batchSize: 300 });
      expect(result.generation).toBe(before!.generation + 1);
      expect(result.events).toBe(history.length);
      expect(lines[lines.length - 1]).toMatch(/100%\s+3,\d{3} events\s+[\d,]+ ev\/s\s+ETA 0 s/);
      const states = (await listGenerations(db, 'customer-list')).map((g) => [g.generation, g.state]);
      expect(states).toEqual([
        [before!.generation, 'retired'],
        [result.generation, 'active'],
      ]);
      expect(await queryCustomerList(db, readers, 'provider-big', { limit: 200 })).toEqual(servedBefore);
      expect(await rowsOf(db, customerListProjection, result.generation)).toEqual(
        await rowsOf(db, customerListProjection, before!.generation),
      );

      // New events after the switch reach the new generation through the live runner.
      source.append({
        type: 'CustomerAdded',
        streamId: 'customer-late',
        data: {
          customerId: 'late',
          partnerId: 'provider-big',
          companyName: 'AAA Late',
          primaryDomain: 'late.example',
          addedAt: '2026-01-01T00:00:00.000Z',
        },
      });
      expect(await waitForPosition(db, ['customer-list'], lastPosition(source), 10_000)).toBe(true);
      const first = await queryCustomerList(db, readers, 'provider-big', { limit: 1 });
      expect(first.items[0].customerId).toBe('late');
      expect(live.status()).toMatchObject({ generation: result.generation });
    } finally {
      await live.stop();
    }
  });

  test('a new projection version is built in the background while the old version serves, then takes over', async () => {
    const fresh = await createTestDatabase(database().dialect);
    const { db } = fresh;
    await migrateReadModels(db);
    const source = new MemoryEventSource();
    source.append(...history);
    const v1 = new ProjectionRunner(db, source, customerListProjection, { batchSize: 500, lingerMs: 2 }).start();
    expect(await waitForPosition(db, ['customer-list'], lastPosition(source), 30_000)).toBe(true);
    await v1.stop();
    const old = await activeGeneration(db, 'customer-list');

    const v2 = { ...customerListProjection, version: customerListProjection.version + 1 };
    const runner = new ProjectionRunner(db, source, v2, { batchSize: 500, lingerMs: 2 }).start();
    try {
      for (let i = 0; i < 500 && (await activeGeneration(db, 'customer-list'))?.version !== v2.version; i++)
        await new Promise((r) => setTimeout(r, 20));
      const current = await activeGeneration(db, 'customer-list');
      expect(current).toMatchObject({ version: v2.version, generation: old!.generation + 1, checkpoint: { commit: lastPosition(source) } });
      expect(await rowsOf(db, v2, current!.generation)).toEqual(await rowsOf(db, customerListProjection, old!.generation));
    } finally {
      await runner.stop();
      await fresh.drop();
    }
  });
});
