import { startApiHarness, type ApiHarness } from './support/api-harness';
import { eventually, expectStatus, uid } from './support/fixtures';
import { appendDetailUpdates } from './support/webhook-events';
import { startWebhookReceiver, type WebhookReceiver } from './support/webhook-receiver';

// A short timeout keeps the lease (timeout + 5 s) of the killed instance's attempt short.
const env = {
  WEBHOOKS_ALLOW_PRIVATE_TARGETS: '1',
  WEBHOOK_RETRY_BASE_MS: '200',
  WEBHOOK_RETRY_MAX_MS: '400',
  WEBHOOK_MAX_ATTEMPTS: '50',
  WEBHOOK_POLL_MS: '50',
  WEBHOOK_TIMEOUT_MS: '1000',
};

describe('webhooks across a crash (SIGKILL mid-retry)', () => {
  let api: ApiHarness;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    api = await startApiHarness(env);
    receiver = await startWebhookReceiver();
  });
  afterAll(async () => {
    await receiver?.close();
    await api?.close();
  });

  /** A new partner with a webhook for its customers' detail updates, to the receiver. */
  async function registeredPartner(): Promise<string> {
    const partnerId = uid('p');
    const body = { url: receiver.url, eventTypes: ['CustomerDetailsUpdated'] };
    expectStatus(await api.call('POST', '/v1/webhooks', { token: api.partnerToken(partnerId), body }), 201);
    return partnerId;
  }

  it('loses nothing, keeps each customer in order and repeats at most the attempt the crash interrupted', async () => {
    const partnerId = await registeredPartner();
    // Failing until the crash: the API is killed while it waits to retry the first customer's first event.
    let healthy = false;
    receiver.answer = () => (healthy ? 200 : 503);
    const [c1, c2] = [uid('c'), uid('c')];
    await appendDetailUpdates(api, c1, partnerId, 6);
    await appendDetailUpdates(api, c2, partnerId, 3, 20);
    await eventually(
      async () => receiver.requests.length,
      (n) => n >= 4,
    );
    await api.killApi();

    // Events appended while no API runs are delivered too: the outbox's subscription resumes from its checkpoint.
    await appendDetailUpdates(api, c1, partnerId, 2, 7);
    healthy = true;
    await api.startApi();

    const expected = { [c1]: ['v1', 'v2', 'v3', 'v4', 'v5', 'v6', 'v7', 'v8'], [c2]: ['v20', 'v21', 'v22'] };
    await eventually(
      async () => new Set(receiver.accepted().map((e) => e.id)).size,
      (n) => n === 11,
      20_000,
    );
    for (const [customerId, names] of Object.entries(expected)) {
      const accepted = receiver.accepted().filter((e) => e.data.customerId === customerId);
      // First receipt of each event in log order; a repeat only of the delivery in flight at the kill.
      const firsts = [...new Map(accepted.map((e) => [e.id, e.data.companyName])).values()];
      expect(firsts).toEqual(names);
      expect(accepted.length - names.length).toBeLessThanOrEqual(1);
    }
    // Every attempt is one of the 11 deliveries (webhook-id is stable across retries): nothing unexpected was sent.
    expect(new Set(receiver.requests.map((r) => r.headers['webhook-id'])).size).toBe(11);
  });

  it('sends again a delivery whose answer the killed instance never recorded (at least once)', async () => {
    const partnerId = await registeredPartner();
    receiver.answer = () => 200;
    receiver.holdMs = 500;
    const arrived = receiver.nextRequest();
    const customerId = uid('c');
    await appendDetailUpdates(api, customerId, partnerId, 1);
    const first = await arrived;
    // The receiver has the event; the API dies before the answer reaches it.
    await api.killApi();
    receiver.holdMs = 0;
    await api.startApi();

    const again = await eventually(
      async () => receiver.requests.filter((r) => r.headers['webhook-id'] === first.headers['webhook-id']),
      (requests) => requests.length === 2,
      20_000,
    );
    expect(again[1].body).toBe(first.body);
  });
});
