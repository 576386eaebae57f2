import type { CustomerEvent, PartnerEnrolled } from '@app/domain';
import { startApiHarness, type ApiHarness } from './support/api-harness';
import { apiSpec, expectAppended, expectNothingAppended, expectProblem, expectResponse, stream } from './support/api-spec';
import { uid } from './support/fixtures';

const at = '2026-03-01T10:00:00.000Z';
const enrolled = (partnerId: string): PartnerEnrolled => ({
  type: 'PartnerEnrolled',
  data: { partnerId, kind: 'direct', name: `Partner ${partnerId}`, mpnId: '1234567', country: 'US', enrolledAt: at },
});
/** A customer the partner added: its creation and the relationship that follows it. */
const customerOf = (customerId: string, partnerId: string): CustomerEvent[] => [
  {
    type: 'CustomerAdded',
    data: {
      customerId,
      partnerId,
      companyName: 'Contoso Ltd',
      primaryDomain: `${customerId}.example`,
      address: { line1: '1 Main St', city: 'Seattle', postalCode: '98101', country: 'US' },
      primaryContact: { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com' },
      agreement: { signerName: 'Ada Lovelace', signerEmail: 'ada@example.com', signedAt: at, attestedBy: 'user-1' },
      adminUserName: `admin@${customerId}.example`,
      addedAt: at,
    },
  },
  { type: 'RelationshipEstablished', data: { customerId, partnerId, origin: 'added', establishedAt: at } },
];
const subscriptionOf = (customerId: string, subscriptionId: string, partnerId: string): CustomerEvent => ({
  type: 'SubscriptionAdded',
  data: {
    customerId,
    subscriptionId,
    offerId: 'exchange-online-plan-1',
    service: 'exchange',
    licenseCount: 3,
    partnerId,
    supportContactId: partnerId,
    addedAt: at,
  },
});

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
      .given(stream(`partner-${partnerId}`, enrolled(partnerId)), stream(`customer-${customerId}`, ...customerOf(customerId, partnerId)))
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
        stream(`partner-${partnerId}`, enrolled(partnerId)),
        stream(`customer-${customerId}`, ...customerOf(customerId, partnerId), subscriptionOf(customerId, 's1', partnerId)),
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
        stream(`partner-${partnerId}`, enrolled(partnerId)),
        stream(`customer-${customerId}`, ...customerOf(customerId, partnerId), subscriptionOf(customerId, 's1', partnerId)),
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
        stream(`partner-${partnerId}`, enrolled(partnerId)),
        stream(`partner-${other}`, enrolled(other)),
        stream(
          `customer-${customerId}`,
          ...customerOf(customerId, partnerId),
          { type: 'RelationshipEstablished', data: { customerId, partnerId: other, origin: 'invitation', establishedAt: at } },
          subscriptionOf(customerId, 's1', partnerId),
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
        stream(`partner-${partnerId}`, enrolled(partnerId)),
        stream(`customer-${customerId}`, ...customerOf(customerId, partnerId), {
          type: 'RelationshipRemoved',
          data: {
            customerId,
            partnerId,
            reason: 'ended',
            goodFaithConfirmed: true,
            noticeResponsibilityConfirmed: true,
            removedBy: 'user-1',
            removedAt: at,
          },
        }),
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
