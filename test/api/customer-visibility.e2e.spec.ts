import { startApiHarness, type ApiHarness } from './support/api-harness';
import { enrol, eventually, expectStatus, newCustomerBody, tokenOf } from './support/fixtures';

const removal = { reason: 'confidential: unpaid invoices', goodFaithConfirmed: true, noticeResponsibilityConfirmed: true };

/**
 * A customer served by two direct partners: the first added it, the second was invited (with admin permissions
 * for Teams). Each partner sees only its own subscriptions, on the write side and in the read models; a partner
 * whose relationship was removed sees nothing; the customer itself sees all of it.
 */
describe('customer account visibility', () => {
  let h: ApiHarness;
  let first: { partnerId: string; token: string };
  let second: { partnerId: string; token: string };
  let customerId: string;
  let firstSubscription: string;
  let secondSubscription: string;
  let position: string;

  beforeAll(async () => {
    h = await startApiHarness({ PROJECTOR: 'inline' });
    first = await enrol(h, 'direct');
    second = await enrol(h, 'direct');
    customerId = expectStatus(await h.call('POST', '/v1/customers', { token: first.token, body: newCustomerBody() }), 201).body.customerId;
    const invited = expectStatus(
      await h.call('POST', '/v1/relationship-requests', {
        token: second.token,
        body: { includeAdminPermissions: true, services: ['teams'] },
      }),
      201,
    );
    expectStatus(
      await h.call('POST', `/v1/invitations/${invited.body.invitationId}/accept`, {
        token: h.customerToken(customerId),
        body: { token: tokenOf(invited.body.link) },
      }),
      200,
    );
    await eventually(
      () => h.call('GET', `/v1/customers/${customerId}`, { token: second.token }),
      (r) => r.status === 200 && r.body.relationships?.[second.partnerId]?.active === true,
    );
    const subscription = { offerId: 'exchange-online-plan-1', licenseCount: 3 };
    firstSubscription = expectStatus(
      await h.call('POST', `/v1/customers/${customerId}/subscriptions`, { token: first.token, body: subscription }),
      201,
    ).body.subscriptionId;
    const added = expectStatus(
      await h.call('POST', `/v1/customers/${customerId}/subscriptions`, { token: second.token, body: subscription }),
      201,
    );
    secondSubscription = added.body.subscriptionId;
    position = added.headers.get('x-log-position')!;
  });
  afterAll(async () => {
    await h?.close();
  });

  const read = (path: string, token: string) => h.call('GET', path, { token, headers: { 'x-min-position': position } });

  it('shows each partner only its own subscriptions in the read-model account and subscription list', async () => {
    const secondAccount = expectStatus(await read(`/v1/customers/${customerId}/account`, second.token), 200);
    expect(Object.keys(secondAccount.body.subscriptions)).toEqual([secondSubscription]);
    expect(secondAccount.body.adminUserName).toBeUndefined();
    const firstAccount = expectStatus(await read(`/v1/customers/${customerId}/account`, first.token), 200);
    expect(Object.keys(firstAccount.body.subscriptions)).toEqual([firstSubscription]);
    expect(firstAccount.body.adminUserName).toMatch(/^admin@/);
    const secondList = expectStatus(await read(`/v1/customers/${customerId}/subscriptions`, second.token), 200);
    expect(secondList.body.items.map((s: { subscriptionId: string }) => s.subscriptionId)).toEqual([secondSubscription]);
    const writeSide = expectStatus(await h.call('GET', `/v1/customers/${customerId}`, { token: second.token }), 200);
    expect(Object.keys(writeSide.body.subscriptions)).toEqual([secondSubscription]);
  });

  it('lets the customer read its own account, partners and admin permission holders', async () => {
    const customer = h.customerToken(customerId);
    const account = expectStatus(await h.call('GET', '/v1/customer', { token: customer }), 200);
    expect(account.body.customerId).toBe(customerId);
    expect(Object.keys(account.body.subscriptions).sort()).toEqual([firstSubscription, secondSubscription].sort());
    expect(account.headers.get('etag')).toMatch(/^W\/"\d+"$/);
    const holders = expectStatus(await h.call('GET', '/v1/customer/admin-permissions', { token: customer }), 200);
    expect(holders.body.items).toEqual([{ service: 'teams', partnerId: second.partnerId }]);
    const partners = expectStatus(await h.call('GET', '/v1/customer/partners', { token: h.customerToken(customerId, 'User') }), 200);
    const byId = Object.fromEntries(partners.body.items.map((p: { partnerId: string }) => [p.partnerId, p]));
    expect(byId[first.partnerId]).toMatchObject({ relationship: 'active', origin: 'added', kind: 'direct', adminServices: [] });
    expect(byId[second.partnerId]).toMatchObject({ relationship: 'active', origin: 'invitation', adminServices: ['teams'] });
    // Always the customer of the token; a partner token is not for these endpoints; an unknown customer has none.
    expect((await h.call('GET', '/v1/customer', { token: first.token })).status).toBe(403);
    expect((await h.call('GET', '/v1/customer/admin-permissions', { token: h.customerToken('no-such-customer') })).status).toBe(404);
  });

  it('hides the account from a partner whose relationship was removed, and the removal details from the others', async () => {
    const removed = expectStatus(
      await h.call('POST', `/v1/customers/${customerId}/relationship/remove`, { token: second.token, body: removal }),
      200,
    );
    position = removed.headers.get('x-log-position')!;
    const writeSide = await h.call('GET', `/v1/customers/${customerId}`, { token: second.token });
    expect(writeSide.status).toBe(404);
    expect(writeSide.body.code).toBe('CUSTOMER.NOT_FOUND');
    expect((await read(`/v1/customers/${customerId}/account`, second.token)).status).toBe(404);
    expect((await read(`/v1/customers/${customerId}/subscriptions`, second.token)).status).toBe(404);
    const firstAccount = expectStatus(await read(`/v1/customers/${customerId}/account`, first.token), 200);
    expect(firstAccount.body.relationships[second.partnerId].status).toBe('removed');
    expect(firstAccount.text).not.toContain('confidential');
    expect(firstAccount.body.relationships[second.partnerId].removedBy).toBeUndefined();
  });
});
