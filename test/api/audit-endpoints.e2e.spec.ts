import { startApiHarness, type ApiHarness, type CallResult } from './support/api-harness';
import { enrol, expectStatus, newCustomerBody, partnership, uid } from './support/fixtures';

const expectProblem = (response: CallResult, status: number, field: string) =>
  expect([response.status, response.headers.get('content-type'), response.body.field]).toEqual([
    status,
    expect.stringMatching(/^application\/problem\+json/),
    field,
  ]);

/** The audit endpoints over histories made through the API's own commands. */
describe('audit history and state endpoints', () => {
  let api: ApiHarness;
  let direct: { partnerId: string; token: string };
  let customerId: string;
  let beforeRemoval: string;
  let position: string;
  beforeAll(async () => {
    api = await startApiHarness({ PROJECTOR: 'inline' });
    direct = await enrol(api, 'direct');
    customerId = expectStatus(await api.call('POST', '/v1/customers', { token: direct.token, body: newCustomerBody() }), 201).body
      .customerId;
    await new Promise((done) => setTimeout(done, 20));
    beforeRemoval = new Date().toISOString();
    await new Promise((done) => setTimeout(done, 20));
    const removal = { reason: 'contract ended', goodFaithConfirmed: true, noticeResponsibilityConfirmed: true };
    const removed = expectStatus(
      await api.call('POST', `/v1/customers/${customerId}/relationship/remove`, { token: direct.token, body: removal }),
      200,
    );
    position = removed.headers.get('x-log-position')!;
  });
  afterAll(async () => {
    await api?.close();
  });

  it("answers an Auditor who requested, who removed, when and why, from the partner's own writes", async () => {
    const history = expectStatus(
      await api.call('GET', `/v1/audit/customers/${customerId}/history`, {
        token: api.auditorToken(direct.partnerId),
        headers: { 'x-min-position': position },
      }),
      200,
    ).body;
    expect(history.items.map((i: { type: string }) => i.type)).toEqual(['CustomerAdded', 'RelationshipEstablished', 'RelationshipRemoved']);
    const removal = history.items[2];
    expect(removal).toMatchObject({
      stream: `customer-${customerId}`,
      position,
      actor: { kind: 'partner', partnerId: direct.partnerId, role: 'GlobalAdmin' },
      reason: 'contract ended',
      confirmations: { goodFaithConfirmed: true, noticeResponsibilityConfirmed: true },
      command: expect.any(String),
      correlationId: expect.any(String),
      data: { customerId, partnerId: direct.partnerId, reason: 'contract ended' },
    });
    expect(history.nextCursor).toBeUndefined();
    const first = expectStatus(
      await api.call('GET', `/v1/audit/customers/${customerId}/history?limit=2`, { token: api.auditorToken() }),
      200,
    ).body;
    const rest = expectStatus(
      await api.call('GET', `/v1/audit/customers/${customerId}/history?limit=2&cursor=${first.nextCursor}`, { token: api.auditorToken() }),
      200,
    ).body;
    const positions = (page: { items: { position: string }[] }) => page.items.map((i) => i.position);
    const whole = expectStatus(await api.call('GET', `/v1/audit/customers/${customerId}/history`, { token: api.auditorToken() }), 200).body;
    // A platform auditor also sees the primary domain's claim, which concerns no partner.
    expect(whole.items.map((i: { type: string }) => i.type)).toEqual([
      'CustomerDomainClaimed',
      'CustomerAdded',
      'RelationshipEstablished',
      'RelationshipRemoved',
    ]);
    expect([...positions(first), ...positions(rest)]).toEqual(positions(whole));
    const removals = expectStatus(
      await api.call('GET', `/v1/audit/partners/${direct.partnerId}/history?type=RelationshipRemoved`, {
        token: api.auditorToken(direct.partnerId),
      }),
      200,
    );
    expect(removals.body.items.map((i: { type: string }) => i.type)).toEqual(['RelationshipRemoved']);
    const earlier = expectStatus(
      await api.call('GET', `/v1/audit/customers/${customerId}/history?to=${beforeRemoval}`, { token: api.auditorToken() }),
      200,
    );
    expect(earlier.body.items.map((i: { type: string }) => i.type)).toEqual([
      'CustomerDomainClaimed',
      'CustomerAdded',
      'RelationshipEstablished',
    ]);
  });

  it('answers the state before and after the removal, with the position it was computed at', async () => {
    const token = api.auditorToken(direct.partnerId);
    const before = expectStatus(await api.call('GET', `/v1/audit/customers/${customerId}/state?at=${beforeRemoval}`, { token }), 200).body;
    expect(before.relationships).toEqual([
      { partnerId: direct.partnerId, status: 'active', origin: 'added', establishedAt: expect.any(String) },
    ]);
    const after = expectStatus(await api.call('GET', `/v1/audit/customers/${customerId}/state?position=${position}`, { token }), 200).body;
    expect(after).toMatchObject({
      customerId,
      position,
      status: 'exists',
      relationships: [{ status: 'removed', removedAt: expect.any(String) }],
    });
    const never = expectStatus(
      await api.call('GET', `/v1/audit/customers/${customerId}/state?at=2000-01-01T00:00:00Z`, { token }),
      200,
    ).body;
    expect(never).toMatchObject({ position: null, status: 'none', relationships: [] });
  });

  it("answers a partnership's state to its sides' auditors and platform auditors only; another partner's id is an unknown one", async () => {
    const { provider, reseller } = await partnership(api);
    const path = `/v1/audit/partnerships/${provider.partnerId}/${reseller.partnerId}/state`;
    for (const token of [api.auditorToken(provider.partnerId), api.auditorToken(reseller.partnerId), api.auditorToken()]) {
      expect(expectStatus(await api.call('GET', path, { token }), 200).body).toMatchObject({
        status: 'active',
        associations: [],
        position: expect.stringMatching(/^\d+$/),
      });
    }
    const foreign = await api.call('GET', path, { token: api.auditorToken(direct.partnerId) });
    const unknown = await api.call('GET', `/v1/audit/partnerships/${provider.partnerId}/${uid('r')}/state`, {
      token: api.auditorToken(provider.partnerId),
    });
    expect([foreign.status, foreign.body.code, foreign.body.field]).toEqual([404, unknown.body.code, unknown.body.field]);
    expect(
      (await api.call('GET', `/v1/audit/customers/${customerId}/history`, { token: api.auditorToken(provider.partnerId) })).status,
    ).toBe(404);
  });

  it('is in the OpenAPI document with its parameters and response schemas', async () => {
    const document = expectStatus(await api.call('GET', '/openapi.json'), 200).body;
    const operations = [
      ['/v1/audit/customers/{customerId}/history', 'HistoryPageSchema', ['partner', 'type', 'from', 'to', 'cursor', 'limit']],
      ['/v1/audit/partners/{partnerId}/history', 'HistoryPageSchema', ['type', 'from', 'to', 'cursor', 'limit']],
      ['/v1/audit/customers/{customerId}/state', 'CustomerStateSchema', ['at', 'position']],
      ['/v1/audit/partnerships/{providerId}/{resellerId}/state', 'PartnershipStateSchema', ['at', 'position']],
    ] as const;
    for (const [path, schema, parameters] of operations) {
      const get = document.paths[path]?.get;
      expect([path, get?.responses?.['200']?.content?.['application/json']?.schema?.$ref]).toEqual([
        path,
        `#/components/schemas/${schema}`,
      ]);
      expect(get.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining([...parameters]));
    }
    expect(document.components.schemas.HistoryEntrySchema.properties.data.example).toMatchObject({ reason: 'contract ended' });
  });

  it('refuses bad parameters with a problem naming the field, and other audiences with 401/403', async () => {
    const token = api.auditorToken();
    const history = `/v1/audit/customers/${customerId}/history`;
    const cases: [string, string][] = [
      [`${history}?type=Nope`, 'type'],
      [`${history}?limit=0`, 'limit'],
      [`${history}?limit=201`, 'limit'],
      [`${history}?from=yesterday`, 'from'],
      [`${history}?colour=red`, 'colour'],
      [`${history}?cursor=bm9wZQ`, 'cursor'],
      [`${history}?partner=not%20an%20id`, 'partner'],
      [`/v1/audit/customers/${customerId}/state?at=2026-03-01T00:00:00Z&position=5`, 'position'],
      [`/v1/audit/customers/${customerId}/state?position=-1`, 'position'],
      [`/v1/audit/customers/${customerId}/state?at=soon`, 'at'],
      ['/v1/audit/customers/bad%20id/history', 'customerId'],
    ];
    for (const [path, field] of cases) expectProblem(await api.call('GET', path, { token }), 400, field);
    expectProblem(await api.call('GET', history, { token: direct.token }), 403, 'Authorization');
    expectProblem(await api.call('GET', history, { token: api.customerToken(customerId) }), 403, 'Authorization');
    expectProblem(await api.call('GET', history), 401, 'Authorization');
  });
});
