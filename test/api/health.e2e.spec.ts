import { join } from 'node:path';
import { startEventStoreServer, type EmbeddedEventStore } from '@app/eventstore-server';
import { startApiHarness, type ApiHarness } from './support/api-harness';
import { eventually } from './support/fixtures';

describe('liveness and readiness', () => {
  let api: ApiHarness;
  let restarted: EmbeddedEventStore | undefined;
  beforeAll(async () => {
    api = await startApiHarness({ PROJECTOR: 'inline' });
  });
  afterAll(async () => {
    await restarted?.stop();
    await api?.close();
  });

  it('is ready when the store, the database and the projections are; not ready, naming the check, while the store is down; ready again after', async () => {
    const ready = await eventually(
      () => api.call('GET', '/health/ready'),
      (r) => r.status === 200,
    );
    expect(ready.body).toEqual({
      status: 'ready',
      checks: { eventStore: { status: 'up' }, database: { status: 'up' }, projections: { status: 'up' } },
    });
    expect((await api.call('GET', '/health/live')).body).toEqual({ status: 'ok' });

    await api.store.stop();
    const down = await api.call('GET', '/health/ready');
    expect(down.status).toBe(503);
    expect(down.body.status).toBe('not-ready');
    expect(down.body.checks.eventStore.status).toBe('down');
    expect(down.body.checks.database).toEqual({ status: 'up' });
    // Alive all the same: restarting the process would not bring the store back.
    expect((await api.call('GET', '/health/live')).status).toBe(200);

    restarted = await startEventStoreServer({ port: api.store.port, dataDir: join(api.dataDir, 'eventstore') });
    const back = await eventually(
      () => api.call('GET', '/health/ready'),
      (r) => r.status === 200,
      30_000,
    );
    expect(back.body.checks.eventStore).toEqual({ status: 'up' });
  }, 60_000);
});
