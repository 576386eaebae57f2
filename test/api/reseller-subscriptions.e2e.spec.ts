import { startApiHarness, type ApiHarness } from './support/api-harness';
import { addCustomer, eventually, expectStatus, newCustomerBody, partnership } from './support/fixtures';

/**
 * Seed, "add a new customer", step 3: the provider associates an indirect reseller with the new customer's
 * subscriptions; the reseller then has administrator access to them and can manage them.
 */
describe("an associated reseller and the customer's subscriptions", () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApiHarness({ PROJECTOR: 'inline' });
  });
  afterAll(async () => {
    await api?.close();
  });

  it('sees the subscriptions added with the customer, carries them as partner of record, changes a license count; the provider counts them', async () => {
    const { provider, reseller } = await partnership(api);
    const added = await addCustomer(api, provider.token, {
      resellerId: reseller.partnerId,
      subscriptions: [{ offerId: 'exchange-online-plan-1', licenseCount: 5 }],
    });
    const { customerId } = added;
    const [subscriptionId] = added.subscriptionIds;

    // The partner of record is assigned by the process manager from the partnership stream.
    const seen = await eventually(
      () => api.call('GET', `/v1/customers/${customerId}`, { token: reseller.token }),
      (r) => r.status === 200 && r.body.subscriptions?.[subscriptionId]?.partnerOfRecordId === reseller.partnerId,
    );
    expect(seen.body.subscriptions[subscriptionId]).toMatchObject({ licenseCount: 5, partnerId: provider.partnerId });

    const changed = expectStatus(
      await api.call('PATCH', `/v1/customers/${customerId}/subscriptions/${subscriptionId}`, {
        token: reseller.token,
        body: { licenseCount: 9 },
      }),
      200,
    );
    const position = changed.headers.get('x-log-position')!;
    const listed = expectStatus(
      await api.call('GET', `/v1/customers/${customerId}/subscriptions`, {
        token: reseller.token,
        headers: { 'x-min-position': position },
      }),
      200,
    );
    expect(listed.body.items).toEqual([
      expect.objectContaining({ subscriptionId, licenseCount: 9, partnerOfRecordId: reseller.partnerId }),
    ]);

    const resellers = expectStatus(
      await api.call('GET', '/v1/indirect-resellers', { token: provider.token, headers: { 'x-min-position': position } }),
      200,
    );
    expect(resellers.body.items.find((r: { resellerId: string }) => r.resellerId === reseller.partnerId)).toMatchObject({
      subscriptions: 1,
    });
  });

  it("sees and manages a provider's later subscription once associated with the customer, and nothing after the provider's relationship ends", async () => {
    const { provider, reseller } = await partnership(api);
    const { customerId } = expectStatus(
      await api.call('POST', '/v1/customers', {
        token: provider.token,
        body: newCustomerBody(undefined, { resellerId: reseller.partnerId }),
      }),
      201,
    ).body;
    await eventually(
      () => api.call('GET', `/v1/customers/${customerId}`, { token: reseller.token }),
      (r) => r.status === 200,
    );
    const { subscriptionId } = expectStatus(
      await api.call('POST', `/v1/customers/${customerId}/subscriptions`, {
        token: provider.token,
        body: { offerId: 'teams-essentials', licenseCount: 2 },
      }),
      201,
    ).body;
    const account = expectStatus(await api.call('GET', `/v1/customers/${customerId}`, { token: reseller.token }), 200);
    expect(Object.keys(account.body.subscriptions)).toEqual([subscriptionId]);
    expectStatus(
      await api.call('PATCH', `/v1/customers/${customerId}/subscriptions/${subscriptionId}`, {
        token: reseller.token,
        body: { licenseCount: 3 },
      }),
      200,
    );

    expectStatus(
      await api.call('POST', `/v1/customers/${customerId}/relationship/remove`, {
        token: provider.token,
        body: { reason: 'ended', goodFaithConfirmed: true, noticeResponsibilityConfirmed: true },
      }),
      200,
    );
    expect((await api.call('GET', `/v1/customers/${customerId}`, { token: reseller.token })).status).toBe(404);
    const refused = await api.call('PATCH', `/v1/customers/${customerId}/subscriptions/${subscriptionId}`, {
      token: reseller.token,
      body: { licenseCount: 4 },
    });
    expect(refused.status).toBe(404);
  });
});
