import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { IDEMPOTENCY_SQLITE_FILE } from '../../apps/api/src/idempotency/idempotency-store';
import { sign, startApiHarness, type ApiHarness } from './support/api-harness';
import { enrol, expectStatus, newCustomerBody, tokenOf, uid } from './support/fixtures';

describe('Idempotency-Key', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    // The process manager's checkpoint is an append too; saved once, then not again during the spec.
    h = await startApiHarness({ PROCESS_MANAGER_CHECKPOINT_MS: '3600000' });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('100 concurrent repeats of one AddCustomer: one customer, identical responses', async () => {
    const direct = await enrol(h, 'direct');
    const domain = `${uid('idem')}.example`;
    const body = newCustomerBody(domain);
    const key = `key-${uid('k')}`;
    const before = await h.head();
    const results = await Promise.all(
      Array.from({ length: 100 }, () =>
        h.call('POST', '/v1/customers', { token: direct.token, body, headers: { 'idempotency-key': key } }),
      ),
    );
    for (const r of results) expect(r.status).toBe(201);
    expect(new Set(results.map((r) => r.text)).size).toBe(1);
    const { customerId, temporaryPassword } = results[0].body;
    expect(await h.readStream(`customerdomain-${domain}`)).toHaveLength(1);
    const events = await h.readStream(`customer-${customerId}`);
    expect(events.map((e) => e.event!.type)).toEqual(['CustomerAdded', 'RelationshipEstablished']);
    // Exactly the three events of one command were appended: the domain claim and the two above.
    expect(BigInt(results[0].body.logPosition)).toBe(await h.head());
    expect(before).not.toBe(await h.head());

    // A later repeat is answered from the durable record, still identical.
    const later = expectStatus(
      await h.call('POST', '/v1/customers', { token: direct.token, body, headers: { 'idempotency-key': key } }),
      201,
    );
    expect(later.text).toBe(results[0].text);
    expect(later.headers.get('idempotent-replayed')).toBe('true');
    expect(later.headers.get('etag')).toBe(results[0].headers.get('etag'));

    // The stored record cannot be read without the key: the password is nowhere in the SQL files in clear.
    for (const file of readdirSync(h.dataDir).filter((f) => f.includes('sqlite'))) {
      expect(readFileSync(join(h.dataDir, file)).includes(Buffer.from(temporaryPassword))).toBe(false);
    }
  });

  it('refuses the same key with a different body and appends nothing', async () => {
    const direct = await enrol(h, 'direct');
    const key = `key-${uid('k')}`;
    expectStatus(
      await h.call('POST', '/v1/customers', { token: direct.token, body: newCustomerBody(), headers: { 'idempotency-key': key } }),
      201,
    );
    const head = await h.head();
    const reused = await h.call('POST', '/v1/customers', {
      token: direct.token,
      body: newCustomerBody(),
      headers: { 'idempotency-key': key },
    });
    expect(reused.status).toBe(422);
    expect(reused.body).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', field: 'Idempotency-Key' });
    expect(await h.head()).toBe(head);
  });

  it('keeps keys per partner and validates them', async () => {
    const a = await enrol(h, 'direct');
    const b = await enrol(h, 'direct');
    const key = `shared-${uid('k')}`;
    const first = expectStatus(
      await h.call('POST', '/v1/customers', { token: a.token, body: newCustomerBody(), headers: { 'idempotency-key': key } }),
      201,
    );
    const second = expectStatus(
      await h.call('POST', '/v1/customers', { token: b.token, body: newCustomerBody(), headers: { 'idempotency-key': key } }),
      201,
    );
    expect(second.body.customerId).not.toBe(first.body.customerId);
    const bad = await h.call('POST', '/v1/customers', { token: a.token, body: newCustomerBody(), headers: { 'idempotency-key': 'short' } });
    expect(bad.body).toMatchObject({ status: 400, field: 'Idempotency-Key' });
  });

  it('does not remember refusals: a corrected retry is not possible with the same body, a failed one may be repeated', async () => {
    const direct = await enrol(h, 'direct');
    const key = `key-${uid('k')}`;
    const body = { includeAdminPermissions: false, services: ['teams'] };
    const refused = await h.call('POST', '/v1/relationship-requests', { token: direct.token, body, headers: { 'idempotency-key': key } });
    expect(refused.status).toBe(400);
    const again = await h.call('POST', '/v1/relationship-requests', { token: direct.token, body, headers: { 'idempotency-key': key } });
    expect(again.status).toBe(400);
    expect(again.headers.get('idempotent-replayed')).toBeNull();
  });

  it('is honoured by every POST command, not only creations: a repeated enrolment is answered from the record', async () => {
    const partnerId = uid('direct');
    const token = sign({ sub: 'admin-1', role: 'GlobalAdmin', partner_id: partnerId });
    const body = { kind: 'direct', name: 'Keyed', mpnId: '1234567', country: 'US' };
    const key = `key-${uid('k')}`;
    const first = expectStatus(await h.call('POST', '/v1/partner', { token, body, headers: { 'idempotency-key': key } }), 201);
    const again = expectStatus(await h.call('POST', '/v1/partner', { token, body, headers: { 'idempotency-key': key } }), 201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.text).toBe(first.text);
    expect(await h.readStream(`partner-${partnerId}`)).toHaveLength(1);

    // Every POST operation of the OpenAPI document takes the key (the decorator that declares it binds the interceptor).
    const document = expectStatus(await h.call('GET', '/openapi.json'), 200).body as {
      paths: Record<string, Record<string, { parameters?: { name: string }[] }>>;
    };
    const posts = Object.entries(document.paths).filter(([, operations]) => operations.post);
    expect(posts.length).toBeGreaterThan(10);
    const without = posts.filter(([, { post }]) => !post.parameters?.some((p) => p.name === 'Idempotency-Key')).map(([path]) => path);
    expect(without).toEqual([]);
  });

  it("answers a keyed retry whose first attempt appended but lost its record with that attempt's result, not a refusal", async () => {
    const provider = await enrol(h, 'indirect-provider');
    const reseller = await enrol(h, 'indirect-reseller');
    const key = `key-${uid('k')}`;
    const request = (headers: Record<string, string>) =>
      h.call('POST', '/v1/indirect-resellers', { token: provider.token, body: { resellerId: reseller.partnerId }, headers });
    const first = expectStatus(await request({ 'idempotency-key': key }), 201);
    forgetIdempotencyRecords();

    const retried = expectStatus(await request({ 'idempotency-key': key }), 201);
    expect(retried.body).toEqual(first.body);
    expect(retried.headers.get('etag')).toBe(first.headers.get('etag'));
    expect(await h.readStream(`partnership-${provider.partnerId}_${reseller.partnerId}`)).toHaveLength(1);
    // Without the key, or with another one, it is the request it looks like: a second one, refused.
    expect((await request({})).status).toBe(409);
    expect((await request({ 'idempotency-key': `key-${uid('k')}` })).status).toBe(409);
  });

  it('gives a keyed retry of an import that went through its answer (imported), where a plain repeat imports nothing', async () => {
    const direct = await enrol(h, 'direct');
    const body = { customerId: uid('imported'), companyName: 'Fabrikam', primaryDomain: `${uid('fab')}.example` };
    const key = `key-${uid('k')}`;
    const first = expectStatus(
      await h.call('POST', '/v1/customers/import', { token: direct.token, body, headers: { 'idempotency-key': key } }),
      200,
    );
    expect(first.body.imported).toBe(true);
    forgetIdempotencyRecords();
    const retried = expectStatus(
      await h.call('POST', '/v1/customers/import', { token: direct.token, body, headers: { 'idempotency-key': key } }),
      200,
    );
    expect(retried.body).toEqual(first.body);
    const plain = expectStatus(await h.call('POST', '/v1/customers/import', { token: direct.token, body }), 200);
    expect(plain.body).toMatchObject({ imported: false, revision: first.body.revision });
  });

  it('gives a keyed retry of an invitation acceptance that went through its answer, where a plain repeat is refused', async () => {
    const direct = await enrol(h, 'direct');
    const requested = expectStatus(
      await h.call('POST', '/v1/relationship-requests', { token: direct.token, body: { includeAdminPermissions: false, services: [] } }),
      201,
    );
    const customerId = uid('cust');
    const accept = (headers: Record<string, string>) =>
      h.call('POST', `/v1/invitations/${requested.body.invitationId}/accept`, {
        token: h.customerToken(customerId),
        body: { token: tokenOf(requested.body.link), newCustomer: { companyName: 'Keyed Co', primaryDomain: `${customerId}.example` } },
        headers,
      });
    const key = `key-${uid('k')}`;
    const first = expectStatus(await accept({ 'idempotency-key': key }), 200);
    forgetIdempotencyRecords();
    const retried = expectStatus(await accept({ 'idempotency-key': key }), 200);
    expect(retried.body).toEqual(first.body);
    expect((await accept({})).status).toBe(409);
  });

  /** What a crash between a command's append and its idempotency record's completion leaves: the events, no stored answer. */
  function forgetIdempotencyRecords(): void {
    const records = new Database(join(h.dataDir, IDEMPOTENCY_SQLITE_FILE));
    try {
      expect(records.prepare('delete from api_idempotency_records').run().changes).toBeGreaterThan(0);
    } finally {
      records.close();
    }
  }
});
