import { startApiHarness, type ApiHarness } from './support/api-harness';
import { enrol, expectStatus, newCustomerBody, tokenOf } from './support/fixtures';

const metadataOf = async (api: ApiHarness, stream: string) =>
  (await api.readStream(stream)).map((e) => e.event!.metadata as { correlationId: string });

/** One JSON log line per request, ids to go from a log line to the events and back, and no secret in any line. */
describe('request ids, correlation ids and the request log', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    // With the projector in its thread, so that its lines are among the process's output too.
    api = await startApiHarness({ PROJECTOR: 'inline' });
  });
  afterAll(async () => {
    await api?.close();
  });

  it("answers the client's X-Request-Id, or a new one when it has none or an unusable one", async () => {
    const given = await api.call('GET', '/health/live', { headers: { 'x-request-id': 'client-req-1' } });
    expect(given.headers.get('x-request-id')).toBe('client-req-1');
    const none = await api.call('GET', '/health/live');
    const bad = await api.call('GET', '/health/live', { headers: { 'x-request-id': 'x'.repeat(200) } });
    for (const answer of [none, bad]) expect(answer.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('writes the correlation id of the request into the metadata of the events it causes', async () => {
    const cases: [Record<string, string>, (requestId: string) => string][] = [
      [{ 'x-correlation-id': 'order-4711' }, () => 'order-4711'],
      [{ traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' }, () => '4bf92f3577b34da6a3ce929d0e0e4736'],
      [{}, (requestId) => requestId],
    ];
    for (const [headers, expected] of cases) {
      const { token } = await enrol(api, 'direct');
      const added = expectStatus(await api.call('POST', '/v1/customers', { token, body: newCustomerBody(), headers }), 201);
      const metadata = await metadataOf(api, `customer-${added.body.customerId}`);
      expect(metadata.map((m) => m.correlationId)).toEqual(metadata.map(() => expected(added.headers.get('x-request-id')!)));
    }
  });

  it('logs each request as one JSON line with its route, status, duration, partner and request id, and no secret', async () => {
    const { partnerId, token } = await enrol(api, 'direct');
    const added = expectStatus(
      await api.call('POST', '/v1/customers', { token, body: newCustomerBody(), headers: { 'idempotency-key': 'key-secret-7f3a' } }),
      201,
    );
    const invited = expectStatus(await api.call('POST', '/v1/relationship-requests', { token, body: {} }), 201);
    const requestId = added.headers.get('x-request-id')!;
    await new Promise((resolve) => setTimeout(resolve, 200));
    const lines = api
      .logs()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.filter((line) => line.requestId === requestId)).toEqual([
      expect.objectContaining({
        msg: 'request',
        method: 'POST',
        route: '/v1/customers',
        status: 201,
        partnerId,
        durationMs: expect.any(Number),
      }),
    ]);
    const logs = api.logs();
    for (const secret of [token, added.body.temporaryPassword, tokenOf(invited.body.link), 'key-secret-7f3a']) {
      expect(typeof secret === 'string' && secret.length > 8).toBe(true);
      expect(logs).not.toContain(secret);
    }
  });

  it('writes every line, from the request handlers and from the projector thread, as one pino JSON object', async () => {
    const lines = api
      .logs()
      .split('\n')
      .filter((line) => line.trim() !== '');
    const parsed = lines.map((line) => {
      try {
        return JSON.parse(line) as Record<string, unknown>;
      } catch {
        return { unparsed: line };
      }
    });
    expect(
      parsed.filter((line) => typeof line.level !== 'number' || typeof line.time !== 'number' || typeof line.msg !== 'string'),
    ).toEqual([]);
    expect(parsed).toContainEqual(expect.objectContaining({ context: 'projector', msg: 'projector started' }));
  });
});
