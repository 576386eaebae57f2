import { startApiHarness, type ApiHarness } from './support/api-harness';
import { enrol, eventually, expectStatus, newCustomerBody, partnership, tokenOf, uid } from './support/fixtures';
import { catalogueProblems } from './support/catalogue-check';

describe('seed scenarios over HTTP', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await startApiHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('a provider partners with a reseller and adds a customer associated with it', async () => {
    const { provider, reseller } = await partnership(h);
    const added = expectStatus(
      await h.call('POST', '/v1/customers', {
        token: provider.token,
        body: newCustomerBody(undefined, { resellerId: reseller.partnerId }),
      }),
      201,
    );
    expect(added.body.temporaryPassword).toMatch(/^.{16}$/);
    expect(added.body.adminUserName).toMatch(/^admin@/);
    expect(added.headers.get('etag')).toBe('W/"2"'.replace('2', String(added.body.revision)));
    expect(added.headers.get('x-log-position')).toBe(added.body.logPosition);
    const customerId = added.body.customerId;

    // The association is finished by the process manager; the reseller then sees the customer.
    const seen = await eventually(
      () => h.call('GET', `/v1/customers/${customerId}`, { token: reseller.token }),
      (r) => r.status === 200 && r.body.associations.some((a: { resellerId: string }) => a.resellerId === reseller.partnerId),
    );
    expect(Object.values(seen.body.adminHolders)).toContain(reseller.partnerId);
    const events = await h.readStream(`customer-${customerId}`);
    expect(events.map((e) => e.event!.type)).toEqual(
      expect.arrayContaining(['CustomerAdded', 'RelationshipEstablished', 'ResellerAssociationRecorded']),
    );
    const partnershipEvents = await h.readStream(`partnership-${provider.partnerId}_${reseller.partnerId}`);
    expect(partnershipEvents.filter((e) => e.event!.type === 'ResellerAssociated')).toHaveLength(1);
    // The password is in no event.
    const all = JSON.stringify(events.map((e) => [e.event!.data, e.event!.metadata]));
    expect(all).not.toContain(added.body.temporaryPassword);
  });

  it('a direct partner invites a customer and the customer accepts', async () => {
    const direct = await enrol(h, 'direct');
    const requested = expectStatus(
      await h.call('POST', '/v1/relationship-requests', {
        token: direct.token,
        body: { includeAdminPermissions: true, services: ['exchange'] },
      }),
      201,
    );
    const { invitationId, link, emailText } = requested.body;
    expect(link).toContain(`/invitations/${invitationId}/accept?token=`);
    expect(emailText).toContain(link);
    const token = tokenOf(link);
    const invitationEvents = await h.readStream(`invitation-${invitationId}`);
    expect(JSON.stringify(invitationEvents.map((e) => [e.event!.data, e.event!.metadata]))).not.toContain(token);

    const customerId = uid('cust');
    const customerToken = h.customerToken(customerId);
    const wrongToken = await h.call('POST', `/v1/invitations/${invitationId}/accept`, {
      token: customerToken,
      body: { token: 'A'.repeat(43), newCustomer: { companyName: 'Tailspin', primaryDomain: `${customerId}.example` } },
    });
    expect(wrongToken.status).toBe(403);
    expect(wrongToken.body.code).toBe('INVITATION.TOKEN_INVALID');

    expectStatus(
      await h.call('POST', `/v1/invitations/${invitationId}/accept`, {
        token: customerToken,
        body: { token, newCustomer: { companyName: 'Tailspin', primaryDomain: `${customerId}.example` } },
      }),
      200,
    );
    const customer = await eventually(
      () => h.call('GET', `/v1/customers/${customerId}`, { token: direct.token }),
      (r) => r.status === 200 && r.body.relationships[direct.partnerId]?.active === true,
    );
    expect(customer.body.relationships[direct.partnerId].origin).toBe('invitation');
    expect(customer.body.adminHolders).toEqual({ exchange: direct.partnerId });

    const again = await h.call('POST', `/v1/invitations/${invitationId}/accept`, { token: customerToken, body: { token } });
    expect(again.status).toBe(409);
  });

  it('a reseller invites a customer together with its provider: one acceptance, two relationships', async () => {
    const { provider, reseller } = await partnership(h);
    const requested = expectStatus(
      await h.call('POST', '/v1/relationship-requests', { token: reseller.token, body: { providerId: provider.partnerId } }),
      201,
    );
    expect(requested.body.kind).toBe('combined');
    const customerId = uid('cust');
    expectStatus(
      await h.call('POST', `/v1/invitations/${requested.body.invitationId}/accept`, {
        token: h.customerToken(customerId),
        body: { token: tokenOf(requested.body.link), newCustomer: { companyName: 'Northwind', primaryDomain: `${customerId}.example` } },
      }),
      200,
    );
    const customer = await eventually(
      () => h.call('GET', `/v1/customers/${customerId}`, { token: provider.token }),
      (r) => r.status === 200 && r.body.relationships[reseller.partnerId]?.active === true,
    );
    expect(customer.body.relationships[provider.partnerId]).toMatchObject({ active: true, origin: 'combined-invitation' });
    expect(customer.body.relationships[reseller.partnerId]).toMatchObject({ active: true, origin: 'combined-invitation' });
  });

  it('a relationship is removed: confirmations and reason recorded, admin permissions unchanged', async () => {
    const direct = await enrol(h, 'direct');
    const requested = expectStatus(
      await h.call('POST', '/v1/relationship-requests', {
        token: direct.token,
        body: { includeAdminPermissions: true, services: ['teams'] },
      }),
      201,
    );
    const customerId = uid('cust');
    expectStatus(
      await h.call('POST', `/v1/invitations/${requested.body.invitationId}/accept`, {
        token: h.customerToken(customerId),
        body: { token: tokenOf(requested.body.link), newCustomer: { companyName: 'Litware', primaryDomain: `${customerId}.example` } },
      }),
      200,
    );
    const before = await eventually(
      () => h.call('GET', `/v1/customers/${customerId}`, { token: direct.token }),
      (r) => r.status === 200 && r.body.relationships[direct.partnerId]?.active === true,
    );
    const notConfirmed = await h.call('POST', `/v1/customers/${customerId}/relationship/remove`, {
      token: direct.token,
      body: { reason: 'Contract ended', goodFaithConfirmed: true, noticeResponsibilityConfirmed: false },
    });
    expect(notConfirmed.status).toBe(400);
    expect(notConfirmed.body).toMatchObject({ code: 'RELATIONSHIP.CONFIRMATION_REQUIRED', field: 'noticeResponsibilityConfirmed' });

    const agent = h.partnerToken(direct.partnerId, 'AdminAgent');
    const body = { reason: 'Contract ended', goodFaithConfirmed: true, noticeResponsibilityConfirmed: true };
    const forbidden = await h.call('POST', `/v1/customers/${customerId}/relationship/remove`, { token: agent, body });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.code).toBe('ROLE.FORBIDDEN');

    const removed = expectStatus(
      await h.call('POST', `/v1/customers/${customerId}/relationship/remove`, {
        token: direct.token,
        body,
        headers: { 'if-match': before.headers.get('etag')! },
      }),
      200,
    );
    expect(removed.headers.get('x-log-position')).toMatch(/^\d+$/);
    // The removed partner no longer reads the account; the customer sees the removal and the unchanged permissions.
    expect((await h.call('GET', `/v1/customers/${customerId}`, { token: direct.token })).status).toBe(404);
    const after = expectStatus(await h.call('GET', '/v1/customer', { token: h.customerToken(customerId) }), 200);
    expect(after.body.relationships[direct.partnerId].active).toBe(false);
    expect(after.body.adminHolders).toEqual({ teams: direct.partnerId });
    const events = await h.readStream(`customer-${customerId}`);
    const removal = events.find((e) => e.event!.type === 'RelationshipRemoved')!.event!;
    expect(removal.data).toMatchObject({ reason: 'Contract ended', goodFaithConfirmed: true, noticeResponsibilityConfirmed: true });
    expect(removal.metadata).toMatchObject({
      actor: { kind: 'partner', partnerId: direct.partnerId, role: 'GlobalAdmin' },
      command: 'RemoveRelationship',
    });
  });

  // Last, so that it sees what every scenario above appended, process manager steps included.
  it('wrote only events that match their schemas in the event catalogue', async () => {
    const { problems, types } = await catalogueProblems(h.client);
    expect(problems).toEqual([]);
    // The types the scenarios above write: fewer would mean the check no longer sees what they append.
    expect(types.size).toBeGreaterThanOrEqual(14);
  });
});
