import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { asyncApiProblems } from '@app/event-catalogue/testing/asyncapi-validator';
import { startApiHarness, type ApiHarness } from './support/api-harness';
import { expectStatus } from './support/fixtures';

describe('GET /asyncapi.json', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await startApiHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('serves the committed AsyncAPI 3 document without a token', async () => {
    const served = expectStatus(await h.call('GET', '/asyncapi.json'), 200);
    expect(served.headers.get('content-type')).toMatch(/^application\/json/);
    expect(served.body).toEqual(JSON.parse(readFileSync(resolve(__dirname, '../../docs/asyncapi.json'), 'utf8')));
    expect(asyncApiProblems(served.body)).toEqual([]);
    // The feed's messages are the event types a partner can subscribe to, at the version the feed sends.
    const feed = Object.keys(served.body.channels.liveFeed.messages);
    const subscribable = expectStatus(await h.call('GET', '/v1/webhooks/event-types', { token: h.partnerToken('p-asyncapi') }), 200).body;
    expect(feed.sort()).toEqual(
      subscribable.items.map((item: { type: string }) => `feed.${item.type.replace('com.csp-relationships.', '')}`).sort(),
    );
  });
});
