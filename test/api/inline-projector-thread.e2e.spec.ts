import { startApiHarness, type ApiHarness } from './support/api-harness';
import { enrol } from './support/fixtures';

// PROJECTOR=inline runs the projector in a worker thread of the API process; the health check in the
// main thread still sees the runners' live states (read-your-writes.e2e covers what it projects).
describe('inline projector (worker thread)', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await startApiHarness({ PROJECTOR: 'inline' });
  });
  afterAll(async () => {
    await h?.close();
  });

  it("reports the thread's runner states in /read-models/health", async () => {
    await enrol(h, 'direct');
    const deadline = Date.now() + 15_000;
    let health = await h.call('GET', '/read-models/health', { token: h.partnerToken('ops') });
    while (health.body.projections?.some((p: { state: string }) => p.state !== 'live') && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      health = await h.call('GET', '/read-models/health', { token: h.partnerToken('ops') });
    }
    expect(health.status).toBe(200);
    expect(health.body.projections.length).toBeGreaterThan(0);
    // 'not-running' is what the database alone says: the live state comes from the projector thread.
    expect(health.body.projections.map((p: { state: string }) => p.state)).toEqual(health.body.projections.map(() => 'live'));
  });
});

describe('read-model health without a projector in this process', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await startApiHarness({ PROJECTOR: 'off' });
  });
  afterAll(async () => {
    await h?.close();
  });

  // Regression: on a fresh data directory the registry table did not exist until a projector ran (500).
  it('answers on a fresh database, every projection not created yet', async () => {
    const health = await h.call('GET', '/read-models/health', { token: h.partnerToken('ops') });
    expect(health.status).toBe(200);
    expect(health.body.status).toBe('degraded');
    expect(new Set(health.body.projections.map((p: { state: string }) => p.state))).toEqual(new Set(['not-created']));
  });
});
