import { startApiHarness, type ApiHarness } from './support/api-harness';
import { address, enrol, eventually, expectStatus, newCustomerBody, partnership, tokenOf, uid } from './support/fixtures';
import { catalogueProblems } from './support/catalogue-check';

describe('every use case over HTTP', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await startApiHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('enrols a partner once and serves its profile with an ETag', async () => {
    const { partnerId, token } = await enrol(h, 'direct');
    const read = expectStatus(await h.call('GET', '/v1/partner', { token }), 200);
    expect(read.body).toMatchObject({ partnerId, kind: 'direct', country: 'US' });
    expect(read.headers.get('etag')).toBe('W/"0"');
    const again = await h.call('POST', '/v1/partner', { token, body: { kind: 'direct', name: 'X', mpnId: '1234567', country: 'US' } });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('PARTNER.ALREADY_ENROLLED');
    const unenrolled = await h.call('POST', '/v1/customers', { token: h.partnerToken(uid('nobody')), body: newCustomerBody() });
    expect(unenrolled.status).toBe(403);
    expect(unenrolled.body.code).toBe('PARTNER.NOT_ENROLLED');
  });

  it('adds a customer with initial subscriptions, refuses a taken domain and a reseller adding customers', async () => {
    const direct = await enrol(h, 'direct');
    const domain = `${uid('d')}.example`;
    const added = expectStatus(
      await h.call('POST', '/v1/customers', {
        token: h.partnerToken(direct.partnerId, 'SalesAgent'),
        body: newCustomerBody(domain.toUpperCase(), { subscriptions: [{ offerId: 'exchange-online-plan-1', licenseCount: 10 }] }),
      }),
      201,
    );
    expect(added.body.primaryDomain).toBe(domain);
    expect(added.body.subscriptionIds).toHaveLength(1);
    expect(added.headers.get('location')).toBe(`/v1/customers/${added.body.customerId}`);
    const taken = await h.call('POST', '/v1/customers', { token: direct.token, body: newCustomerBody(domain) });
    expect(taken.status).toBe(409);
    expect(taken.body).toMatchObject({ code: 'CUSTOMER.DOMAIN_TAKEN', field: 'primaryDomain' });
    const future = await h.call('POST', '/v1/customers', {
      token: direct.token,
      body: { ...newCustomerBody(), agreement: { accepted: true, signerName: 'A', signerEmail: 'a@b.example', signedAt: '2999-01-01' } },
    });
    expect(future.body).toMatchObject({ status: 400, code: 'AGREEMENT.DATE_IN_FUTURE', field: 'agreement.signedAt' });
    const reseller = await enrol(h, 'indirect-reseller');
    const byReseller = await h.call('POST', '/v1/customers', { token: reseller.token, body: newCustomerBody() });
    expect(byReseller.status).toBe(403);
    expect(byReseller.body.code).toBe('PARTNER.KIND_NOT_ALLOWED');
    const helpdesk = await h.call('POST', '/v1/customers', {
      token: h.partnerToken(direct.partnerId, 'HelpdeskAgent'),
      body: newCustomerBody(),
    });
    expect(helpdesk.body.code).toBe('ROLE.FORBIDDEN');
  });

  it('updates customer details, conditionally on If-Match', async () => {
    const direct = await enrol(h, 'direct');
    const added = expectStatus(await h.call('POST', '/v1/customers', { token: direct.token, body: newCustomerBody() }), 201);
    const path = `/v1/customers/${added.body.customerId}`;
    const etag = (await h.call('GET', path, { token: direct.token })).headers.get('etag')!;
    const updated = expectStatus(
      await h.call('PATCH', path, { token: direct.token, body: { companyName: 'Fabrikam Ltd' }, headers: { 'if-match': etag } }),
      200,
    );
    expect(updated.body.changed).toBe(true);
    const stale = await h.call('PATCH', path, {
      token: direct.token,
      body: { address: { ...address, city: 'Tacoma' } },
      headers: { 'if-match': etag },
    });
    expect(stale.status).toBe(412);
    expect(stale.body).toMatchObject({ code: 'PRECONDITION_FAILED', field: 'If-Match' });
    const read = expectStatus(await h.call('GET', path, { token: direct.token }), 200);
    expect(read.body.companyName).toBe('Fabrikam Ltd');
    expect(read.body.address.city).toBe('Seattle');
    expect(read.headers.get('etag')).toBe(updated.headers.get('etag'));
  });

  it('imports a customer once per partner', async () => {
    const direct = await enrol(h, 'direct');
    const customerId = uid('legacy');
    const body = { customerId, companyName: 'Legacy Co', primaryDomain: `${customerId}.example`, source: 'partner-center' };
    const first = expectStatus(await h.call('POST', '/v1/customers/import', { token: direct.token, body }), 200);
    expect(first.body.imported).toBe(true);
    const second = expectStatus(await h.call('POST', '/v1/customers/import', { token: direct.token, body }), 200);
    expect(second.body.imported).toBe(false);
    const customer = expectStatus(await h.call('GET', `/v1/customers/${customerId}`, { token: direct.token }), 200);
    expect(customer.body.relationships[direct.partnerId]).toMatchObject({ origin: 'imported', active: true });
    expect((await h.readStream(`customer-${customerId}`)).map((e) => e.event!.type)).toEqual([
      'CustomerImported',
      'RelationshipEstablished',
    ]);
  });

  it('adds a subscription, changes its license count, designates the support contact and a partner of record', async () => {
    const { provider, reseller } = await partnership(h);
    const added = expectStatus(await h.call('POST', '/v1/customers', { token: provider.token, body: newCustomerBody() }), 201);
    const customerId = added.body.customerId;
    const sub = expectStatus(
      await h.call('POST', `/v1/customers/${customerId}/subscriptions`, {
        token: provider.token,
        body: { offerId: 'teams-essentials', licenseCount: 5 },
      }),
      201,
    );
    const subscriptionId = sub.body.subscriptionId;
    const base = `/v1/customers/${customerId}/subscriptions/${subscriptionId}`;
    expectStatus(await h.call('PATCH', base, { token: provider.token, body: { licenseCount: 7 } }), 200);
    const tooMany = await h.call('PATCH', base, { token: provider.token, body: { licenseCount: 0 } });
    expect(tooMany.body).toMatchObject({ status: 400, field: 'licenseCount' });
    const unknownOffer = await h.call('POST', `/v1/customers/${customerId}/subscriptions`, {
      token: provider.token,
      body: { offerId: 'nope', licenseCount: 1 },
    });
    expect(unknownOffer.body).toMatchObject({ status: 400, code: 'SUBSCRIPTION.OFFER_UNKNOWN', field: 'offerId' });

    // Only an associated reseller can be the support contact.
    const notAssociated = await h.call('PUT', `${base}/support-contact`, {
      token: provider.token,
      body: { kind: 'reseller', resellerId: reseller.partnerId },
    });
    expect(notAssociated.status).toBe(409);
    expect(notAssociated.body.code).toBe('SUPPORT.RESELLER_NOT_ASSOCIATED');
    expectStatus(
      await h.call('PUT', `/v1/customers/${customerId}/subscriptions/${subscriptionId}/partner-of-record`, {
        token: provider.token,
        body: { resellerId: reseller.partnerId },
      }),
      200,
    );
    const customer = await eventually(
      () => h.call('GET', `/v1/customers/${customerId}`, { token: provider.token }),
      (r) => r.body.subscriptions?.[subscriptionId]?.partnerOfRecordId === reseller.partnerId,
    );
    expect(customer.body.subscriptions[subscriptionId].licenseCount).toBe(7);
    expectStatus(
      await h.call('POST', `/v1/customers/${customerId}/resellers`, { token: provider.token, body: { resellerId: reseller.partnerId } }),
      200,
    );
    await eventually(
      () => h.call('GET', `/v1/customers/${customerId}`, { token: provider.token }),
      (r) => r.body.associations?.some((a: { resellerId: string }) => a.resellerId === reseller.partnerId),
    );
    expectStatus(
      await h.call('PUT', `${base}/support-contact`, { token: provider.token, body: { kind: 'reseller', resellerId: reseller.partnerId } }),
      200,
    );
    const after = expectStatus(await h.call('GET', `/v1/customers/${customerId}`, { token: provider.token }), 200);
    expect(after.body.subscriptions[subscriptionId].supportContactId).toBe(reseller.partnerId);
  });

  it('revokes an invitation; a revoked invitation cannot be accepted', async () => {
    const direct = await enrol(h, 'direct');
    const requested = expectStatus(
      await h.call('POST', '/v1/relationship-requests', { token: direct.token, body: { emailDraft: 'Hi,\n{{invitationLink}}\nBye' } }),
      201,
    );
    expect(requested.body.emailText).toBe(`Hi,\n${requested.body.link}\nBye`);
    const noLink = await h.call('POST', '/v1/relationship-requests', { token: direct.token, body: { emailDraft: 'no link here' } });
    expect(noLink.body).toMatchObject({ code: 'INVITATION.LINK_MISSING_FROM_EMAIL', field: 'emailDraft' });
    const path = `/v1/invitations/${requested.body.invitationId}`;
    const read = expectStatus(await h.call('GET', path, { token: direct.token }), 200);
    expect(read.body.status).toBe('open');
    expect(read.body.tokenHash).toBeUndefined();
    expectStatus(await h.call('POST', `${path}/revoke`, { token: direct.token, body: { reason: 'sent to the wrong person' } }), 200);
    const customerId = uid('cust');
    const accept = await h.call('POST', `${path}/accept`, {
      token: h.customerToken(customerId),
      body: { token: tokenOf(requested.body.link), newCustomer: { companyName: 'X', primaryDomain: `${customerId}.example` } },
    });
    expect(accept.status).toBe(409);
    expect(accept.body.code).toBe('INVITATION.REVOKED');
    // Nothing was claimed for the refused acceptance.
    expect(await h.readStream(`customerdomain-${customerId}.example`)).toHaveLength(0);
  });

  it('lets the customer remove and reassign admin permissions', async () => {
    const first = await enrol(h, 'direct');
    const second = await enrol(h, 'direct');
    const requested = expectStatus(
      await h.call('POST', '/v1/relationship-requests', {
        token: first.token,
        body: { includeAdminPermissions: true, services: ['exchange', 'teams'] },
      }),
      201,
    );
    const customerId = uid('cust');
    const customer = h.customerToken(customerId);
    expectStatus(
      await h.call('POST', `/v1/invitations/${requested.body.invitationId}/accept`, {
        token: customer,
        body: { token: tokenOf(requested.body.link), newCustomer: { companyName: 'Admin Co', primaryDomain: `${customerId}.example` } },
      }),
      200,
    );
    await eventually(
      () => h.call('GET', `/v1/customers/${customerId}`, { token: first.token }),
      (r) => r.status === 200 && r.body.adminHolders?.teams === first.partnerId,
    );
    const byPartner = await h.call('POST', '/v1/customer/admin-permissions/exchange/remove', {
      token: first.token,
      body: { partnerId: first.partnerId },
    });
    expect(byPartner.status).toBe(403);
    const byUser = await h.call('POST', '/v1/customer/admin-permissions/exchange/remove', {
      token: h.customerToken(customerId, 'User'),
      body: { partnerId: first.partnerId },
    });
    expect(byUser.body.code).toBe('ROLE.FORBIDDEN');
    expectStatus(
      await h.call('POST', '/v1/customer/admin-permissions/exchange/remove', { token: customer, body: { partnerId: first.partnerId } }),
      200,
    );
    const toStranger = await h.call('POST', '/v1/customer/admin-permissions/teams/reassign', {
      token: customer,
      body: { toPartnerId: second.partnerId },
    });
    expect(toStranger.body).toMatchObject({ code: 'RELATIONSHIP.NOT_ACTIVE', field: 'toPartnerId' });
    // The second partner becomes the customer's partner too (its own invitation); now it may receive them.
    const invitedBySecond = expectStatus(await h.call('POST', '/v1/relationship-requests', { token: second.token, body: {} }), 201);
    expectStatus(
      await h.call('POST', `/v1/invitations/${invitedBySecond.body.invitationId}/accept`, {
        token: customer,
        body: { token: tokenOf(invitedBySecond.body.link) },
      }),
      200,
    );
    await eventually(
      () => h.call('GET', `/v1/customers/${customerId}`, { token: second.token }),
      (r) => r.status === 200 && r.body.relationships?.[second.partnerId]?.active === true,
    );
    expectStatus(
      await h.call('POST', '/v1/customer/admin-permissions/teams/reassign', { token: customer, body: { toPartnerId: second.partnerId } }),
      200,
    );
    const unknown = await h.call('POST', '/v1/customer/admin-permissions/fax/reassign', {
      token: customer,
      body: { toPartnerId: second.partnerId },
    });
    expect(unknown.body).toMatchObject({ status: 400, field: 'service' });
    const after = expectStatus(await h.call('GET', `/v1/customers/${customerId}`, { token: first.token }), 200);
    expect(after.body.adminHolders).toEqual({ teams: second.partnerId });
  });

  it('requests, accepts and removes a partnership; only the right sides may', async () => {
    const provider = await enrol(h, 'indirect-provider');
    const reseller = await enrol(h, 'indirect-reseller');
    const direct = await enrol(h, 'direct');
    const byDirect = await h.call('POST', '/v1/indirect-resellers', { token: direct.token, body: { resellerId: reseller.partnerId } });
    expect(byDirect.body.code).toBe('PARTNER.KIND_NOT_ALLOWED');
    expectStatus(
      await h.call('POST', '/v1/indirect-resellers', {
        token: h.partnerToken(provider.partnerId, 'SalesAgent'),
        body: { resellerId: reseller.partnerId },
      }),
      201,
    );
    const twice = await h.call('POST', '/v1/indirect-resellers', { token: provider.token, body: { resellerId: reseller.partnerId } });
    expect(twice.body.code).toBe('PARTNERSHIP.ALREADY_REQUESTED');
    const agentAccept = await h.call('POST', `/v1/indirect-providers/${provider.partnerId}/accept`, {
      token: h.partnerToken(reseller.partnerId, 'AdminAgent'),
    });
    expect(agentAccept.body.code).toBe('ROLE.FORBIDDEN');
    expectStatus(await h.call('POST', `/v1/indirect-providers/${provider.partnerId}/accept`, { token: reseller.token }), 200);
    const path = `/v1/partnerships/${provider.partnerId}/${reseller.partnerId}`;
    expect((await h.call('GET', path, { token: reseller.token })).body.status).toBe('active');
    expect((await h.call('GET', path, { token: direct.token })).status).toBe(404);
    expectStatus(
      await h.call('POST', `/v1/indirect-resellers/${reseller.partnerId}/remove`, {
        token: provider.token,
        body: { reason: 'program ended' },
      }),
      200,
    );
    expect((await h.call('GET', path, { token: provider.token })).body.status).toBe('removed');
  });

  it('serves the OpenAPI document and refuses requests without a valid token', async () => {
    const doc = expectStatus(await h.call('GET', '/openapi.json'), 200);
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining(['/v1/customers', '/v1/relationship-requests', '/v1/invitations/{invitationId}/accept']),
    );
    expect((await h.call('GET', '/docs')).status).toBe(200);
    const none = await h.call('GET', '/v1/partner');
    expect(none.status).toBe(401);
    expect(none.headers.get('content-type')).toContain('application/problem+json');
    // The signature's first character: its last one also carries padding bits a decoder may ignore.
    const forged = h
      .partnerToken('contoso')
      .replace(/\.([^.])([^.]*)$/, (_, c: string, rest: string) => `.${c === 'A' ? 'B' : 'A'}${rest}`);
    expect((await h.call('GET', '/v1/partner', { token: forged })).status).toBe(401);
    const customerOnPartnerRoute = await h.call('GET', '/v1/partner', { token: h.customerToken('c1') });
    expect(customerOnPartnerRoute.status).toBe(403);
  });

  // Last, so that it sees what every scenario above appended, process manager steps included.
  it('wrote only events that match their schemas in the event catalogue', async () => {
    const { problems, types } = await catalogueProblems(h.client);
    expect(problems).toEqual([]);
    // The types the scenarios above write: fewer would mean the check no longer sees what they append.
    expect(types.size).toBeGreaterThanOrEqual(20);
  });
});
