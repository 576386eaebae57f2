import { CustomerContext } from './context';
import { deciderSpec } from '../testing/decider-spec';
import { addCustomerData, at, direct, now, provider, reseller } from '../testing/fixtures';
import { ChangeLicenseCount, DesignateSupportContact } from './commands';
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
const directServes: CustomerEvent = {
  type: 'RelationshipEstablished',
  data: { customerId: 'customer-1', partnerId: direct.partnerId, origin: 'invitation', invitationId: 'inv-1', establishedAt: at },
};
const providerHoldsExchange: CustomerEvent = {
  type: 'AdminPermissionsGranted',
  data: { customerId: 'customer-1', partnerId: provider.partnerId, service: 'exchange', via: 'invitation', grantedAt: at },
};

describe('admin permissions (customer side)', () => {
  it('removes a partner’s permissions for a service', () => {
    spec
      .given([...added, providerHoldsExchange])
      .when({
        type: 'RemoveAdminPermissions',
        data: { customerId: 'customer-1', partnerId: provider.partnerId, service: 'exchange', removedBy: 'cust-admin' },
      })
      .then([
        {
          type: 'AdminPermissionsRemoved',
          data: {
            customerId: 'customer-1',
            partnerId: provider.partnerId,
            service: 'exchange',
            removedBy: 'cust-admin',
            via: 'removal',
            removedAt: at,
          },
        },
      ]);
  });

  it('refuses to remove permissions the partner does not hold, or for an unknown service', () => {
    spec
      .given(added)
      .when({
        type: 'RemoveAdminPermissions',
        data: { customerId: 'customer-1', partnerId: provider.partnerId, service: 'exchange', removedBy: 'c' },
      })
      .thenThrows('ADMIN.NOT_HELD', 'partnerId');
    spec
      .given(added)
      .when({
        type: 'RemoveAdminPermissions',
        data: { customerId: 'customer-1', partnerId: provider.partnerId, service: 'email' as never, removedBy: 'c' },
      })
      .thenThrows('ADMIN.SERVICE_UNKNOWN', 'service');
  });

  it('reassigns as a removal from the holder and a grant to the other partner: one holder per service', () => {
    const events = spec
      .given([...added, directServes, providerHoldsExchange])
      .when({
        type: 'ReassignAdminPermissions',
        data: { customerId: 'customer-1', service: 'exchange', toPartnerId: direct.partnerId, reassignedBy: 'cust-admin' },
      })
      .events();
    expect(events).toEqual([
      {
        type: 'AdminPermissionsRemoved',
        data: {
          customerId: 'customer-1',
          partnerId: provider.partnerId,
          service: 'exchange',
          removedBy: 'cust-admin',
          via: 'reassignment',
          removedAt: at,
        },
      },
      {
        type: 'AdminPermissionsGranted',
        data: { customerId: 'customer-1', partnerId: direct.partnerId, service: 'exchange', via: 'reassignment', grantedAt: at },
      },
    ]);
    const state = [...added, directServes, providerHoldsExchange, ...events].reduce(customerDecider.evolve, customerDecider.initialState());
    expect(state.status === 'exists' && state.adminHolders).toEqual({ exchange: direct.partnerId });
  });

  it('grants directly when nobody holds the service, and does nothing when the target already holds it', () => {
    const reassign = {
      type: 'ReassignAdminPermissions' as const,
      data: { customerId: 'customer-1', service: 'exchange' as const, toPartnerId: provider.partnerId, reassignedBy: 'c' },
    };
    expect(
      spec
        .given(added)
        .when(reassign)
        .events()
        .map((e) => e.type),
    ).toEqual(['AdminPermissionsGranted']);
    spec
      .given([...added, providerHoldsExchange])
      .when(reassign)
      .thenNothing();
  });

  it('refuses to reassign to a partner without an active relationship', () => {
    spec
      .given(added)
      .when({
        type: 'ReassignAdminPermissions',
        data: { customerId: 'customer-1', service: 'teams', toPartnerId: reseller.partnerId, reassignedBy: 'c' },
      })
      .thenThrows('RELATIONSHIP.NOT_ACTIVE', 'toPartnerId');
  });
});

describe('subscriptions', () => {
  const addSubscription = (overrides: object = {}) => ({
    type: 'AddSubscription' as const,
    data: {
      customerId: 'customer-1',
      partnerId: provider.partnerId,
      subscriptionId: 's-2',
      offerId: 'azure-plan',
      licenseCount: 1,
      ...overrides,
    },
  });

  it('adds a subscription from the catalogue with the seller as support contact', () => {
    spec
      .given(added)
      .when(addSubscription())
      .then([
        {
          type: 'SubscriptionAdded',
          data: {
            customerId: 'customer-1',
            subscriptionId: 's-2',
            offerId: 'azure-plan',
            service: 'azure',
            licenseCount: 1,
            partnerId: provider.partnerId,
            supportContactId: provider.partnerId,
            addedAt: at,
          },
        },
      ]);
  });

  it('requests a reseller of record only through an active partnership', () => {
    const [event] = spec
      .given(added)
      .when(addSubscription({ partnerOfRecordId: reseller.partnerId }))
      .events();
    expect(event.data).toMatchObject({ requestedPartnerOfRecordId: reseller.partnerId });
    spec
      .given(added)
      .when(addSubscription({ partnerOfRecordId: reseller.partnerId }), { partnershipStatus: 'removed' })
      .thenThrows('PARTNERSHIP.NOT_ACTIVE', 'partnerOfRecordId');
  });

  it.each([
    ['SUBSCRIPTION.LICENSE_COUNT_INVALID', 'licenseCount', { licenseCount: 0 }],
    ['SUBSCRIPTION.LICENSE_COUNT_INVALID', 'licenseCount', { licenseCount: 1_000_001 }],
    ['SUBSCRIPTION.LICENSE_COUNT_INVALID', 'licenseCount', { licenseCount: '5' }],
    ['SUBSCRIPTION.OFFER_UNKNOWN', 'offerId', { offerId: 'office-97' }],
    ['SUBSCRIPTION.ALREADY_EXISTS', 'subscriptionId', { subscriptionId: 's-1' }],
    ['VALIDATION', 'subscriptionId', { subscriptionId: '' }],
  ])('refuses %s on %s', (code, field, overrides) => {
    spec
      .given(added)
      .when(addSubscription(overrides))
      .thenThrows(code as never, field);
  });

  it('refuses sellers without an active relationship and resellers', () => {
    spec
      .given(added)
      .when(addSubscription({ partnerId: direct.partnerId }), { actingPartner: direct })
      .thenThrows('CUSTOMER.NOT_FOUND');
    spec
      .given(added)
      .when(addSubscription({ partnerId: reseller.partnerId }), { actingPartner: reseller })
      .thenThrows('PARTNER.KIND_NOT_ALLOWED');
  });

  const change = (licenseCount: unknown, overrides: Partial<ChangeLicenseCount['data']> = {}): ChangeLicenseCount => ({
    type: 'ChangeLicenseCount',
    data: {
      customerId: 'customer-1',
      partnerId: provider.partnerId,
      subscriptionId: 's-1',
      licenseCount: licenseCount as number,
      ...overrides,
    },
  });

  it('changes the license count, and a change to the same count records nothing', () => {
    spec
      .given(added)
      .when(change(12))
      .then([
        {
          type: 'LicenseCountChanged',
          data: {
            customerId: 'customer-1',
            subscriptionId: 's-1',
            partnerId: provider.partnerId,
            previousLicenseCount: 10,
            licenseCount: 12,
            changedAt: at,
          },
        },
      ]);
    spec.given(added).when(change(10)).thenNothing();
  });

  it('refuses an invalid count and another seller’s or unknown subscription', () => {
    spec.given(added).when(change(-1)).thenThrows('SUBSCRIPTION.LICENSE_COUNT_INVALID', 'licenseCount');
    spec
      .given(added)
      .when(change(3, { subscriptionId: 's-9' }))
      .thenThrows('SUBSCRIPTION.NOT_FOUND', 'subscriptionId');
    spec
      .given([...added, directServes])
      .when(change(3, { partnerId: direct.partnerId }), { actingPartner: direct })
      .thenThrows('SUBSCRIPTION.NOT_FOUND');
  });
});

describe('DesignateSupportContact', () => {
  const designate = (supportContact: DesignateSupportContact['data']['supportContact']): DesignateSupportContact => ({
    type: 'DesignateSupportContact',
    data: { customerId: 'customer-1', partnerId: provider.partnerId, subscriptionId: 's-1', supportContact, designatedBy: 'helpdesk-1' },
  });
  const associated: CustomerEvent = {
    type: 'ResellerAssociationRecorded',
    data: { customerId: 'customer-1', providerId: provider.partnerId, resellerId: reseller.partnerId, recordedAt: at },
  };
  const resellerContact: CustomerEvent = {
    type: 'SupportContactDesignated',
    data: {
      customerId: 'customer-1',
      subscriptionId: 's-1',
      supportContactId: reseller.partnerId,
      contactKind: 'reseller',
      designatedBy: 'helpdesk-1',
      designatedAt: at,
    },
  };

  it('designates an associated reseller, and back to the provider', () => {
    spec
      .given([...added, associated])
      .when(designate({ kind: 'reseller', resellerId: reseller.partnerId }))
      .then([resellerContact]);
    spec
      .given([...added, associated, resellerContact])
      .when(designate({ kind: 'provider' }))
      .then([
        {
          type: 'SupportContactDesignated',
          data: {
            customerId: 'customer-1',
            subscriptionId: 's-1',
            supportContactId: provider.partnerId,
            contactKind: 'provider',
            designatedBy: 'helpdesk-1',
            designatedAt: at,
          },
        },
      ]);
  });

  it('accepts the subscription’s partner of record as a reseller contact', () => {
    const por: CustomerEvent = {
      type: 'PartnerOfRecordAssigned',
      data: {
        customerId: 'customer-1',
        subscriptionId: 's-1',
        providerId: provider.partnerId,
        partnerId: reseller.partnerId,
        assignedAt: at,
      },
    };
    spec
      .given([...added, por])
      .when(designate({ kind: 'reseller', resellerId: reseller.partnerId }))
      .then([resellerContact]);
  });

  it('records nothing when the contact is already the one asked for', () => {
    spec
      .given(added)
      .when(designate({ kind: 'provider' }))
      .thenNothing();
  });

  it('refuses a reseller not associated, and an unknown contact kind', () => {
    spec
      .given(added)
      .when(designate({ kind: 'reseller', resellerId: reseller.partnerId }))
      .thenThrows('SUPPORT.RESELLER_NOT_ASSOCIATED', 'supportContact.resellerId');
    spec
      .given(added)
      .when(designate({ kind: 'anyone' } as never))
      .thenThrows('VALIDATION', 'supportContact.kind');
  });
});

describe('ids that are also names of object members', () => {
  it('treats a subscription or partner called "constructor" like any other id', () => {
    const events = spec
      .given(added)
      .when({
        type: 'AddSubscription',
        data: {
          customerId: 'customer-1',
          partnerId: provider.partnerId,
          subscriptionId: 'constructor',
          offerId: 'azure-plan',
          licenseCount: 1,
        },
      })
      .events();
    expect(events.map((e) => e.type)).toEqual(['SubscriptionAdded']);
    spec
      .given(added)
      .when({
        type: 'ChangeLicenseCount',
        data: { customerId: 'customer-1', partnerId: provider.partnerId, subscriptionId: 'toString', licenseCount: 2 },
      })
      .thenThrows('SUBSCRIPTION.NOT_FOUND');
    spec
      .given(added)
      .when({
        type: 'ReassignAdminPermissions',
        data: { customerId: 'customer-1', service: 'teams', toPartnerId: 'constructor', reassignedBy: 'c' },
      })
      .thenThrows('RELATIONSHIP.NOT_ACTIVE', 'toPartnerId');
  });
});

describe("an associated reseller and the customer's subscriptions (seed: administrator access to them)", () => {
  const associated: CustomerEvent = {
    type: 'ResellerAssociationRecorded',
    data: { customerId: 'customer-1', providerId: provider.partnerId, resellerId: reseller.partnerId, recordedAt: at },
  };
  const byReseller = { now, actingPartner: reseller };
  const change = (licenseCount: number): ChangeLicenseCount => ({
    type: 'ChangeLicenseCount',
    data: { customerId: 'customer-1', partnerId: reseller.partnerId, subscriptionId: 's-1', licenseCount },
  });
  const removed: CustomerEvent = {
    type: 'RelationshipRemoved',
    data: {
      customerId: 'customer-1',
      partnerId: provider.partnerId,
      reason: 'ended',
      goodFaithConfirmed: true,
      noticeResponsibilityConfirmed: true,
      removedBy: 'u',
      removedAt: at,
    },
  };

  it("changes the license count of its provider's subscription", () =>
    spec
      .given([...added, associated])
      .when(change(25), byReseller)
      .then([
        {
          type: 'LicenseCountChanged',
          data: {
            customerId: 'customer-1',
            subscriptionId: 's-1',
            partnerId: reseller.partnerId,
            previousLicenseCount: 10,
            licenseCount: 25,
            changedAt: at,
          },
        },
      ]));

  it('may not without the association, nor once the provider’s relationship ended: not found', () => {
    spec.given(added).when(change(25), byReseller).thenThrows('SUBSCRIPTION.NOT_FOUND', 'subscriptionId');
    spec
      .given([...added, associated, removed])
      .when(change(25), byReseller)
      .thenThrows('SUBSCRIPTION.NOT_FOUND', 'subscriptionId');
  });

  it('subscriptions added with a customer for a reseller ask for it as partner of record', () => {
    const events = customerDecider.decide(
      {
        type: 'AddCustomer',
        data: addCustomerData({
          resellerId: reseller.partnerId,
          subscriptions: [{ subscriptionId: 's-9', offerId: 'teams-essentials', licenseCount: 5 }],
        }),
      },
      customerDecider.initialState(),
      context,
    );
    expect(events.find((e) => e.type === 'SubscriptionAdded')?.data).toMatchObject({
      subscriptionId: 's-9',
      requestedPartnerOfRecordId: reseller.partnerId,
    });
  });
});
