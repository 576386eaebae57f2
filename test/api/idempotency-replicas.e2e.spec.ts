import { join } from 'node:path';
import Database from 'better-sqlite3';
import { IDEMPOTENCY_SQLITE_FILE } from '../../apps/api/src/idempotency/idempotency-store';
import { idempotencyScope } from '../../apps/api/src/idempotency/idempotency-ids';
import { idempotencySecret } from '../../apps/api/src/idempotency/idempotency-secret';
import { ResponseCipher } from '../../apps/api/src/idempotency/response-cipher';
import { startApiHarness, type ApiHarness, type ApiReplica } from './support/api-harness';
import { enrol, expectStatus, newCustomerBody, tokenOf, uid } from './support/fixtures';

const subscription = { offerId: 'exchange-online-plan-1', licenseCount: 5 };

describe('Idempotency-Key across users, replicas and crashes', () => {
  let h: ApiHarness;
  let replica: ApiReplica;
  beforeAll(async () => {
    h = await startApiHarness({ PROCESS_MANAGER: 'off', IDEMPOTENCY_LEASE_MS: '500' });
    replica = await h.startReplica();
  });
  afterAll(async () => {
    await h?.close();
  });

  /** What an instance that died mid-command leaves: the key's record still pending, claimed long ago. */
  const simulateCrashAfterAppend = (partnerId: string, role: string, key: string) => {
    const scope = idempotencyScope({ kind: 'partner', partnerId, userId: `${role.toLowerCase()}-${partnerId}`, role: role as never });
    const db = new Database(join(h.dataDir, IDEMPOTENCY_SQLITE_FILE));
    try {
      const changed = db
        .prepare(
          `update api_idempotency_records set status = 'pending', sealed_response = '', owner = 'dead', claimed_at = ? where record_id = ?`,
        )
        .run(
          new Date(Date.now() - 60_000).toISOString(),
          new ResponseCipher(idempotencySecret(undefined, h.dataDir)).recordId(scope, key),
        ).changes;
      expect(changed).toBe(1);
    } finally {
      db.close();
    }
  };

  const subscriptionEvents = async (customerId: string) =>
    (await h.readStream(`customer-${customerId}`)).filter((e) => e.event!.type === 'SubscriptionAdded');

  it('does not replay a GlobalAdmin’s response to a HelpdeskAgent of the same partner', async () => {
    const direct = await enrol(h, 'direct');
    const key = `key-${uid('k')}`;
    const body = newCustomerBody();
    const added = expectStatus(
      await h.call('POST', '/v1/customers', { token: direct.token, body, headers: { 'idempotency-key': key } }),
      201,
    );
    expect(added.body.temporaryPassword).toBeTruthy();
    const helpdesk = h.partnerToken(direct.partnerId, 'HelpdeskAgent');
    const replayed = await h.call('POST', '/v1/customers', { token: helpdesk, body, headers: { 'idempotency-key': key } });
    expect(replayed.status).toBe(403);
    expect(replayed.text).not.toContain(added.body.temporaryPassword);
    // An AdminAgent may add customers, but the key is the GlobalAdmin's: it runs as a new request (domain taken).
    const agent = h.partnerToken(direct.partnerId, 'AdminAgent');
    const other = await h.call('POST', '/v1/customers', { token: agent, body, headers: { 'idempotency-key': key } });
    expect(other.status).toBe(409);
    expect(other.body.code).toBe('CUSTOMER.DOMAIN_TAKEN');
    expect(other.text).not.toContain(added.body.temporaryPassword);
  });

  it('runs one AddSubscription when two replicas receive the same key at once', async () => {
    const direct = await enrol(h, 'direct');
    const customer = expectStatus(await h.call('POST', '/v1/customers', { token: direct.token, body: newCustomerBody() }), 201);
    const { customerId } = customer.body;
    const key = `key-${uid('k')}`;
    const send = (call: ApiHarness['call']) =>
      call('POST', `/v1/customers/${customerId}/subscriptions`, {
        token: direct.token,
        body: subscription,
        headers: { 'idempotency-key': key },
      });
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => send(i % 2 === 0 ? h.call : replica.call)));
    for (const r of results) expect(r.status).toBe(201);
    expect(new Set(results.map((r) => r.body.subscriptionId)).size).toBe(1);
    expect(await subscriptionEvents(customerId)).toHaveLength(1);
  });

  it('a retry after a crash between append and record re-appends the same events: still one subscription', async () => {
    const direct = await enrol(h, 'direct');
    const { customerId } = expectStatus(await h.call('POST', '/v1/customers', { token: direct.token, body: newCustomerBody() }), 201).body;
    const key = `key-${uid('k')}`;
    const headers = { 'idempotency-key': key };
    const path = `/v1/customers/${customerId}/subscriptions`;
    const first = expectStatus(await h.call('POST', path, { token: direct.token, body: subscription, headers }), 201);
    simulateCrashAfterAppend(direct.partnerId, 'GlobalAdmin', key);
    const retried = expectStatus(await replica.call('POST', path, { token: direct.token, body: subscription, headers }), 201);
    expect(retried.body.subscriptionId).toBe(first.body.subscriptionId);
    expect(await subscriptionEvents(customerId)).toHaveLength(1);
    // The retry's answer is recorded now: a further repeat is a plain replay of it.
    const again = expectStatus(await h.call('POST', path, { token: direct.token, body: subscription, headers }), 201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.text).toBe(retried.text);
  });

  it('a crashed AddCustomer retried by another replica completes the same customer', async () => {
    const direct = await enrol(h, 'direct');
    const key = `key-${uid('k')}`;
    const body = newCustomerBody(undefined, { subscriptions: [subscription] });
    const first = expectStatus(
      await h.call('POST', '/v1/customers', { token: direct.token, body, headers: { 'idempotency-key': key } }),
      201,
    );
    simulateCrashAfterAppend(direct.partnerId, 'GlobalAdmin', key);
    const retried = expectStatus(
      await replica.call('POST', '/v1/customers', { token: direct.token, body, headers: { 'idempotency-key': key } }),
      201,
    );
    expect(retried.body.customerId).toBe(first.body.customerId);
    expect(retried.body.subscriptionIds).toEqual(first.body.subscriptionIds);
    const types = (await h.readStream(`customer-${first.body.customerId}`)).map((e) => e.event!.type);
    expect(types).toEqual(['CustomerAdded', 'RelationshipEstablished', 'SubscriptionAdded']);
  });

  it('a crashed invitation request is not answered with a link that would not work', async () => {
    const direct = await enrol(h, 'direct');
    const key = `key-${uid('k')}`;
    const headers = { 'idempotency-key': key };
    const first = expectStatus(await h.call('POST', '/v1/relationship-requests', { token: direct.token, body: {}, headers }), 201);
    // The recorded answer replays the same link on every replica.
    const replayed = expectStatus(await replica.call('POST', '/v1/relationship-requests', { token: direct.token, body: {}, headers }), 201);
    expect(replayed.body.link).toBe(first.body.link);
    simulateCrashAfterAppend(direct.partnerId, 'GlobalAdmin', key);
    const retried = await replica.call('POST', '/v1/relationship-requests', { token: direct.token, body: {}, headers });
    expect(retried.status).toBe(409);
    expect(retried.body).toMatchObject({ code: 'IDEMPOTENCY_RESPONSE_LOST', field: 'Idempotency-Key' });
    expect(retried.body.detail).toContain(first.body.invitationId);
    expect(retried.text).not.toContain(tokenOf(first.body.link));
    expect(await h.readStream(`invitation-${first.body.invitationId}`)).toHaveLength(1);
  });

  it('names providerId when a partner that is not a reseller asks for a combined invitation', async () => {
    const direct = await enrol(h, 'direct');
    const provider = await enrol(h, 'indirect-provider');
    const refused = await h.call('POST', '/v1/relationship-requests', { token: direct.token, body: { providerId: provider.partnerId } });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: 'PARTNER.KIND_NOT_ALLOWED', field: 'providerId' });
  });
});
