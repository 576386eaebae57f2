import { postgresUrl } from '../support/postgres';
import { apiOn, customerBody, eventually, uid } from './support/api-with-read-models';

for (const dialect of ['sqlite', 'postgres'] as const) {
  const run = dialect === 'postgres' && !postgresUrl ? describe.skip : describe;
  run(
    `read models through the API [${dialect}]${dialect === 'postgres' && !postgresUrl ? ' (skipped: TEST_POSTGRES_URL is not set)' : ''}`,
    () => {
      const env = apiOn(dialect);
      const { ok, enrol } = env;
      /** Read-your-writes: the GET waits until the view reflects the command's log position. */
      const readAfter = (path: string, token: string, position: string | null) =>
        env.api.call('GET', path, token, undefined, position ? { 'x-min-position': position } : {});

      test('provider + reseller: the added customer shows in both lists, the reseller filter, counts, subscriptions with partner of record and support contact', async () => {
        const provider = await enrol('indirect-provider');
        const reseller = await enrol('indirect-reseller');
        await ok('POST', '/v1/indirect-resellers', provider.token, { resellerId: reseller.partnerId });
        await ok('POST', `/v1/indirect-providers/${provider.partnerId}/accept`, reseller.token);
        const added = await ok('POST', '/v1/customers', provider.token, customerBody('Contoso Pharma', { resellerId: reseller.partnerId }));
        const other = await ok('POST', '/v1/customers', provider.token, customerBody('Adatum Works'));
        const customerId = added.body.customerId;

        const list = await readAfter('/v1/customers', provider.token, other.headers.get('x-log-position'));
        expect(list.status).toBe(200);
        expect(list.body.items.map((i: any) => i.companyName)).toEqual(['Adatum Works', 'Contoso Pharma']);
        expect((await env.api.call('GET', '/v1/customers?search=conto', provider.token)).body.items.map((i: any) => i.customerId)).toEqual([
          customerId,
        ]);

        // The association is finished by the process manager.
        const filtered = await eventually(
          () => env.api.call('GET', `/v1/customers?resellerId=${reseller.partnerId}`, provider.token),
          (r) => r.body.items?.length === 1,
        );
        expect(filtered.body.items[0]).toMatchObject({ customerId, resellerIds: [reseller.partnerId] });
        const resellerList = await env.api.call('GET', '/v1/customers', reseller.token);
        expect(resellerList.body.items).toEqual([expect.objectContaining({ customerId, origin: 'associated' })]);

        const subscription = await ok('POST', `/v1/customers/${customerId}/subscriptions`, provider.token, {
          offerId: 'exchange-online-plan-1',
          licenseCount: 10,
        });
        const subscriptionId = subscription.body.subscriptionId;
        await ok('PUT', `/v1/customers/${customerId}/subscriptions/${subscriptionId}/partner-of-record`, provider.token, {
          resellerId: reseller.partnerId,
        });
        const designated = await ok('PUT', `/v1/customers/${customerId}/subscriptions/${subscriptionId}/support-contact`, provider.token, {
          kind: 'reseller',
          resellerId: reseller.partnerId,
        });
        const subscriptions = await eventually(
          () => readAfter(`/v1/customers/${customerId}/subscriptions`, reseller.token, designated.headers.get('x-log-position')),
          (r) => r.body.items?.[0]?.partnerOfRecordId === reseller.partnerId,
        );
        expect(subscriptions.body.items).toEqual([
          expect.objectContaining({
            subscriptionId,
            licenseCount: 10,
            partnerId: provider.partnerId,
            partnerOfRecordId: reseller.partnerId,
            supportContactId: reseller.partnerId,
          }),
        ]);

        const resellers = await env.api.call('GET', '/v1/indirect-resellers', provider.token);
        expect(resellers.body.items).toEqual([
          expect.objectContaining({ resellerId: reseller.partnerId, status: 'active', sharedCustomers: 1, subscriptions: 1 }),
        ]);
        const providers = await env.api.call('GET', '/v1/indirect-providers', reseller.token);
        expect(providers.body.items).toEqual([
          expect.objectContaining({ providerId: provider.partnerId, status: 'active', name: `Partner ${provider.partnerId}` }),
        ]);
        const account = await env.api.call('GET', `/v1/customers/${customerId}/account`, reseller.token);
        expect(account.body).toMatchObject({
          customerId,
          companyName: 'Contoso Pharma',
          associatedResellers: [expect.objectContaining({ resellerId: reseller.partnerId })],
        });
        expect(account.body.agreement).toMatchObject({ signerName: 'Ada Lovelace', attestedByPartnerId: provider.partnerId });
        const partners = await env.api.call('GET', `/v1/customers/${customerId}/partners`, provider.token);
        expect(partners.body.items.map((p: any) => [p.partnerId, p.relationship])).toEqual(
          expect.arrayContaining([
            [provider.partnerId, 'active'],
            [reseller.partnerId, 'none'],
          ]),
        );
      });

      test('direct partner: pending invitation until accepted; the customer appears after acceptance and disappears after removal', async () => {
        const direct = await enrol('direct');
        const requested = await ok('POST', '/v1/relationship-requests', direct.token, {
          includeAdminPermissions: true,
          services: ['exchange'],
        });
        const { invitationId, link } = requested.body;
        const pending = await readAfter('/v1/invitations', direct.token, requested.headers.get('x-log-position'));
        expect(pending.body.items.map((i: any) => i.invitationId)).toEqual([invitationId]);

        const customerId = uid('cust');
        const token = new URL(link).searchParams.get('token');
        const accepted = await ok('POST', `/v1/invitations/${invitationId}/accept`, env.api.customerToken(customerId), {
          token,
          newCustomer: { companyName: 'Tailspin Toys', primaryDomain: `${customerId}.example` },
        });
        expect((await readAfter('/v1/invitations', direct.token, accepted.headers.get('x-log-position'))).body.items).toEqual([]);
        const list = await eventually(
          () => env.api.call('GET', '/v1/customers', direct.token),
          (r) => r.body.items?.length === 1,
        );
        expect(list.body.items[0]).toMatchObject({ customerId, companyName: 'Tailspin Toys', origin: 'invitation' });

        const removed = await ok('POST', `/v1/customers/${customerId}/relationship/remove`, direct.token, {
          reason: 'contract ended',
          goodFaithConfirmed: true,
          noticeResponsibilityConfirmed: true,
        });
        const after = await readAfter('/v1/customers', direct.token, removed.headers.get('x-log-position'));
        expect(after.body.items).toEqual([]);
        expect((await readAfter(`/v1/customers/${customerId}/account`, direct.token, removed.headers.get('x-log-position'))).status).toBe(
          404,
        );
      });

      test('tenant isolation: another partner sees none of it on any query endpoint', async () => {
        const owner = await enrol('indirect-provider');
        const stranger = await enrol('indirect-provider');
        const reseller = await enrol('indirect-reseller');
        await ok('POST', '/v1/indirect-resellers', owner.token, { resellerId: reseller.partnerId });
        await ok('POST', '/v1/relationship-requests', (await enrol('direct')).token, { includeAdminPermissions: false, services: [] });
        const added = await ok('POST', '/v1/customers', owner.token, customerBody('Secret Corp'));
        const customerId = added.body.customerId;
        expect((await readAfter(`/v1/customers/${customerId}/account`, owner.token, added.headers.get('x-log-position'))).status).toBe(200);
        for (const path of [
          `/v1/customers/${customerId}/account`,
          `/v1/customers/${customerId}/partners`,
          `/v1/customers/${customerId}/subscriptions`,
        ]) {
          const response = await env.api.call('GET', path, stranger.token);
          expect([path, response.status, response.headers.get('content-type')]).toEqual([
            path,
            404,
            expect.stringContaining('application/problem+json'),
          ]);
        }
        for (const path of [
          '/v1/customers',
          '/v1/customers?search=secret',
          `/v1/customers?resellerId=${reseller.partnerId}`,
          '/v1/indirect-resellers',
          '/v1/indirect-providers',
          '/v1/invitations',
        ]) {
          const response = await env.api.call('GET', path, stranger.token);
          expect([path, response.status, response.body.items]).toEqual([path, 200, []]);
        }
        expect((await env.api.call('GET', '/v1/customers')).status).toBe(401);
        expect((await env.api.call('GET', '/v1/customers', env.api.customerToken(customerId))).status).toBe(403);
      });

      test('read-your-writes: a position not yet reached answers 503 after the bounded wait; malformed input answers 400', async () => {
        const partner = await enrol('direct');
        // The child runs with READ_YOUR_WRITES_TIMEOUT_MS=3000.
        const started = Date.now();
        const behind = await env.api.call('GET', '/v1/customers?minPosition=900719925474000', partner.token);
        expect(behind.status).toBe(503);
        expect(behind.body).toMatchObject({ code: 'READ_MODEL_BEHIND', field: 'X-Min-Position' });
        expect(Date.now() - started).toBeGreaterThanOrEqual(2900);
        expect(Date.now() - started).toBeLessThan(8000);
        for (const [path, field] of [
          ['/v1/customers?minPosition=abc', 'minPosition'],
          ['/v1/customers?limit=0', 'limit'],
          ['/v1/customers?cursor=zzz', 'cursor'],
          ['/v1/customers?unknown=1', 'unknown'],
          ['/v1/customers?resellerId=bad_id!', 'resellerId'],
          ['/v1/customers/bad_id!/account', 'customerId'],
          ['/v1/invitations?limit=201', 'limit'],
          ['/v1/invitations?cursor=zzz', 'cursor'],
          ['/v1/invitations?search=x', 'search'],
        ]) {
          const response = await env.api.call('GET', path, partner.token);
          expect([path, response.status, response.body.field]).toEqual([path, 400, field]);
        }
        expect((await env.api.call('GET', '/read-models/health')).status).toBe(401);
        expect((await fetch(`${env.api.url}/metrics`)).status).toBe(401);
        const health = await env.api.call('GET', '/read-models/health', partner.token);
        expect(health.status).toBe(200);
        expect(health.body.projections.map((p: any) => p.name)).toEqual(expect.arrayContaining(['customer-list', 'customer-account']));
        const metrics = await fetch(`${env.api.url}/metrics`, { headers: { authorization: `Bearer ${partner.token}` } }).then((r) =>
          r.text(),
        );
        expect(metrics).toMatch(/read_model_lag_events\{projection="customer-list"\} \d+/);
      });
    },
  );
}
