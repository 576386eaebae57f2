// Cross-stream rules that a single stream's decision cannot see: import of a known customer, a combined
// invitation whose partnership ends on the way, orphaned domain claims, unattended invitation expiry, and
// the support contact after a partner-of-record change.
import { randomUUID } from 'node:crypto';
import { jsonEvent, NO_STREAM } from '@eventstore/db-client';
import { followUpEventId } from '@app/event-store';
import { startApiHarness, type ApiHarness } from './support/api-harness';
import { customerWithSubscription, enrol, eventually, expectStatus, newCustomerBody, partnership, tokenOf, uid } from './support/fixtures';
import { catalogueProblems } from './support/catalogue-check';

const GRACE_MS = 1_500;

describe('domain flows across streams', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await startApiHarness({ PROJECTOR: 'inline', DOMAIN_CLAIM_GRACE_MS: String(GRACE_MS), INVITATION_EXPIRY_SWEEP_MS: '200' });
  });
  afterAll(async () => {
    await h?.close();
  });

  /** Appends as another API instance (or an earlier, crashed command) would have, behind this instance's cache. */
  async function appendElsewhere(stream: string, type: string, data: Record<string, unknown>): Promise<void> {
    const existing = await h.readStream(stream);
    const last = existing.at(-1)?.event?.revision;
    const metadata = {
      schemaVersion: 1,
      actor: { kind: 'system', process: 'other-instance' },
      correlationId: randomUUID(),
      causationId: randomUUID(),
      command: type,
    };
    await h.client.appendToStream(stream, jsonEvent({ type, data, metadata }), { expectedRevision: last === undefined ? NO_STREAM : last });
  }

  const types = async (stream: string) => (await h.readStream(stream)).map((e) => e.event!.type);

  it('import never attaches a partner to a customer someone else serves, and resellers cannot import', async () => {
    const direct = await enrol(h, 'direct');
    const added = expectStatus(await h.call('POST', '/v1/customers', { token: direct.token, body: newCustomerBody() }), 201);
    const { customerId, primaryDomain } = added.body;
    const body = { customerId, companyName: 'Fabrikam', primaryDomain };

    const reseller = await enrol(h, 'indirect-reseller');
    const byReseller = await h.call('POST', '/v1/customers/import', { token: reseller.token, body });
    expect(byReseller.status).toBe(403);
    expect(byReseller.body.code).toBe('PARTNER.KIND_NOT_ALLOWED');

    const provider = await enrol(h, 'indirect-provider');
    const byProvider = await h.call('POST', '/v1/customers/import', { token: provider.token, body });
    // The same 404 as a GET of the customer: the import does not confirm that it exists.
    const asRead = await h.call('GET', `/v1/customers/${customerId}`, { token: provider.token });
    expect(asRead.status).toBe(404);
    expect([byProvider.status, byProvider.body]).toEqual([404, asRead.body]);
    expect(await types(`customer-${customerId}`)).not.toContain('CustomerImported');
  });

  it('import of a customer another instance just created claims no domain for it, whatever this instance cached', async () => {
    const provider = await enrol(h, 'indirect-provider');
    const customerId = uid('elsewhere');
    expect((await h.call('GET', `/v1/customers/${customerId}`, { token: provider.token })).status).toBe(404);
    await appendElsewhere(`customer-${customerId}`, 'CustomerRegistered', {
      customerId,
      companyName: 'Elsewhere',
      primaryDomain: `${customerId}.example`,
      invitationId: randomUUID(),
      registeredAt: new Date().toISOString(),
    });
    const squat = `${uid('squat')}.example`;
    const imported = await h.call('POST', '/v1/customers/import', {
      token: provider.token,
      body: { customerId, companyName: 'Elsewhere', primaryDomain: squat },
    });
    // Answered as the GET above: the import does not confirm that another partner's customer exists.
    expect(imported.status).toBe(404);
    expect(imported.body).toEqual((await h.call('GET', `/v1/customers/${customerId}`, { token: provider.token })).body);
    expect(await types(`customerdomain-${squat}`)).toEqual([]);
  });

  it('a combined invitation accepted on a stale view of a removed partnership is refused; no provider relationship', async () => {
    const { provider, reseller } = await partnership(h);
    const requested = expectStatus(
      await h.call('POST', '/v1/relationship-requests', { token: reseller.token, body: { providerId: provider.partnerId } }),
      201,
    );
    // Another instance removes the partnership; this one still holds it as active from the request.
    const partnershipStream = `partnership-${provider.partnerId}_${reseller.partnerId}`;
    await appendElsewhere(partnershipStream, 'PartnershipRemoved', {
      providerId: provider.partnerId,
      resellerId: reseller.partnerId,
      removedBy: 'elsewhere',
      removedAt: new Date().toISOString(),
    });
    const customerId = uid('cust');
    const accepted = await h.call('POST', `/v1/invitations/${requested.body.invitationId}/accept`, {
      token: h.customerToken(customerId),
      body: { token: tokenOf(requested.body.link), newCustomer: { companyName: 'Northwind', primaryDomain: `${customerId}.example` } },
    });
    expect(accepted.body.code).toBe('PARTNERSHIP.NOT_ACTIVE');
    await new Promise((r) => setTimeout(r, 500));
    expect(await types(`customer-${customerId}`)).toEqual([]);
  });

  it('an association is decided on what the customer stream holds now, not on a lookup this instance cached', async () => {
    const { provider, reseller } = await partnership(h);
    const customerId = uid('cust');
    expect((await h.call('GET', `/v1/customers/${customerId}`, { token: provider.token })).status).toBe(404);
    const invitationId = randomUUID();
    const at = new Date().toISOString();
    await appendElsewhere(`customer-${customerId}`, 'CustomerRegistered', {
      customerId,
      companyName: 'Elsewhere',
      primaryDomain: `${customerId}.example`,
      invitationId,
      registeredAt: at,
    });
    await appendElsewhere(`customer-${customerId}`, 'RelationshipEstablished', {
      customerId,
      partnerId: provider.partnerId,
      origin: 'invitation',
      invitationId,
      establishedAt: at,
    });
    expectStatus(
      await h.call('POST', `/v1/customers/${customerId}/resellers`, { token: provider.token, body: { resellerId: reseller.partnerId } }),
      200,
    );
  });

  it('a partnership removed after the acceptance but before the process manager: reseller only, and the partnership stream says why', async () => {
    const { provider, reseller } = await partnership(h);
    const requested = expectStatus(
      await h.call('POST', '/v1/relationship-requests', { token: reseller.token, body: { providerId: provider.partnerId } }),
      201,
    );
    await h.killApi();
    await h.startApi({ PROCESS_MANAGER: 'off' });
    const customerId = uid('cust');
    expectStatus(
      await h.call('POST', `/v1/invitations/${requested.body.invitationId}/accept`, {
        token: h.customerToken(customerId),
        body: { token: tokenOf(requested.body.link), newCustomer: { companyName: 'Northwind', primaryDomain: `${customerId}.example` } },
      }),
      200,
    );
    expectStatus(
      await h.call('POST', `/v1/indirect-resellers/${reseller.partnerId}/remove`, {
        token: provider.token,
        body: { reason: 'program ended' },
      }),
      200,
    );
    await h.killApi();
    await h.startApi();

    const partnershipStream = `partnership-${provider.partnerId}_${reseller.partnerId}`;
    const outcome = await eventually(
      () => h.readStream(partnershipStream),
      (events) => events.some((e) => e.event!.type === 'CombinedInvitationDeclined'),
    );
    const declined = outcome.find((e) => e.event!.type === 'CombinedInvitationDeclined')!.event!.data as Record<string, unknown>;
    expect(declined).toMatchObject({ invitationId: requested.body.invitationId, customerId, reason: 'PARTNERSHIP.NOT_ACTIVE' });
    const customer = await eventually(
      () => h.call('GET', `/v1/customers/${customerId}`, { token: reseller.token }),
      (r) => r.status === 200,
    );
    expect(customer.body.relationships[reseller.partnerId]).toMatchObject({ active: true, origin: 'combined-invitation' });
    expect(customer.body.relationships[provider.partnerId]).toBeUndefined();
  });

  it('a domain claim whose customer was never created is taken over after the grace period; a live one never', async () => {
    const direct = await enrol(h, 'direct');
    const orphanDomain = `${uid('orphan')}.example`;
    const orphanId = randomUUID();
    await appendElsewhere(`customerdomain-${orphanDomain}`, 'CustomerDomainClaimed', {
      domain: orphanDomain,
      customerId: orphanId,
      claimedAt: new Date().toISOString(),
    });
    const live = expectStatus(await h.call('POST', '/v1/customers', { token: direct.token, body: newCustomerBody() }), 201);

    const early = await h.call('POST', '/v1/customers', { token: direct.token, body: newCustomerBody(orphanDomain) });
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('CUSTOMER.DOMAIN_TAKEN');
    await new Promise((r) => setTimeout(r, GRACE_MS + 200));

    const taken = expectStatus(await h.call('POST', '/v1/customers', { token: direct.token, body: newCustomerBody(orphanDomain) }), 201);
    const claims = await h.readStream(`customerdomain-${orphanDomain}`);
    expect(claims.map((e) => e.event!.data)).toEqual([
      expect.objectContaining({ customerId: orphanId }),
      expect.objectContaining({ customerId: taken.body.customerId, takenOverFrom: orphanId }),
    ]);
    // The orphan's customer id is given up on its own stream first, so a late creation of it would fail.
    expect(await types(`customer-${orphanId}`)).toEqual(['CustomerCreationAbandoned']);
    const again = await h.call('POST', '/v1/customers', { token: direct.token, body: newCustomerBody(live.body.primaryDomain) });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('CUSTOMER.DOMAIN_TAKEN');
  });

  it('the sweep records InvitationExpired for an invitation nobody touched after its expiry, once, and leaves open ones', async () => {
    const direct = await enrol(h, 'direct');
    const open = expectStatus(await h.call('POST', '/v1/relationship-requests', { token: direct.token, body: {} }), 201);
    const invitationId = randomUUID();
    const expiresAt = new Date(Date.now() - 60_000).toISOString();
    await appendElsewhere(`invitation-${invitationId}`, 'RelationshipRequested', {
      invitationId,
      partnerId: direct.partnerId,
      kind: 'reseller',
      includeAdminPermissions: false,
      services: [],
      tokenHash: 'ab'.repeat(32),
      expiresAt,
      emailDraft: '{{invitationLink}}',
      requestedBy: 'someone',
      requestedAt: new Date(Date.now() - 31 * 86_400_000).toISOString(),
    });
    const events = await eventually(
      () => h.readStream(`invitation-${invitationId}`),
      (read) => read.some((e) => e.event!.type === 'InvitationExpired'),
    );
    const expired = events.filter((e) => e.event!.type === 'InvitationExpired');
    expect(expired).toHaveLength(1);
    expect(expired[0].event!.id).toBe(followUpEventId(invitationId, 'invitation-expiry-sweep', 0));
    expect(expired[0].event!.data).toMatchObject({ invitationId, partnerId: direct.partnerId, expiresAt });
    await new Promise((r) => setTimeout(r, 600));
    expect(await types(`invitation-${invitationId}`)).toEqual(['RelationshipRequested', 'InvitationExpired']);
    expect(await types(`invitation-${open.body.invitationId}`)).toEqual(['RelationshipRequested']);
  });

  it('a new partner of record takes support away from the previous one when it is not associated with the customer', async () => {
    const { provider, reseller: first } = await partnership(h);
    const second = await enrol(h, 'indirect-reseller');
    expectStatus(await h.call('POST', '/v1/indirect-resellers', { token: provider.token, body: { resellerId: second.partnerId } }), 201);
    expectStatus(await h.call('POST', `/v1/indirect-providers/${provider.partnerId}/accept`, { token: second.token }), 200);
    const { customerId, subscriptionId } = await customerWithSubscription(h, provider.token);
    const base = `/v1/customers/${customerId}/subscriptions/${subscriptionId}`;
    const subscription = async () =>
      (await h.call('GET', `/v1/customers/${customerId}`, { token: provider.token })).body.subscriptions?.[subscriptionId];

    expectStatus(await h.call('PUT', `${base}/partner-of-record`, { token: provider.token, body: { resellerId: first.partnerId } }), 200);
    await eventually(subscription, (s) => s?.partnerOfRecordId === first.partnerId);
    expectStatus(
      await h.call('PUT', `${base}/support-contact`, { token: provider.token, body: { kind: 'reseller', resellerId: first.partnerId } }),
      200,
    );
    expectStatus(await h.call('PUT', `${base}/partner-of-record`, { token: provider.token, body: { resellerId: second.partnerId } }), 200);
    const after = await eventually(subscription, (s) => s?.partnerOfRecordId === second.partnerId);
    expect(after.supportContactId).toBe(provider.partnerId);
  });

  // Last, so that it sees what every scenario above appended, process manager steps included.
  it('wrote only events that match their schemas in the event catalogue', async () => {
    const { problems, types } = await catalogueProblems(h.client);
    expect(problems).toEqual([]);
    // The types the scenarios above write: fewer would mean the check no longer sees what they append.
    expect(types.size).toBeGreaterThanOrEqual(17);
  });
});
