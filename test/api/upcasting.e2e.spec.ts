// Events of an older schema version, written straight into the store as an earlier deployment wrote them, read
// correctly by every path: the command side, a projection, the auditors' history, the live feed and webhooks.
import { randomUUID } from 'node:crypto';
import { jsonEvent } from '@eventstore/db-client';
import type { LegacyEventData } from '@app/domain';
import { chainLink, type EventMetadata } from '@app/event-store';
import { eventValidator } from '@app/event-catalogue/testing/event-validator';
import { startApiHarness, type ApiHarness } from './support/api-harness';
import { customerWithSubscription, eventually, expectStatus, partnership } from './support/fixtures';
import { openSse } from './support/sse-client';
import { startWebhookReceiver, type WebhookReceiver } from './support/webhook-receiver';

describe('an older event version on every read path (SupportContactDesignated v1)', () => {
  let h: ApiHarness;
  let receiver: WebhookReceiver;
  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    h = await startApiHarness({ PROJECTOR: 'inline', WEBHOOKS_ALLOW_PRIVATE_TARGETS: '1' });
  });
  afterAll(async () => {
    await h?.close();
    await receiver?.close();
  });

  /** Appends the v1 shape with the metadata and hash chain the command path of that deployment wrote. */
  async function appendV1(stream: string, data: LegacyEventData['SupportContactDesignated.v1']): Promise<string> {
    const existing = await h.readStream(stream);
    const last = existing[existing.length - 1].event!;
    const base: Omit<EventMetadata, 'chain'> = {
      schemaVersion: 1,
      actor: { kind: 'system', process: 'earlier-deployment' },
      correlationId: randomUUID(),
      causationId: randomUUID(),
      command: 'DesignateSupportContact',
    };
    const revision = Number(last.revision) + 1;
    const prev = (last.metadata as unknown as EventMetadata).chain.hash;
    const chain = chainLink({ prev, streamName: stream, revision, type: 'SupportContactDesignated', data, metadata: base });
    const result = await h.client.appendToStream(
      stream,
      jsonEvent({ type: 'SupportContactDesignated', data: { ...data }, metadata: { ...base, chain } }),
      { expectedRevision: last.revision },
    );
    return String(result.position!.commit);
  }

  it('a command decides on it upcast, the read model, feed and webhooks show it upcast, the history shows it as stored', async () => {
    const { provider, reseller } = await partnership(h);
    const { customerId, subscriptionId } = await customerWithSubscription(h, provider.token);
    expectStatus(
      await h.call('POST', `/v1/customers/${customerId}/resellers`, { token: provider.token, body: { resellerId: reseller.partnerId } }),
      200,
    );
    // The contact's webhook, registered before the old event is written.
    expectStatus(
      await h.call('POST', '/v1/webhooks', {
        token: reseller.token,
        body: { url: receiver.url, eventTypes: ['SupportContactDesignated'] },
      }),
      201,
    );
    const stream = `customer-${customerId}`;
    // The process manager records the association on the customer's stream; the v1 event goes after it.
    await eventually(
      () => h.readStream(stream),
      (events) => events.some((e) => e.event?.type === 'ResellerAssociationRecorded'),
    );
    const v1 = {
      customerId,
      subscriptionId,
      partnerId: reseller.partnerId,
      contactKind: 'reseller' as const,
      designatedBy: 'user-earlier',
      designatedAt: new Date().toISOString(),
    };
    expect(eventValidator().problemsOf('SupportContactDesignated', 1, v1)).toEqual([]);
    const position = await appendV1(stream, v1);

    // A projection: the customer's account row has the reseller as the subscription's support contact.
    const account = expectStatus(
      await h.call('GET', `/v1/customers/${customerId}`, { token: provider.token, headers: { 'x-min-position': position } }),
      200,
    );
    expect(account.body.subscriptions[subscriptionId].supportContactId).toBe(reseller.partnerId);

    // A command: the state it decides on already has the reseller as contact, so designating it again changes nothing.
    const revisionBefore = (await h.readStream(stream)).length;
    const path = `/v1/customers/${customerId}/subscriptions/${subscriptionId}/support-contact`;
    expectStatus(await h.call('PUT', path, { token: provider.token, body: { kind: 'reseller', resellerId: reseller.partnerId } }), 200);
    expect((await h.readStream(stream)).length).toBe(revisionBefore);
    // Designating the provider appends today's version.
    const back = expectStatus(await h.call('PUT', path, { token: provider.token, body: { kind: 'provider' } }), 200);
    const written = (await h.readStream(stream)).at(-1)!.event!;
    expect([written.type, (written.metadata as unknown as EventMetadata).schemaVersion]).toEqual(['SupportContactDesignated', 2]);
    expect(written.data).toMatchObject({ supportContactId: provider.partnerId, contactKind: 'provider' });
    expect(written.data).not.toHaveProperty('partnerId');

    // The history: each entry exactly as stored, with the version it was written with.
    const history = expectStatus(
      await h.call('GET', `/v1/audit/customers/${customerId}/history?type=SupportContactDesignated`, {
        token: h.auditorToken(),
        headers: { 'x-min-position': back.headers.get('x-log-position')! },
      }),
      200,
    ).body;
    expect(history.items.map((item: { schemaVersion: number; data: unknown }) => [item.schemaVersion, item.data])).toEqual([
      [1, v1],
      [2, written.data],
    ]);

    const { partnerId: _old, ...rest } = v1;
    // The feed: the reseller (the contact) receives the v1 event upcast, typed with the version it carries.
    const feed = await openSse(h.url, '/v1/events/stream?from=start&types=SupportContactDesignated', {
      authorization: `Bearer ${h.partnerToken(reseller.partnerId)}`,
    });
    try {
      expect(feed.status).toBe(200);
      await feed.waitForEvents(1);
      const delivered = JSON.parse(feed.events[0].data);
      expect(delivered.type).toBe('com.csp-relationships.SupportContactDesignated.v2');
      expect(delivered.data).toEqual({ ...rest, supportContactId: reseller.partnerId });
      expect(eventValidator().problemsOf('SupportContactDesignated', 2, delivered.data)).toEqual([]);
    } finally {
      feed.close();
    }

    // Webhooks: the same upcast CloudEvent.
    const [hooked] = await eventually(
      async () => receiver.accepted(),
      (accepted) => accepted.length > 0,
    );
    expect([hooked.type, hooked.data]).toEqual([
      'com.csp-relationships.SupportContactDesignated.v2',
      { ...rest, supportContactId: reseller.partnerId },
    ]);
  });
});
