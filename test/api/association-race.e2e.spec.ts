import { startApiHarness, type ApiHarness } from './support/api-harness';
import { expectStatus, newCustomerBody, partnership } from './support/fixtures';

const PAIRS = 40;
const removal = { reason: 'contract ended', goodFaithConfirmed: true, noticeResponsibilityConfirmed: true };

/**
 * Associating a reseller races the provider's relationship removal on the same customer: both are decided on the
 * customer stream, so the log never records an association after the removal it depended on.
 */
describe('association against a concurrent relationship removal', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApiHarness();
  });
  afterAll(async () => {
    await api?.close();
  });

  it(`in ${PAIRS} concurrent pairs, exactly one order wins, and no association follows the removal`, async () => {
    const { provider, reseller } = await partnership(api);
    const outcomes = { associatedFirst: 0, refusedAfterRemoval: 0 };
    for (let pair = 0; pair < PAIRS; pair++) {
      const { customerId } = expectStatus(
        await api.call('POST', '/v1/customers', { token: provider.token, body: newCustomerBody() }),
        201,
      ).body;
      const [associated, removed] = await Promise.all([
        api.call('POST', `/v1/customers/${customerId}/resellers`, { token: provider.token, body: { resellerId: reseller.partnerId } }),
        api.call('POST', `/v1/customers/${customerId}/relationship/remove`, { token: provider.token, body: removal }),
      ]);
      expect(removed.status).toBe(200);
      const types = (await api.readStream(`customer-${customerId}`)).map((e) => e.event!.type);
      const removedAt = types.indexOf('RelationshipRemoved');
      const associatedAt = types.indexOf('ResellerAssociationRecorded');
      if (associated.status === 200) {
        // The association won the stream's revision; the removal re-decided and still applied after it.
        expect(associatedAt).toBeGreaterThanOrEqual(0);
        expect(associatedAt).toBeLessThan(removedAt);
        outcomes.associatedFirst++;
      } else {
        expect([associated.status, associated.body.code]).toEqual([409, 'RELATIONSHIP.NOT_ACTIVE']);
        expect(associatedAt).toBe(-1);
        outcomes.refusedAfterRemoval++;
      }
    }
    expect(outcomes.associatedFirst + outcomes.refusedAfterRemoval).toBe(PAIRS);
    console.log(`association race, ${PAIRS} pairs: ${JSON.stringify(outcomes)}`);
  }, 180_000);
});
