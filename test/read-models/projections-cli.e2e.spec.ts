import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { EventStoreDBClient, jsonEvent } from '@eventstore/db-client';
import { currentSchemaVersion } from '@app/domain';
import { startEventStoreServer, type EmbeddedEventStore } from '@app/eventstore-server';
import { customerListProjection, generateHistory } from '@app/read-models';

const run = promisify(execFile);
const cli = resolve(__dirname, '../../dist/apps/projector/src/cli.js');

describe('npm run projections -- status | rebuild (the compiled CLI)', () => {
  let store: EmbeddedEventStore;
  let client: EventStoreDBClient;
  let dataDir: string;
  const projections = (args: string[]) =>
    run(process.execPath, [cli, ...args], {
      env: { ...process.env, EVENTSTORE_URL: store.connectionString, DATA_DIR: dataDir, DATABASE_URL: '' },
    });

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'rm-cli-'));
    store = await startEventStoreServer({ port: 0, memory: true });
    client = EventStoreDBClient.connectionString(store.connectionString);
    const events = [...generateHistory({ seed: 3, events: 1_500, customers: 250, directPartners: 4, providers: 2, resellers: 4 })];
    for (let i = 0; i < events.length; i += 100) {
      await Promise.all(
        events
          .slice(i, i + 100)
          .map((e) =>
            client.appendToStream(
              e.streamId,
              jsonEvent({ type: e.type, data: e.data, metadata: { schemaVersion: currentSchemaVersion(e.type) } }),
            ),
          ),
      );
    }
  });
  afterAll(async () => {
    await client?.dispose();
    await store?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('status before anything ran: every projection not created, the whole log as lag', async () => {
    const { stdout } = await projections(['status', '--json']);
    const statuses = JSON.parse(stdout);
    expect(statuses.map((s: any) => [s.name, s.state, s.lagEvents])).toEqual([
      ['partners', 'not-created', 1500],
      ['customer-list', 'not-created', 1500],
      ['customer-account', 'not-created', 1500],
      ['partnerships', 'not-created', 1500],
      ['pending-invitations', 'not-created', 1500],
      ['audit-index', 'not-created', 1500],
    ]);
  });

  test('rebuild prints progress and switches over; status then shows the checkpoint and no lag; a second rebuild makes generation 2', async () => {
    const first = await projections(['rebuild', 'customer-list']);
    expect(first.stderr).toMatch(/100%\s+1,500 events\s+[\d,]+ ev\/s\s+ETA 0 s/);
    expect(first.stdout).toMatch(/customer-list: generation 1 built from 1500 events/);
    const second = await projections(['rebuild', 'customer-list']);
    expect(second.stdout).toMatch(/customer-list: generation 2 built from 1500 events/);
    const { stdout } = await projections(['status']);
    const line = stdout.split('\n').find((l) => l.startsWith('customer-list'))!;
    expect(line.split(/\s{2,}/)).toEqual([
      'customer-list',
      String(customerListProjection.version),
      '2',
      expect.stringMatching(/^\d+$/),
      '1500',
      '0',
      '0.0',
      'not-running',
    ]);
  });

  test('bad commands are refused with the usage and exit code 2', async () => {
    await expect(projections(['rebuild', 'no-such-projection'])).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining('one of: partners, customer-list'),
    });
    await expect(projections(['frobnicate'])).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining('Usage: npm run projections'),
    });
  });
});
