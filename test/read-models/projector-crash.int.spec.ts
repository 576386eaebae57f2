import { Kysely } from 'kysely';
import {
  allProjections,
  BatchStep,
  generateHistory,
  MemoryEventSource,
  migrateReadModels,
  ProjectionRunner,
  waitForPosition,
} from '@app/read-models';
import { createTestDatabase, describeDb } from '../support/postgres';
import { snapshot } from './snapshot';

const history = [
  ...generateHistory({
    seed: 42,
    events: 10_500,
    customers: 1_800,
    directPartners: 24,
    providers: 8,
    resellers: 30,
    bigProviderCustomers: 300,
  }),
];
const names = allProjections.map((p) => p.name);
const steps: BatchStep[] = ['loaded', 'evolved', 'rows-deleted', 'rows-inserted', 'docs-written', 'checkpointed'];

function seeded(seed: number) {
  let a = seed;
  return () => {
    a = (a * 1103515245 + 12345) % 2147483648;
    return a / 2147483648;
  };
}

function startAll(db: Kysely<any>, source: MemoryEventSource, onStep?: (step: BatchStep) => void, batchSize = 400) {
  // The clean reference runs each projection on its own subscription; the faulty run shares one, as the projector does.
  const options = { batchSize, lingerMs: 2, backoff: { initialMs: 1, maxMs: 20 }, onStep };
  return onStep
    ? [new ProjectionRunner(db, source, allProjections, options).start()]
    : allProjections.map((p) => new ProjectionRunner(db, source, p, options).start());
}

jest.setTimeout(120_000);

describeDb('projector crash safety', (database) => {
  test(`faults at 24 random points mid-batch over ${history.length} events, plus dropped connections and restarts, end equal to a clean rebuild`, async () => {
    const { db, dialect } = database();
    const source = new MemoryEventSource();
    source.append(...history);
    const last = source.all()[source.all().length - 1].position.commit;

    // The reference: one clean run into a separate database.
    const clean = await createTestDatabase(dialect);
    try {
      await migrateReadModels(clean.db);
      const cleanRunners = startAll(clean.db, source, undefined, 1000);
      expect(await waitForPosition(clean.db, names, last, 100_000)).toBe(true);
      await Promise.all(cleanRunners.map((r) => r.stop()));
      const expected = await snapshot(clean.db);

      // The faulty run: batches throw at random steps; the "process" is also restarted and the source cut.
      await migrateReadModels(db);
      const random = seeded(7);
      let calls = 0;
      const faultAt = new Set<number>();
      while (faultAt.size < 24) faultAt.add(1 + Math.floor(random() * 600));
      const injected: string[] = [];
      const onStep = (step: BatchStep) => {
        calls++;
        if (faultAt.has(calls)) {
          injected.push(step);
          throw new Error(`injected crash at ${step}`);
        }
      };
      let runners = startAll(db, source, onStep, 150);
      for (let restart = 0; restart < 4; restart++) {
        await new Promise((resolve) => setTimeout(resolve, 150));
        source.disconnectAll('injected disconnect');
        await new Promise((resolve) => setTimeout(resolve, 100));
        await Promise.all(runners.map((r) => r.stop()));
        runners = startAll(db, source, onStep, 150);
      }
      // Live events after the restarts must land exactly once too.
      const more = [...generateHistory({ seed: 43, events: 400, customers: 50, directPartners: 2, providers: 1, resellers: 2 })]
        .filter((e) => e.type !== 'PartnerEnrolled')
        .map((e) => ({ ...e, data: { ...e.data, ...(e.data.customerId ? { customerId: `late-${e.data.customerId}` } : {}) } }));
      source.append(...more);
      const end = source.all()[source.all().length - 1].position.commit;
      expect(await waitForPosition(db, names, end, 100_000)).toBe(true);
      await Promise.all(runners.map((r) => r.stop()));

      const cleanRunners2 = startAll(clean.db, source, undefined, 1000);
      expect(await waitForPosition(clean.db, names, end, 100_000)).toBe(true);
      await Promise.all(cleanRunners2.map((r) => r.stop()));

      expect(injected.length).toBeGreaterThanOrEqual(20);
      expect(new Set(injected).size).toBeGreaterThanOrEqual(4);
      expect(injected.every((step) => steps.includes(step as BatchStep))).toBe(true);
      expect(await snapshot(db)).toEqual(await snapshot(clean.db));
      expect(expected).not.toEqual(await snapshot(clean.db));
    } finally {
      await clean.drop();
    }
  });
});
