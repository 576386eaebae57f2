import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';
import { MAX_REGISTRATIONS_PER_PARTNER } from '../../apps/api/src/webhooks/webhook-service';
import { startApiHarness, type ApiHarness } from './support/api-harness';
import { eventually, expectStatus, uid } from './support/fixtures';
import { appendDetailUpdates } from './support/webhook-events';
import { startWebhookReceiver, type WebhookReceiver } from './support/webhook-receiver';

// Receivers on 127.0.0.1 need the setting; retries are fast so the spec runs in seconds.
const env = {
  WEBHOOKS_ALLOW_PRIVATE_TARGETS: '1',
  WEBHOOK_RETRY_BASE_MS: '100',
  WEBHOOK_RETRY_MAX_MS: '300',
  WEBHOOK_MAX_ATTEMPTS: '4',
  WEBHOOK_POLL_MS: '50',
  WEBHOOK_TIMEOUT_MS: '2000',
};

describe('webhooks', () => {
  let api: ApiHarness;
  const receivers: WebhookReceiver[] = [];
  const secrets: string[] = [];

  beforeAll(async () => {
    api = await startApiHarness(env);
  });
  afterAll(async () => {
    await Promise.all(receivers.map((r) => r.close()));
    await api?.close();
  });

  const receiver = async () => {
    const started = await startWebhookReceiver();
    receivers.push(started);
    return started;
  };

  async function register(partnerId: string, url: string, eventTypes = ['CustomerDetailsUpdated']) {
    const created = expectStatus(
      await api.call('POST', '/v1/webhooks', { token: api.partnerToken(partnerId), body: { url, eventTypes } }),
      201,
    ).body;
    secrets.push(created.secret);
    return created as { id: string; secret: string; url: string; eventTypes: string[] };
  }

  const companyNames = (r: WebhookReceiver) =>
    r
      .accepted()
      .filter((e) => e.type === 'com.csp-relationships.CustomerDetailsUpdated.v1')
      .map((e) => e.data.companyName as string);

  it('registers, lists, reads, changes and deletes a registration; the secret is shown at creation only', async () => {
    const partnerId = uid('p');
    const token = api.partnerToken(partnerId);
    const types = expectStatus(await api.call('GET', '/v1/webhooks/event-types', { token }), 200).body.items;
    expect(types).toEqual(expect.arrayContaining([{ name: 'CustomerAdded', type: 'com.csp-relationships.CustomerAdded.v1' }]));

    const created = await register(partnerId, 'http://127.0.0.1:9/in', ['CustomerAdded', 'CustomerAdded', 'RelationshipRemoved']);
    expect(created).toMatchObject({ url: 'http://127.0.0.1:9/in', eventTypes: ['CustomerAdded', 'RelationshipRemoved'] });
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);

    const listed = expectStatus(await api.call('GET', '/v1/webhooks', { token }), 200);
    expect(listed.body.items).toEqual([expect.objectContaining({ id: created.id })]);
    expect(listed.text).not.toContain('whsec_');
    const read = expectStatus(await api.call('GET', `/v1/webhooks/${created.id}`, { token }), 200);
    expect(read.text).not.toContain('whsec_');

    const patched = expectStatus(
      await api.call('PATCH', `/v1/webhooks/${created.id}`, { token, body: { eventTypes: ['PartnershipAccepted'] } }),
      200,
    );
    expect(patched.body).toMatchObject({ id: created.id, url: created.url, eventTypes: ['PartnershipAccepted'] });

    expectStatus(await api.call('DELETE', `/v1/webhooks/${created.id}`, { token }), 204);
    expectStatus(await api.call('GET', `/v1/webhooks/${created.id}`, { token }), 404);
    expect(expectStatus(await api.call('GET', '/v1/webhooks', { token }), 200).body.items).toEqual([]);
  });

  it.each([
    [{ url: 'ftp://127.0.0.1/in', eventTypes: ['CustomerAdded'] }, 'url'],
    [{ url: 'not a url', eventTypes: ['CustomerAdded'] }, 'url'],
    [{ url: 'http://user:pw@127.0.0.1/in', eventTypes: ['CustomerAdded'] }, 'url'],
    [{ eventTypes: ['CustomerAdded'] }, 'url'],
    [{ url: 'http://127.0.0.1/in', eventTypes: ['NoSuchEvent'] }, 'eventTypes'],
    [{ url: 'http://127.0.0.1/in', eventTypes: ['CustomerDomainClaimed'] }, 'eventTypes'],
    [{ url: 'http://127.0.0.1/in', eventTypes: [] }, 'eventTypes'],
    [{ url: 'http://127.0.0.1/in', eventTypes: 'CustomerAdded' }, 'eventTypes'],
    [{ url: 'http://127.0.0.1/in', eventTypes: ['CustomerAdded'], secret: 'mine' }, 'secret'],
  ])('refuses %j with a problem naming %s, and registers nothing', async (body, field) => {
    const partnerId = uid('p');
    const token = api.partnerToken(partnerId);
    const response = await api.call('POST', '/v1/webhooks', { token, body });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(response.body.field).toBe(field);
    expect(expectStatus(await api.call('GET', '/v1/webhooks', { token }), 200).body.items).toEqual([]);
  });

  it('answers a repeated registration with the same Idempotency-Key from the record: one registration, the same secret', async () => {
    const partnerId = uid('p');
    const token = api.partnerToken(partnerId);
    const request = {
      token,
      body: { url: 'http://127.0.0.1:9/hook', eventTypes: ['CustomerAdded'] },
      headers: { 'idempotency-key': uid('k') },
    };
    const first = expectStatus(await api.call('POST', '/v1/webhooks', request), 201);
    const again = expectStatus(await api.call('POST', '/v1/webhooks', request), 201);
    secrets.push(first.body.secret);
    expect([again.headers.get('idempotent-replayed'), again.text]).toEqual(['true', first.text]);
    expect(expectStatus(await api.call('GET', '/v1/webhooks', { token }), 200).body.items ?? []).toHaveLength(1);
  });

  it('refuses registrations past the limit, sent at once, with a 409 problem, and leaves exactly the limit', async () => {
    const partnerId = uid('p');
    const token = api.partnerToken(partnerId);
    const responses = await Promise.all(
      Array.from({ length: MAX_REGISTRATIONS_PER_PARTNER + 3 }, () =>
        api.call('POST', '/v1/webhooks', { token, body: { url: 'http://127.0.0.1:9/in', eventTypes: ['CustomerAdded'] } }),
      ),
    );
    secrets.push(...responses.filter((r) => r.status === 201).map((r) => r.body.secret));
    expect(responses.filter((r) => r.status === 201)).toHaveLength(MAX_REGISTRATIONS_PER_PARTNER);
    const refused = responses.filter((r) => r.status !== 201);
    expect(refused.map((r) => [r.status, r.headers.get('content-type')?.split(';')[0], r.body.code])).toEqual(
      Array(3).fill([409, 'application/problem+json', 'WEBHOOK.LIMIT_REACHED']),
    );
    expect(expectStatus(await api.call('GET', '/v1/webhooks', { token }), 200).body.items).toHaveLength(MAX_REGISTRATIONS_PER_PARTNER);
  });

  it("answers another partner's registration exactly like an unknown one, on every route", async () => {
    const owner = uid('p');
    const created = await register(owner, 'http://127.0.0.1:9/in');
    const other = api.partnerToken(uid('p'));
    const routes: [string, string, unknown?][] = [
      ['GET', ''],
      ['PATCH', '', { eventTypes: ['CustomerAdded'] }],
      ['DELETE', ''],
      ['POST', '/test'],
      ['POST', '/rotate-secret'],
      ['GET', '/deliveries'],
      ['GET', '/dead-letters'],
      ['POST', '/dead-letters/d-1/redeliver'],
    ];
    for (const [method, suffix, body] of routes) {
      const foreign = await api.call(method, `/v1/webhooks/${created.id}${suffix}`, { token: other, body });
      const unknown = await api.call(method, `/v1/webhooks/00000000-0000-4000-8000-000000000000${suffix}`, { token: other, body });
      expect({ route: `${method} ${suffix}`, status: foreign.status, body: foreign.body }).toEqual({
        route: `${method} ${suffix}`,
        status: 404,
        body: unknown.body,
      });
    }
    // Still there, unchanged, for its owner.
    expect(
      expectStatus(await api.call('GET', `/v1/webhooks/${created.id}`, { token: api.partnerToken(owner) }), 200).body.eventTypes,
    ).toEqual(['CustomerDetailsUpdated']);
  });

  it('refuses roles that do not administer the partner, and auditors', async () => {
    const partnerId = uid('p');
    for (const token of [
      api.partnerToken(partnerId, 'SalesAgent'),
      api.partnerToken(partnerId, 'HelpdeskAgent'),
      api.auditorToken(partnerId),
    ]) {
      expect((await api.call('GET', '/v1/webhooks', { token })).status).toBe(403);
    }
  });

  it("delivers a partner's own events signed per Standard Webhooks, and never another partner's", async () => {
    const [mine, theirs] = [uid('p'), uid('p')];
    const [myReceiver, theirReceiver] = [await receiver(), await receiver()];
    const myHook = await register(mine, myReceiver.url);
    await register(theirs, theirReceiver.url);
    const customerId = uid('c');
    await appendDetailUpdates(api, customerId, mine, 2);

    await eventually(
      async () => companyNames(myReceiver),
      (names) => names.length >= 2,
    );
    const request = myReceiver.requests[0];
    const event = new Webhook(myHook.secret).verify(request.body, request.headers as Record<string, string>) as Record<string, any>;
    expect(event).toMatchObject({
      specversion: '1.0',
      type: 'com.csp-relationships.CustomerDetailsUpdated.v1',
      subject: `customers/${customerId}`,
      source: `${api.url}/v1`,
      datacontenttype: 'application/json',
      data: { customerId, partnerId: mine, companyName: 'v1' },
    });
    expect(event.logposition).toMatch(/^\d+$/);
    expect(() =>
      new Webhook(secrets.find((s) => s !== myHook.secret)!).verify(request.body, request.headers as Record<string, string>),
    ).toThrow();
    // Give the other receiver every chance to see something it should not.
    await new Promise((r) => setTimeout(r, 300));
    expect(theirReceiver.requests).toEqual([]);
  });

  it('retries a failing receiver with backoff and delivers one customer’s events in log order', async () => {
    const partnerId = uid('p');
    const r = await receiver();
    // The first customer's first event fails three times.
    let failures = 0;
    r.answer = ({ body }) => (JSON.parse(body).data.companyName === 'v1' && ++failures <= 3 ? 503 : 200);
    const hook = await register(partnerId, r.url);
    const [c1, c2] = [uid('c'), uid('c')];
    await appendDetailUpdates(api, c1, partnerId, 5);
    await appendDetailUpdates(api, c2, partnerId, 2, 10);

    await eventually(
      async () => r.accepted().length,
      (n) => n >= 7,
    );
    const forCustomer = (customerId: string) =>
      r
        .accepted()
        .filter((e) => e.data.customerId === customerId)
        .map((e) => e.data.companyName);
    expect(forCustomer(c1)).toEqual(['v1', 'v2', 'v3', 'v4', 'v5']);
    expect(forCustomer(c2)).toEqual(['v10', 'v11']);
    // The other customer did not wait for the first one's retries.
    const acceptedOrder = r.accepted().map((e) => e.data.companyName);
    expect(acceptedOrder.indexOf('v11')).toBeLessThan(acceptedOrder.indexOf('v1'));
    // The retries' delays grew: each wait at least half the nominal 100, 200, 300 (capped) ms.
    const firstEventTimes = r.requests.filter((q) => JSON.parse(q.body).data.companyName === 'v1').map((q) => q.at);
    expect(firstEventTimes).toHaveLength(4);
    const gaps = firstEventTimes.slice(1).map((at, i) => at - firstEventTimes[i]);
    expect(gaps[0]).toBeGreaterThanOrEqual(45);
    expect(gaps[1]).toBeGreaterThanOrEqual(95);

    const log = expectStatus(await api.call('GET', `/v1/webhooks/${hook.id}/deliveries`, { token: api.partnerToken(partnerId) }), 200).body
      .items;
    const statuses = log.filter((a: any) => a.attempt !== undefined).map((a: any) => a.statusCode);
    expect(statuses.filter((s: number) => s === 503)).toHaveLength(3);
    expect(statuses.filter((s: number) => s === 200)).toHaveLength(7);
    expect(log[0]).toEqual({
      deliveryId: expect.any(String),
      eventId: expect.any(String),
      eventType: 'CustomerDetailsUpdated',
      attempt: expect.any(Number),
      attemptedAt: expect.stringMatching(/^\d{4}-/),
      statusCode: 200,
      latencyMs: expect.any(Number),
      error: null,
    });
  });

  it('moves a delivery that fails every attempt to the dead letters, from where it can be redelivered', async () => {
    const partnerId = uid('p');
    const token = api.partnerToken(partnerId);
    const r = await receiver();
    r.answer = () => 500;
    const hook = await register(partnerId, r.url);
    await appendDetailUpdates(api, uid('c'), partnerId, 1);

    const dead = await eventually(
      async () => expectStatus(await api.call('GET', `/v1/webhooks/${hook.id}/dead-letters`, { token }), 200).body.items,
      (items) => items.length === 1,
    );
    expect(dead[0]).toMatchObject({ eventType: 'CustomerDetailsUpdated', attempts: 4, lastError: 'HTTP 500' });
    expect(r.requests).toHaveLength(4);

    r.answer = () => 200;
    expectStatus(await api.call('POST', `/v1/webhooks/${hook.id}/dead-letters/${dead[0].deliveryId}/redeliver`, { token }), 202);
    await eventually(
      async () => r.accepted().length,
      (n) => n === 1,
    );
    expect(r.accepted()[0]).toMatchObject({ id: dead[0].eventId, webhookId: dead[0].deliveryId, data: { companyName: 'v1' } });
    expect(expectStatus(await api.call('GET', `/v1/webhooks/${hook.id}/dead-letters`, { token }), 200).body.items).toEqual([]);
    // Not a dead letter any more: a second redelivery has nothing to take.
    expectStatus(await api.call('POST', `/v1/webhooks/${hook.id}/dead-letters/${dead[0].deliveryId}/redeliver`, { token }), 404);
  });

  it('sends a test event, and signs with both secrets while a rotation overlaps', async () => {
    const partnerId = uid('p');
    const token = api.partnerToken(partnerId);
    const r = await receiver();
    const hook = await register(partnerId, r.url);
    const rotated = expectStatus(await api.call('POST', `/v1/webhooks/${hook.id}/rotate-secret`, { token }), 200).body;
    secrets.push(rotated.secret);
    expect(rotated.secret).not.toBe(hook.secret);
    expect(Date.parse(rotated.previousSecretExpiresAt)).toBeGreaterThan(Date.now());

    const sent = expectStatus(await api.call('POST', `/v1/webhooks/${hook.id}/test`, { token }), 202).body;
    await eventually(
      async () => r.accepted().length,
      (n) => n === 1,
    );
    const request = r.requests[0];
    expect(request.headers['webhook-id']).toBe(sent.deliveryId);
    for (const secret of [hook.secret, rotated.secret])
      expect(new Webhook(secret).verify(request.body, request.headers as Record<string, string>)).toMatchObject({
        id: sent.eventId,
        type: 'com.csp-relationships.WebhookTest.v1',
        subject: `webhooks/${hook.id}`,
      });
    const log = await eventually(
      async () => expectStatus(await api.call('GET', `/v1/webhooks/${hook.id}/deliveries`, { token }), 200).body.items,
      (items) => items.length === 1,
    );
    expect(log[0]).toMatchObject({ deliveryId: sent.deliveryId, eventType: 'WebhookTest', statusCode: 200, attempt: 1 });
  });

  it('refuses private targets without WEBHOOKS_ALLOW_PRIVATE_TARGETS, by name, literal, IPv6 and IPv4-mapped address', async () => {
    const strict = await api.startReplica({ WEBHOOKS_ALLOW_PRIVATE_TARGETS: '', WEBHOOK_DELIVERY: 'off' });
    const token = api.partnerToken(uid('p'));
    for (const url of [
      'http://127.0.0.1:9/in',
      'https://127.0.0.1/in',
      'https://localhost/in',
      'https://[::1]/in',
      'https://[::ffff:127.0.0.1]/in',
      'https://10.0.0.8/in',
      'https://169.254.169.254/latest',
    ]) {
      const response = await strict.call('POST', '/v1/webhooks', { token, body: { url, eventTypes: ['CustomerAdded'] } });
      expect({ url, status: response.status, field: response.body.field }).toEqual({ url, status: 400, field: 'url' });
    }
    expect(expectStatus(await strict.call('GET', '/v1/webhooks', { token }), 200).body.items).toEqual([]);
    await strict.stop();
  });

  it('keeps secrets out of the database in clear and out of the logs', async () => {
    expect(secrets.length).toBeGreaterThan(3);
    const files = readdirSync(api.dataDir).filter((name) => /^(read-models|webhooks)\.sqlite/.test(name));
    expect(files).toEqual(expect.arrayContaining(['webhooks.sqlite']));
    const stored = files.map((name) => readFileSync(join(api.dataDir, name)).toString('latin1')).join('\n');
    const logs = api.logs();
    for (const secret of secrets) {
      const key = secret.slice('whsec_'.length);
      for (const [where, text] of [
        ['database', stored],
        ['logs', logs],
      ])
        expect({ where, clear: text.includes(key) || text.includes(Buffer.from(key, 'base64').toString('latin1')) }).toEqual({
          where,
          clear: false,
        });
    }
  });
});
