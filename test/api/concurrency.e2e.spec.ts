import { startApiHarness, type ApiHarness } from './support/api-harness';
import { addCustomer, enrol, expectStatus, newCustomerBody, uid } from './support/fixtures';

/** Conflicting commands at the same moment: exactly one wins, the other is refused, nothing is half-written. */
describe('concurrency', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await startApiHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('two partners adding customers with the same primary domain: one customer, one claim', async () => {
    const a = await enrol(h, 'direct');
    const b = await enrol(h, 'direct');
    const domain = `${uid('race')}.example`;
    const results = await Promise.all([
      h.call('POST', '/v1/customers', { token: a.token, body: newCustomerBody(domain) }),
      h.call('POST', '/v1/customers', { token: b.token, body: newCustomerBody(domain) }),
    ]);
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 409]);
    const loser = results.find((r) => r.status === 409)!;
    expect(loser.body.code).toBe('CUSTOMER.DOMAIN_TAKEN');
    const winner = results.find((r) => r.status === 201)!;
    const claims = await h.readStream(`customerdomain-${domain}`);
    expect(claims).toHaveLength(1);
    expect((claims[0].event!.data as { customerId: string }).customerId).toBe(winner.body.customerId);
    expect((await h.readStream(`customer-${winner.body.customerId}`))[0].event!.type).toBe('CustomerAdded');
  });

  it('two updates with the same If-Match: one 200, one 412, one event', async () => {
    const direct = await enrol(h, 'direct');
    const added = expectStatus(await h.call('POST', '/v1/customers', { token: direct.token, body: newCustomerBody() }), 201);
    const path = `/v1/customers/${added.body.customerId}`;
    const etag = added.headers.get('etag')!;
    const results = await Promise.all(
      ['Alpha', 'Beta'].map((companyName) =>
        h.call('PATCH', path, { token: direct.token, body: { companyName }, headers: { 'if-match': etag } }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 412]);
    const events = (await h.readStream(`customer-${added.body.customerId}`)).filter((e) => e.event!.type === 'CustomerDetailsUpdated');
    expect(events).toHaveLength(1);
    const winner = results.find((r) => r.status === 200)!;
    expect((await h.call('GET', path, { token: direct.token })).headers.get('etag')).toBe(winner.headers.get('etag'));
  });

  it('two removals of the same relationship at once: one removal recorded, the other refused', async () => {
    const direct = await enrol(h, 'direct');
    const added = expectStatus(await h.call('POST', '/v1/customers', { token: direct.token, body: newCustomerBody() }), 201);
    const body = { reason: 'duplicate account', goodFaithConfirmed: true, noticeResponsibilityConfirmed: true };
    const results = await Promise.all(
      [1, 2].map(() => h.call('POST', `/v1/customers/${added.body.customerId}/relationship/remove`, { token: direct.token, body })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(['RELATIONSHIP.NOT_ACTIVE', 'CONCURRENCY']).toContain(results.find((r) => r.status === 409)!.body.code);
    const removals = (await h.readStream(`customer-${added.body.customerId}`)).filter((e) => e.event!.type === 'RelationshipRemoved');
    expect(removals).toHaveLength(1);
  });

  it('a change back, sent to an instance that cached the stream before another instance changed it, lands', async () => {
    const replica = await h.startReplica();
    try {
      const direct = await enrol(h, 'direct');
      const added = await addCustomer(h, direct.token, { subscriptions: [{ offerId: 'azure-plan', licenseCount: 10 }] });
      const path = `/v1/customers/${added.customerId}/subscriptions/${added.subscriptionIds[0]}`;
      const change = (call: ApiHarness['call'], licenseCount: number, headers = {}) =>
        call('PATCH', path, { token: direct.token, body: { licenseCount }, headers });
      // This instance now holds the stream at 10 in its cache; the replica changes it to 20.
      const known = expectStatus(await change(h.call, 10), 200).headers.get('etag')!;
      expectStatus(await change(replica.call, 20), 200);
      // Back to 10 with the ETag this instance last knew: refused, the stream has moved on.
      expect((await change(h.call, 10, { 'if-match': known })).status).toBe(412);
      expectStatus(await change(h.call, 10), 200);
      const counts = (await h.readStream(`customer-${added.customerId}`))
        .filter((e) => e.event!.type === 'LicenseCountChanged')
        .map((e) => (e.event!.data as { licenseCount: number }).licenseCount);
      expect(counts).toEqual([20, 10]);
    } finally {
      await replica.stop();
    }
  });

  it('many license changes on one stream without If-Match all land, in order, with an intact hash chain', async () => {
    const direct = await enrol(h, 'direct');
    const added = expectStatus(
      await h.call('POST', '/v1/customers', {
        token: direct.token,
        body: newCustomerBody(undefined, { subscriptions: [{ offerId: 'azure-plan', licenseCount: 1 }] }),
      }),
      201,
    );
    const path = `/v1/customers/${added.body.customerId}/subscriptions/${added.body.subscriptionIds[0]}`;
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => h.call('PATCH', path, { token: direct.token, body: { licenseCount: i + 2 } })),
    );
    // Each either landed (after at most one reload) or was refused as a concurrent change: never a 5xx.
    for (const r of results) expect([200, 409]).toContain(r.status);
    const events = await h.readStream(`customer-${added.body.customerId}`);
    const changes = events.filter((e) => e.event!.type === 'LicenseCountChanged');
    expect(changes).toHaveLength(results.filter((r) => r.status === 200).length);
    let prev: string | null = null;
    for (const e of events) {
      const chain = (e.event!.metadata as { chain: { prev: string | null; hash: string } }).chain;
      expect(chain.prev).toBe(prev);
      prev = chain.hash;
    }
  });
});
