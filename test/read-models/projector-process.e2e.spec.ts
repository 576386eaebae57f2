import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { EventStoreDBClient, jsonEvent } from '@eventstore/db-client';
import { sql } from 'kysely';
import { currentSchemaVersion } from '@app/domain';
import { startEventStoreServer, type EmbeddedEventStore } from '@app/eventstore-server';
import { allProjections, EsdbEventSource, generateHistory, migrateReadModels, Projector, reachedPosition } from '@app/read-models';
import { createDatabase } from '@app/sql';
import { createPostgresDatabase, createTestDatabase, postgresUrl } from '../support/postgres';
import { snapshot } from './snapshot';

const entry = resolve(__dirname, '../../dist/apps/projector/src/main.js');
const names = allProjections.map((p) => p.name);
const history = [
  ...generateHistory({
    seed: 11,
    events: 16_000,
    customers: 2_600,
    directPartners: 20,
    providers: 6,
    resellers: 24,
    bigProviderCustomers: 300,
  }),
];

async function appendHistory(client: EventStoreDBClient): Promise<bigint> {
  // One append per stream (its events in order), sixteen streams at a time.
  const byStream = new Map<string, typeof history>();
  for (const event of history) byStream.set(event.streamId, [...(byStream.get(event.streamId) ?? []), event]);
  const streams = [...byStream.entries()];
  let last = 0n;
  for (let i = 0; i < streams.length; i += 16) {
    const results = await Promise.all(
      streams.slice(i, i + 16).map(([stream, events]) =>
        client.appendToStream(
          stream,
          events.map((e) => jsonEvent({ type: e.type, data: e.data, metadata: { schemaVersion: currentSchemaVersion(e.type) } })),
        ),
      ),
    );
    for (const r of results) if (r.position && r.position.commit > last) last = r.position.commit;
  }
  return last;
}

function startProjector(env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, [entry], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr!.resume();
  return child;
}

async function kill(child: ChildProcess, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((done) => child.once('exit', done));
  child.kill(signal);
  await exited;
}

async function until(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

const seeded = (seed: number) => () => (seed = (seed * 16807) % 2147483647) / 2147483647;

// Spawns processes and replays 10,000 events several times: generous bounds for a loaded CI machine.
jest.setTimeout(120_000);

describe('projector process over the embedded event store', () => {
  let store: EmbeddedEventStore;
  let client: EventStoreDBClient;
  let head: number;
  let expected: unknown;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    store = await startEventStoreServer({ port: 0, memory: true });
    client = EventStoreDBClient.connectionString(store.connectionString);
    head = Number(await appendHistory(client));
    // The reference: a clean build, in this process, over the same log.
    const clean = await createTestDatabase('sqlite');
    try {
      await migrateReadModels(clean.db);
      const projector = await Projector.start({ db: clean.db, source: new EsdbEventSource(client), batchSize: 2000 });
      const done = await until(async () => (await reachedPosition(clean.db, names)) >= head, 40_000);
      await projector.stop();
      expect(done).toBe(true);
      expected = await snapshot(clean.db);
    } finally {
      await clean.drop();
    }
  });

  afterEach(async () => {
    await Promise.all(children.splice(0).map((c) => kill(c)));
  });

  afterAll(async () => {
    await client?.dispose();
    await store?.stop();
  });

  test('SQLite: SIGKILLed 5 times just after it made progress while catching up, it resumes and ends equal to a clean build', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'rm-projector-e2e-'));
    const env = { EVENTSTORE_URL: store.connectionString, DATA_DIR: dataDir, DATABASE_URL: '' };
    const db = createDatabase({ dialect: 'sqlite', file: join(dataDir, 'read-models.sqlite') });
    try {
      await migrateReadModels(db);
      const random = seeded(3);
      let progressed = -1;
      for (let i = 0; i < 5; i++) {
        const child = startProjector(env);
        children.push(child);
        const before = progressed;
        // Killed as soon as a batch has landed (and a little later at random), so it dies in the middle of the next.
        expect(await until(async () => (progressed = await reachedPosition(db, names)) > before, 60_000)).toBe(true);
        await new Promise((r) => setTimeout(r, random() * 30));
        await kill(child);
      }
      expect(progressed).toBeGreaterThan(0);
      expect(progressed).toBeLessThan(head);
      children.push(startProjector(env));
      expect(await until(async () => (await reachedPosition(db, names)) >= head, 90_000)).toBe(true);
      await kill(children.pop()!, 'SIGTERM');
      expect(await snapshot(db)).toEqual(expected);
    } finally {
      await db.destroy();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  (postgresUrl ? test : test.skip)(
    `PostgreSQL: two instances, one holds the projections; a SIGKILLed holder is taken over within seconds; the end equals a clean build${postgresUrl ? '' : ' (skipped: TEST_POSTGRES_URL is not set)'}`,
    async () => {
      const database = await createPostgresDatabase();
      const env = {
        EVENTSTORE_URL: store.connectionString,
        DATA_DIR: mkdtempSync(join(tmpdir(), 'rm-projector-pg-')),
        DATABASE_URL: database.url,
      };
      const db = createDatabase({ dialect: 'postgres', url: database.url, poolSize: 2 });
      const heldLocks = async () =>
        Number(
          (
            await sql<{
              n: number;
            }>`select count(*)::int as n from pg_locks where locktype = 'advisory' and granted and database = (select oid from pg_database where datname = current_database())`.execute(
              db,
            )
          ).rows[0].n,
        );
      try {
        const first = startProjector(env);
        const second = startProjector(env);
        children.push(first, second);
        expect(await until(async () => (await heldLocks()) === 1, 15_000)).toBe(true);
        const random = seeded(9);
        for (let round = 0; round < 3; round++) {
          await new Promise((r) => setTimeout(r, 300 + random() * 600));
          const victim = children.shift()!;
          await kill(victim);
          // The survivor takes over when the victim was the holder (lock poll is 1 s).
          const takenOver = Date.now();
          expect(await until(async () => (await heldLocks()) === 1, 8_000)).toBe(true);
          expect(Date.now() - takenOver).toBeLessThan(8_000);
          children.push(startProjector(env));
        }
        expect(await until(async () => (await reachedPosition(db, names)) >= head, 90_000)).toBe(true);
        expect(await heldLocks()).toBe(1);
        await Promise.all(children.splice(0).map((c) => kill(c, 'SIGTERM')));
        expect(await snapshot(db)).toEqual(expected);
      } finally {
        await db.destroy();
        await database.drop();
        rmSync(env.DATA_DIR, { recursive: true, force: true });
      }
    },
  );
});
