import { Kysely } from 'kysely';
import {
  activate,
  allProjections,
  createGeneration,
  generationToFollow,
  listGenerations,
  migrateReadModels,
  type Projection,
} from '@app/read-models';
import { createDatabase } from '@app/sql';
import { createTestDatabase, postgresUrl } from '../support/postgres';

// Instances started together (a deployment's replicas) each open their own pool and choose every projection's
// generation at once. Only PostgreSQL lets two of them read "no generation yet" together: SQLite serialises its writers.
const INSTANCES = 6;

(postgresUrl ? describe : describe.skip)(
  `choosing the generation to follow, from ${INSTANCES} instances at once [postgres]${postgresUrl ? '' : ' (skipped: TEST_POSTGRES_URL is not set)'}`,
  () => {
    let database: Awaited<ReturnType<typeof createTestDatabase>>;
    let instances: Kysely<any>[];

    beforeEach(async () => {
      database = await createTestDatabase('postgres');
      await migrateReadModels(database.db);
      instances = Array.from({ length: INSTANCES }, () => createDatabase(database.config));
    });

    afterEach(async () => {
      await Promise.all(instances.map((db) => db.destroy()));
      await database.drop();
    });

    // Each instance retries a failed choice, as its runner does with a failed round.
    const chooseEverywhere = (projection: Projection) =>
      Promise.all(
        instances.map(async (db) => {
          for (let attempt = 1; ; attempt++) {
            try {
              return await generationToFollow(db, projection);
            } catch (error) {
              if (attempt === 3) throw error;
            }
          }
        }),
      );

    test('on a fresh database, every projection gets one active generation and every instance follows it', async () => {
      for (let round = 0; round < 3; round++) {
        const chosen = await Promise.all(allProjections.map(chooseEverywhere));
        for (const [i, projection] of allProjections.entries()) {
          const generations = await listGenerations(database.db, projection.name);
          expect(generations.map((g) => [g.generation, g.state])).toEqual([[1, 'active']]);
          expect(new Set(chosen[i].map((g) => g.generation))).toEqual(new Set([1]));
        }
      }
    });

    test('after a version bump, the instances agree on one new building generation beside the serving one', async () => {
      const projection = allProjections[0];
      await createGeneration(database.db, { ...projection, version: projection.version - 1 });
      const chosen = await chooseEverywhere(projection);
      const generations = await listGenerations(database.db, projection.name);
      expect(generations.map((g) => [g.generation, g.version, g.state])).toEqual([
        [1, projection.version - 1, 'active'],
        [2, projection.version, 'building'],
      ]);
      expect(chosen.map((g) => g.generation)).toEqual(Array(INSTANCES).fill(2));
    });

    test('two switch-overs at once (a rebuild and a version change) leave one generation active', async () => {
      const projection = allProjections[0];
      await createGeneration(database.db, projection);
      for (let round = 0; round < 5; round++) {
        const [a, b] = [await createGeneration(database.db, projection), await createGeneration(database.db, projection)];
        await Promise.all([activate(instances[0], projection.name, a.generation), activate(instances[1], projection.name, b.generation)]);
        const active = (await listGenerations(database.db, projection.name)).filter((g) => g.state === 'active');
        expect(active.map((g) => g.generation)).toHaveLength(1);
        expect([a.generation, b.generation]).toContain(active[0].generation);
      }
    });
  },
);
