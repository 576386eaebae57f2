import { startApiHarness, type ApiHarness } from './support/api-harness';
import { enrol, expectStatus, newCustomerBody } from './support/fixtures';

/** Every read endpoint takes X-Min-Position, so a client can always read its own writes. */
describe('X-Min-Position on every read endpoint', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApiHarness({ PROJECTOR: 'inline' });
  });
  afterAll(async () => {
    await api?.close();
  });

  it('is declared on every GET of the API in the OpenAPI document', async () => {
    const document = expectStatus(await api.call('GET', '/openapi.json'), 200).body as {
      paths: Record<string, Record<string, { parameters?: { name: string; in: string }[] }>>;
    };
    const gets = Object.entries(document.paths).filter(([path, operations]) => path.startsWith('/v1/') && operations.get);
    expect(gets.length).toBeGreaterThanOrEqual(14);
    const missing = gets.filter(
      ([, operations]) => !operations.get.parameters?.some((p) => p.in === 'header' && p.name === 'X-Min-Position'),
    );
    expect(missing.map(([path]) => path)).toEqual([]);
  });

  it("is honoured by stream reads and views alike right after one's own write, and refused when malformed", async () => {
    const partner = await enrol(api, 'direct');
    const added = expectStatus(await api.call('POST', '/v1/customers', { token: partner.token, body: newCustomerBody() }), 201);
    const position = added.headers.get('x-log-position')!;
    const { customerId } = added.body;
    const customer = api.customerToken(customerId);
    const reads: [string, string][] = [
      [`/v1/customers/${customerId}`, partner.token],
      [`/v1/customers/${customerId}/account`, partner.token],
      [`/v1/customers/${customerId}/subscriptions`, partner.token],
      [`/v1/customers/${customerId}/partners`, partner.token],
      ['/v1/customers', partner.token],
      ['/v1/partner', partner.token],
      ['/v1/invitations', partner.token],
      ['/v1/indirect-resellers', partner.token],
      ['/v1/customer', customer],
      ['/v1/customer/partners', customer],
    ];
    for (const [path, token] of reads) {
      const answered = await api.call('GET', path, { token, headers: { 'x-min-position': position } });
      expect([path, answered.status]).toEqual([path, 200]);
      const malformed = await api.call('GET', path, { token, headers: { 'x-min-position': 'yesterday' } });
      expect([path, malformed.status, malformed.body.field]).toEqual([path, 400, 'X-Min-Position']);
    }
  });
});
