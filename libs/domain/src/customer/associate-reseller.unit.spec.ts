import { deciderSpec } from '../testing/decider-spec';
import { addCustomerData, at, direct, now, provider, reseller } from '../testing/fixtures';
import { CustomerContext } from './context';
import { CustomerEvent } from './events';
import { customerDecider } from './index';

const context: CustomerContext = { now, actingPartner: provider, partnershipStatus: 'active' };
const spec = deciderSpec(customerDecider, context);
const added = customerDecider.decide(
  {
    type: 'AddCustomer',
    data: addCustomerData({ subscriptions: [{ subscriptionId: 's-1', offerId: 'exchange-online-plan-1', licenseCount: 10 }] }),
  },
  customerDecider.initialState(),
  context,
);
const ids = { customerId: 'customer-1', providerId: provider.partnerId, resellerId: reseller.partnerId, associatedBy: 'prov-user' };
const withCustomer = { type: 'AssociateResellerWithCustomer' as const, data: ids };
const withSubscription = { type: 'AssociateResellerWithSubscription' as const, data: { ...ids, subscriptionId: 's-1' } };
const recorded: CustomerEvent = {
  type: 'ResellerAssociationRecorded',
  data: { customerId: 'customer-1', providerId: provider.partnerId, resellerId: reseller.partnerId, recordedAt: at },
};
const providerRemoved: CustomerEvent = {
  type: 'RelationshipRemoved',
  data: {
    customerId: 'customer-1',
    partnerId: provider.partnerId,
    reason: 'r',
    goodFaithConfirmed: true,
    noticeResponsibilityConfirmed: true,
    removedBy: 'u',
    removedAt: at,
  },
};

describe("associating a reseller: decided on the customer stream, which guards the provider's relationship", () => {
  it('associates the reseller with a customer the provider serves, once', () => {
    spec.given(added).when(withCustomer).then([recorded]);
    spec
      .given([...added, recorded])
      .when(withCustomer)
      .thenNothing();
  });

  it("makes the reseller partner of record of one of the provider's subscriptions, once", () => {
    const assigned: CustomerEvent = {
      type: 'PartnerOfRecordAssigned',
      data: {
        customerId: 'customer-1',
        subscriptionId: 's-1',
        providerId: provider.partnerId,
        partnerId: reseller.partnerId,
        assignedAt: at,
      },
    };
    spec.given(added).when(withSubscription).then([assigned]);
    spec
      .given([...added, assigned])
      .when(withSubscription)
      .thenNothing();
  });

  it("is refused once the provider's relationship ended: the loser of a race with the removal re-decides to this", () => {
    spec
      .given([...added, providerRemoved])
      .when(withCustomer)
      .thenThrows('RELATIONSHIP.NOT_ACTIVE');
    spec
      .given([...added, providerRemoved])
      .when(withSubscription)
      .thenThrows('RELATIONSHIP.NOT_ACTIVE');
  });

  it('is refused for a customer the provider does not serve, as not found, and unless the partnership is active', () => {
    spec.given([]).when(withCustomer).thenThrows('CUSTOMER.NOT_FOUND');
    const otherProvider = { partnerId: 'provider-9', kind: 'indirect-provider' as const };
    spec
      .given(added)
      .when({ ...withCustomer, data: { ...ids, providerId: 'provider-9' } }, { actingPartner: otherProvider })
      .thenThrows('CUSTOMER.NOT_FOUND');
    spec.given(added).when(withCustomer, { partnershipStatus: 'removed' }).thenThrows('PARTNERSHIP.NOT_ACTIVE', 'resellerId');
    spec
      .given(added)
      .when({ ...withCustomer, data: { ...ids, providerId: direct.partnerId } }, { actingPartner: direct })
      .thenThrows('PARTNER.KIND_NOT_ALLOWED');
  });

  it('refuses a subscription the provider does not sell', () => {
    spec
      .given(added)
      .when({ ...withSubscription, data: { ...withSubscription.data, subscriptionId: 's-9' } })
      .thenThrows('SUBSCRIPTION.NOT_FOUND', 'subscriptionId');
  });

  it("a requested association completed on the partnership stream after the provider's removal takes no effect here", () => {
    spec
      .given([...added, providerRemoved])
      .when({ type: 'RecordResellerAssociation', data: { ...ids, grantAdmin: true } })
      .thenNothing();
    spec
      .given([...added, providerRemoved])
      .when({
        type: 'AssignPartnerOfRecord',
        data: { customerId: 'customer-1', subscriptionId: 's-1', providerId: provider.partnerId, resellerId: reseller.partnerId },
      })
      .thenNothing();
  });
});
