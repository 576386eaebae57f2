import { startApiHarness, type ApiHarness } from './support/api-harness';
import { enrol, expectStatus, newCustomerBody } from './support/fixtures';

/** What an operator scrapes after a scenario: every family the API promises, with the scenario's counts in it. */
describe('GET /metrics', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApiHarness();
  });
  afterAll(async () => {
    await api?.close();
  });

  const scrape = async (token: string) => {
    const response = await fetch(`${api.url}/metrics`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    return response.text();
  };
  const value = (text: string, series: string) => {
    const line = text.split('\n').find((l) => l.startsWith(`${series} `));
    return line === undefined ? undefined : Number(line.slice(series.length + 1));
  };

  it('needs a bearer token', async () => {
    expect((await fetch(`${api.url}/metrics`)).status).toBe(401);
  });

  it('counts requests by route and status, commands by outcome, appends, read-model lag and the process', async () => {
    const { token } = await enrol(api, 'direct');
    const before = await scrape(token);
    const added = expectStatus(await api.call('POST', '/v1/customers', { token, body: newCustomerBody() }), 201);
    const customerId = added.body.customerId as string;
    const stale = { 'if-match': 'W/"0"' };
    expectStatus(await api.call('PATCH', `/v1/customers/${customerId}`, { token, body: { companyName: 'A' }, headers: stale }), 412);
    const unattested = newCustomerBody();
    expectStatus(
      await api.call('POST', '/v1/customers', { token, body: { ...unattested, agreement: { ...unattested.agreement, accepted: false } } }),
      400,
    );
    const after = await scrape(token);

    const delta = (series: string) => (value(after, series) ?? 0) - (value(before, series) ?? 0);
    expect(delta('http_request_duration_seconds_count{method="POST",route="/v1/customers",status="201"}')).toBe(1);
    expect(delta('http_request_duration_seconds_count{method="PATCH",route="/v1/customers/:customerId",status="412"}')).toBe(1);
    expect(delta('commands_total{command="AddCustomer",outcome="accepted"}')).toBe(1);
    expect(delta('commands_total{command="UpdateCustomerDetails",outcome="conflict"}')).toBe(1);
    expect(delta('commands_total{command="AddCustomer",outcome="refused"}')).toBe(1);
    expect(delta('event_store_append_duration_seconds_count')).toBeGreaterThanOrEqual(2);
    expect(value(after, 'read_model_lag_events{projection="customer-list"}')).toEqual(expect.any(Number));
    expect(value(after, 'read_model_lag_seconds{projection="customer-account"}')).toEqual(expect.any(Number));
    for (const family of ['process_cpu_user_seconds_total', 'process_resident_memory_bytes', 'nodejs_eventloop_lag_seconds']) {
      expect(value(after, family)).toEqual(expect.any(Number));
    }
  });
});
