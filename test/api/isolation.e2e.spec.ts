import { startApiHarness, type ApiHarness, type CallResult } from './support/api-harness';
import { enrol, eventually, expectStatus, newCustomerBody, partnership, tokenOf, uid } from './support/fixtures';

/** Another partner's ids on every endpoint: 404 (or a refusal about the caller's own state), no data, nothing written. */
describe('tenant isolation', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    // The process manager's checkpoint is an append too; saved once, then not again during the spec.
    h = await startApiHarness({ PROCESS_MANAGER_CHECKPOINT_MS: '3600000' });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('answers 404 for every endpoint given another partner’s customer, subscription, invitation or partnership', async () => {
    const { provider, reseller } = await partnership(h);
    const secret = `Secret Corp ${uid('x')}`;
    const added = expectStatus(
      await h.call('POST', '/v1/customers', { token: provider.token, body: { ...newCustomerBody(), companyName: secret } }),
      201,
    );
    const customerId = added.body.customerId;
    const sub = expectStatus(
      await h.call('POST', `/v1/customers/${customerId}/subscriptions`, {
        token: provider.token,
        body: { offerId: 'azure-plan', licenseCount: 1 },
      }),
      201,
    );
    const subscriptionId = sub.body.subscriptionId;
    const invitation = expectStatus(await h.call('POST', '/v1/relationship-requests', { token: reseller.token, body: {} }), 201);
    const invitationId = invitation.body.invitationId;

    // The attacker is a provider with its own active partnership, so only the foreign ids can stop it.
    const attacker = await partnership(h);
    const token = attacker.provider.token;
    const customerPath = `/v1/customers/${customerId}`;
    const probes: [string, string, unknown?][] = [
      ['GET', customerPath],
      ['PATCH', customerPath, { companyName: 'Hijacked' }],
      ['POST', `${customerPath}/relationship/remove`, { reason: 'x', goodFaithConfirmed: true, noticeResponsibilityConfirmed: true }],
      ['POST', `${customerPath}/subscriptions`, { offerId: 'azure-plan', licenseCount: 1 }],
      ['PATCH', `${customerPath}/subscriptions/${subscriptionId}`, { licenseCount: 99 }],
      ['PUT', `${customerPath}/subscriptions/${subscriptionId}/support-contact`, { kind: 'provider' }],
      ['PUT', `${customerPath}/subscriptions/${subscriptionId}/partner-of-record`, { resellerId: attacker.reseller.partnerId }],
      ['POST', `${customerPath}/resellers`, { resellerId: attacker.reseller.partnerId }],
      ['GET', `/v1/partnerships/${provider.partnerId}/${reseller.partnerId}`],
    ];
    // Invitations are a matter of inviters (direct partners and resellers): probe them as one.
    const inviter = (await enrol(h, 'direct')).token;
    const invitationProbes: [string, string, unknown?][] = [
      ['GET', `/v1/invitations/${invitationId}`],
      ['POST', `/v1/invitations/${invitationId}/revoke`, {}],
    ];
    const head = await h.head();
    const all = [...probes.map((p) => [token, ...p] as const), ...invitationProbes.map((p) => [inviter, ...p] as const)];
    for (const [caller, method, path, body] of all) {
      const result: CallResult = await h.call(method, path, { token: caller, body });
      expect({ method, path, status: result.status }).toEqual({ method, path, status: 404 });
      expect(result.headers.get('content-type')).toContain('application/problem+json');
      expect(result.text).not.toContain(secret);
      expect(result.headers.get('etag')).toBeNull();
    }
    // The owner's subscription is invisible to the other provider even through its own subscription list.
    const reseller2 = attacker.reseller.token;
    expect((await h.call('GET', customerPath, { token: reseller2 })).status).toBe(404);
    expect(await h.head()).toBe(head);

    // And the owner still sees everything unchanged.
    const own = expectStatus(await h.call('GET', customerPath, { token: provider.token }), 200);
    expect(own.body.companyName).toBe(secret);
    expect(own.body.subscriptions[subscriptionId].licenseCount).toBe(1);
  });

  it('keeps a customer user to its own customer and a partner user away from customer endpoints', async () => {
    const direct = await enrol(h, 'direct');
    const requested = expectStatus(
      await h.call('POST', '/v1/relationship-requests', { token: direct.token, body: { includeAdminPermissions: true } }),
      201,
    );
    const victim = uid('cust');
    expectStatus(
      await h.call('POST', `/v1/invitations/${requested.body.invitationId}/accept`, {
        token: h.customerToken(victim),
        body: { token: tokenOf(requested.body.link), newCustomer: { companyName: 'Victim', primaryDomain: `${victim}.example` } },
      }),
      200,
    );
    await eventually(
      () => h.call('GET', `/v1/customers/${victim}`, { token: direct.token }),
      (r) => r.status === 200 && Object.keys(r.body.adminHolders).length > 0,
    );
    const head = await h.head();
    // Another customer's admin acts only on its own (non-existent) customer: nothing happens to the victim.
    const other = h.customerToken(uid('cust'));
    const removal = await h.call('POST', '/v1/customer/admin-permissions/exchange/remove', {
      token: other,
      body: { partnerId: direct.partnerId },
    });
    expect(removal.status).toBe(404);
    expect((await h.call('GET', `/v1/customers/${victim}`, { token: other })).status).toBe(403);
    expect(
      (
        await h.call('POST', '/v1/customer/admin-permissions/exchange/remove', {
          token: direct.token,
          body: { partnerId: direct.partnerId },
        })
      ).status,
    ).toBe(403);
    expect(await h.head()).toBe(head);
  });
});
