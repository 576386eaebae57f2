import { jsonEvent } from '@eventstore/db-client';
import { derivedId, idempotencyScope, idempotencySeed, requestDigest } from '../../apps/api/src/idempotency/idempotency-ids';
import { startApiHarness, type ApiHarness } from './support/api-harness';
import { enrol, eventually, expectStatus, newCustomerBody, partnership, tokenOf, uid } from './support/fixtures';

const CHECKPOINT_STREAM = 'processmanager-checkpoint';

/**
 * The two-stream flows when the process is killed halfway: first before the follow-up ran at all, then
 * after it ran but before its checkpoint was saved (so it runs again on restart). Either way the final
 * state is complete and nothing is recorded twice.
 */
describe('process manager recovery', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await startApiHarness({ PROCESS_MANAGER: 'off' });
  });
  afterAll(async () => {
    await h?.close();
  });

  const types = async (stream: string) => (await h.readStream(stream)).map((e) => e.event!.type);
  const ids = async (stream: string) => (await h.readStream(stream)).map((e) => e.event!.id);

  async function checkpointReaches(position: bigint): Promise<void> {
    await eventually(
      async () => {
        const events = await h.readStream(CHECKPOINT_STREAM);
        const last = events[events.length - 1]?.event?.data as { commit?: string } | undefined;
        return last?.commit === undefined ? -1n : BigInt(last.commit);
      },
      (commit) => commit >= position,
      15_000,
    );
  }

  it('finishes an acceptance and a reseller association after a crash, without duplicates', async () => {
    // Phase 1: the API runs without its process manager; the guarding streams are written, nothing follows.
    const direct = await enrol(h, 'direct');
    const requested = expectStatus(
      await h.call('POST', '/v1/relationship-requests', { token: direct.token, body: { includeAdminPermissions: true } }),
      201,
    );
    const customerId = uid('cust');
    expectStatus(
      await h.call('POST', `/v1/invitations/${requested.body.invitationId}/accept`, {
        token: h.customerToken(customerId),
        body: { token: tokenOf(requested.body.link), newCustomer: { companyName: 'Crashy', primaryDomain: `${customerId}.example` } },
      }),
      200,
    );
    const { provider, reseller } = await partnership(h);
    const added = expectStatus(
      await h.call('POST', '/v1/customers', {
        token: provider.token,
        body: newCustomerBody(undefined, { resellerId: reseller.partnerId }),
      }),
      201,
    );
    const partnershipStream = `partnership-${provider.partnerId}_${reseller.partnerId}`;
    expect(await types(`customer-${customerId}`)).toEqual([]);
    expect(await types(partnershipStream)).not.toContain('ResellerAssociated');

    // Phase 2: kill it; restart with the process manager but a checkpoint that is never saved in time.
    await h.killApi();
    await h.startApi({ PROCESS_MANAGER: 'on', PROCESS_MANAGER_CHECKPOINT_MS: '3600000' });
    await eventually(
      () => types(`customer-${added.body.customerId}`),
      (t) => t.includes('ResellerAssociationRecorded'),
    );
    await eventually(
      () => types(`customer-${customerId}`),
      (t) => t.includes('RelationshipEstablished'),
    );
    const customerIds = await ids(`customer-${customerId}`);
    const addedIds = await ids(`customer-${added.body.customerId}`);
    const partnershipIds = await ids(partnershipStream);

    // Phase 3: killed again after the follow-ups, before any checkpoint: the restart replays everything.
    await h.killApi();
    await h.startApi({ PROCESS_MANAGER: 'on', PROCESS_MANAGER_CHECKPOINT_MS: '50' });
    await checkpointReaches((await h.head())!);

    expect(await ids(`customer-${customerId}`)).toEqual(customerIds);
    expect(await ids(`customer-${added.body.customerId}`)).toEqual(addedIds);
    expect(await ids(partnershipStream)).toEqual(partnershipIds);
    expect(await types(`customer-${customerId}`)).toEqual([
      'CustomerRegistered',
      'RelationshipEstablished',
      ...Array(6).fill('AdminPermissionsGranted'),
    ]);
    expect((await types(partnershipStream)).filter((t) => t === 'ResellerAssociated')).toHaveLength(1);
    const customer = expectStatus(await h.call('GET', `/v1/customers/${customerId}`, { token: direct.token }), 200);
    expect(customer.body.relationships[direct.partnerId].active).toBe(true);
    // Follow-up events name their cause and the process that wrote them.
    const established = (await h.readStream(`customer-${customerId}`))[1].event!;
    expect(established.metadata).toMatchObject({
      actor: { kind: 'system', process: 'relationship-process' },
      command: 'EstablishInvitedRelationships',
    });
  });

  it('an idempotent AddCustomer that crashed after claiming the domain completes on retry', async () => {
    const direct = await enrol(h, 'direct');
    const key = `retry-${uid('k')}`;
    const domain = `${uid('half')}.example`;
    // What the first attempt left behind: its domain claim, under the id derived from the caller and key.
    const scope = idempotencyScope({
      kind: 'partner',
      partnerId: direct.partnerId,
      userId: `globaladmin-${direct.partnerId}`,
      role: 'GlobalAdmin',
    });
    const body = newCustomerBody(domain);
    const customerId = derivedId(idempotencySeed(scope, key, requestDigest('POST', '/v1/customers', body)), 'customer');
    await h.client.appendToStream(
      `customerdomain-${domain}`,
      jsonEvent({ type: 'CustomerDomainClaimed', data: { domain, customerId, claimedAt: new Date().toISOString() } }),
    );
    const retried = expectStatus(
      await h.call('POST', '/v1/customers', { token: direct.token, body, headers: { 'idempotency-key': key } }),
      201,
    );
    expect(retried.body.customerId).toBe(customerId);
    expect(await types(`customerdomain-${domain}`)).toEqual(['CustomerDomainClaimed']);
    expect(await types(`customer-${customerId}`)).toEqual(['CustomerAdded', 'RelationshipEstablished']);
    // Without the key the claim belongs to someone else's attempt: the domain is taken.
    const other = await h.call('POST', '/v1/customers', { token: direct.token, body: newCustomerBody(domain) });
    expect(other.body.code).toBe('CUSTOMER.DOMAIN_TAKEN');
  });
});
