import { startApiHarness, type ApiHarness } from './support/api-harness';
import { apiSpec, expectAppended, expectNothingAppended, expectProblem, expectResponse, stream } from './support/api-spec';
import { uid } from './support/fixtures';
import { customerAddedBy, enrolledPartner, invitedPartner, relationshipRemoved, subscriptionAdded } from './support/given';

describe('subscriptions, given/when/then', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApiHarness();
  });
  afterAll(async () => {
    await api?.close();
  });

  const ids = () => ({ partnerId: uid('p'), customerId: uid('c') });

  it('adding a subscription from the catalogue appends SubscriptionAdded for the selling partner', async () => {
    const { partnerId, customerId } = ids();
    await apiSpec(api)
      .given(enrolledPartner(partnerId), stream(`customer-${customerId}`, ...customerAddedBy(customerId, partnerId)))
      .when({
        method: 'POST',
        path: `/v1/customers/${customerId}/subscriptions`,
        token: api.partnerToken(partnerId),
        body: { offerId: 'exchange-online-plan-1', licenseCount: 5 },
      })
      .then(
        expectResponse(201, { customerId }),
        expectAppended(`customer-${customerId}`, {
          type: 'SubscriptionAdded',
          data: {
            customerId,
            offerId: 'exchange-online-plan-1',
            service: 'exchange',
            licenseCount: 5,
            partnerId,
            supportContactId: partnerId,
          },
        }),
      );
  });

  it('changing the license count appends the change with the previous count', async () => {
    const { partnerId, customerId } = ids();
    await apiSpec(api)
      .given(
        enrolledPartner(partnerId),
        stream(`customer-${customerId}`, ...customerAddedBy(customerId, partnerId), subscriptionAdded(customerId, 's1', partnerId)),
      )
      .when({
        method: 'PATCH',
        path: `/v1/customers/${customerId}/subscriptions/s1`,
        token: api.partnerToken(partnerId),
        body: { licenseCount: 12 },
      })
      .then(
        expectResponse(200, { customerId, subscriptionId: 's1', licenseCount: 12 }),
        expectAppended(`customer-${customerId}`, {
          type: 'LicenseCountChanged',
          data: { subscriptionId: 's1', previousLicenseCount: 3, licenseCount: 12 },
        }),
      );
  });

  it('a license count out of range is refused naming the field, and nothing is appended', async () => {
    const { partnerId, customerId } = ids();
    await apiSpec(api)
      .given(
        enrolledPartner(partnerId),
        stream(`customer-${customerId}`, ...customerAddedBy(customerId, partnerId), subscriptionAdded(customerId, 's1', partnerId)),
      )
      .when({
        method: 'PATCH',
        path: `/v1/customers/${customerId}/subscriptions/s1`,
        token: api.partnerToken(partnerId),
        body: { licenseCount: 0 },
      })
      .then(expectProblem(400, 'VALIDATION', 'licenseCount'), expectNothingAppended);
  });

  it("another partner's subscription on a shared customer is not found, and nothing is appended", async () => {
    const { partnerId, customerId } = ids();
    const other = uid('p');
    await apiSpec(api)
      .given(
        enrolledPartner(partnerId),
        enrolledPartner(other),
        stream(
          `customer-${customerId}`,
          ...customerAddedBy(customerId, partnerId),
          invitedPartner(customerId, other),
          subscriptionAdded(customerId, 's1', partnerId),
        ),
      )
      .when({
        method: 'PATCH',
        path: `/v1/customers/${customerId}/subscriptions/s1`,
        token: api.partnerToken(other),
        body: { licenseCount: 12 },
      })
      .then((response) => expect(response.status).toBe(404), expectNothingAppended);
  });

  it('a partner whose relationship was removed cannot add a subscription (it knew the customer), and nothing is appended', async () => {
    const { partnerId, customerId } = ids();
    await apiSpec(api)
      .given(
        enrolledPartner(partnerId),
        stream(`customer-${customerId}`, ...customerAddedBy(customerId, partnerId), relationshipRemoved(customerId, partnerId)),
      )
      .when({
        method: 'POST',
        path: `/v1/customers/${customerId}/subscriptions`,
        token: api.partnerToken(partnerId),
        body: { offerId: 'exchange-online-plan-1', licenseCount: 5 },
      })
      .then(expectProblem(409, 'RELATIONSHIP.NOT_ACTIVE'), expectNothingAppended);
  });
});
