import { CustomerContext } from './context';
import { services } from '../catalogue';
import { deciderSpec } from '../testing/decider-spec';
import { addCustomerData, at, direct, now, provider, reseller } from '../testing/fixtures';
import { EstablishInvitedRelationships } from './commands';
import { CustomerEvent } from './events';
import { customerDecider } from './index';

const context: CustomerContext = { now, actingPartner: provider, partnershipStatus: 'active' };
const spec = deciderSpec(customerDecider, { now });
const added = customerDecider.decide(
  {
    type: 'AddCustomer',
    data: addCustomerData({ subscriptions: [{ subscriptionId: 's-1', offerId: 'teams-essentials', licenseCount: 3 }] }),
  },
  customerDecider.initialState(),
  context,
);
const replayed = (events: readonly CustomerEvent[]) => events.reduce(customerDecider.evolve, customerDecider.initialState());

describe('EstablishInvitedRelationships (after InvitationAccepted)', () => {
  const establish = (overrides: Partial<EstablishInvitedRelationships['data']> = {}): EstablishInvitedRelationships => ({
    type: 'EstablishInvitedRelationships',
    data: {
      customerId: 'customer-1',
      invitationId: 'inv-1',
      partnerId: direct.partnerId,
      kind: 'reseller',
      adminServices: ['exchange'],
      ...overrides,
    },
  });

  it('registers a customer first known through the invitation, then its relationship and admin permissions', () => {
    spec
      .given([])
      .when(establish({ newCustomer: { companyName: 'Northwind', primaryDomain: 'Northwind.Example' } }))
      .then([
        {
          type: 'CustomerRegistered',
          data: {
            customerId: 'customer-1',
            companyName: 'Northwind',
            primaryDomain: 'northwind.example',
            invitationId: 'inv-1',
            registeredAt: at,
          },
        },
        {
          type: 'RelationshipEstablished',
          data: { customerId: 'customer-1', partnerId: direct.partnerId, origin: 'invitation', invitationId: 'inv-1', establishedAt: at },
        },
        {
          type: 'AdminPermissionsGranted',
          data: { customerId: 'customer-1', partnerId: direct.partnerId, service: 'exchange', via: 'invitation', grantedAt: at },
        },
      ]);
  });

  it('turns a combined acceptance into the reseller relationship; the provider one waits for the partnership stream', () => {
    const events = spec
      .given(added.slice(0, 1))
      .when(establish({ partnerId: reseller.partnerId, kind: 'combined', adminServices: [] }))
      .events();
    expect(events).toEqual([
      {
        type: 'RelationshipEstablished',
        data: {
          customerId: 'customer-1',
          partnerId: reseller.partnerId,
          origin: 'combined-invitation',
          invitationId: 'inv-1',
          establishedAt: at,
        },
      },
    ]);
  });

  it('does nothing when replayed, even after the relationship was removed since', () => {
    const first = spec.given(added).when(establish()).events();
    const removal: CustomerEvent = {
      type: 'RelationshipRemoved',
      data: {
        customerId: 'customer-1',
        partnerId: direct.partnerId,
        reason: 'r',
        goodFaithConfirmed: true,
        noticeResponsibilityConfirmed: true,
        removedBy: 'u',
        removedAt: at,
      },
    };
    spec
      .given([...added, ...first])
      .when(establish())
      .thenNothing();
    spec
      .given([...added, ...first, removal])
      .when(establish())
      .thenNothing();
  });

  it('skips services another partner holds and partners already active', () => {
    const providerHolds: CustomerEvent = {
      type: 'AdminPermissionsGranted',
      data: { customerId: 'customer-1', partnerId: provider.partnerId, service: 'exchange', via: 'invitation', grantedAt: at },
    };
    const events = spec
      .given([...added, providerHolds])
      .when(establish({ partnerId: provider.partnerId, adminServices: ['exchange', 'teams'] }))
      .events();
    expect(events).toEqual([
      {
        type: 'AdminPermissionsGranted',
        data: { customerId: 'customer-1', partnerId: provider.partnerId, service: 'teams', via: 'invitation', grantedAt: at },
      },
    ]);
  });

  it('cannot create a customer without its details', () => {
    spec.given([]).when(establish()).thenThrows('CUSTOMER.DETAILS_REQUIRED', 'newCustomer');
  });
});

describe('RecordResellerAssociation (mirror of ResellerAssociated)', () => {
  const record = (grantAdmin: boolean) => ({
    type: 'RecordResellerAssociation' as const,
    data: { customerId: 'customer-1', providerId: provider.partnerId, resellerId: reseller.partnerId, grantAdmin },
  });

  it('for a new customer, records the association and grants the reseller every service nobody holds', () => {
    const events = spec.given(added).when(record(true)).events();
    expect(events[0]).toEqual({
      type: 'ResellerAssociationRecorded',
      data: { customerId: 'customer-1', providerId: provider.partnerId, resellerId: reseller.partnerId, recordedAt: at },
    });
    expect(events.slice(1).map((e) => e.type === 'AdminPermissionsGranted' && [e.data.partnerId, e.data.service, e.data.via])).toEqual(
      services.map((service) => [reseller.partnerId, service, 'reseller-association']),
    );
  });

  it('for an existing customer, records the association only; a replay records nothing', () => {
    const events = spec.given(added).when(record(false)).events();
    expect(events.map((e) => e.type)).toEqual(['ResellerAssociationRecorded']);
    spec
      .given([...added, ...events])
      .when(record(true))
      .thenNothing();
  });

  it('needs the customer', () => {
    spec.given([]).when(record(false)).thenThrows('CUSTOMER.NOT_FOUND');
  });
});

describe('EstablishCombinedProviderRelationship (after CombinedInvitationConfirmed)', () => {
  const establishProvider = (providerId = 'provider-9') => ({
    type: 'EstablishCombinedProviderRelationship' as const,
    data: { customerId: 'customer-1', invitationId: 'inv-1', providerId },
  });
  const providerEstablished: CustomerEvent = {
    type: 'RelationshipEstablished',
    data: { customerId: 'customer-1', partnerId: 'provider-9', origin: 'combined-invitation', invitationId: 'inv-1', establishedAt: at },
  };

  it('establishes the provider once, never again after its removal, and skips a provider already active', () => {
    spec.given(added).when(establishProvider()).then([providerEstablished]);
    spec
      .given([...added, providerEstablished])
      .when(establishProvider())
      .thenNothing();
    const removal: CustomerEvent = {
      type: 'RelationshipRemoved',
      data: {
        customerId: 'customer-1',
        partnerId: 'provider-9',
        reason: 'r',
        goodFaithConfirmed: true,
        noticeResponsibilityConfirmed: true,
        removedBy: 'u',
        removedAt: at,
      },
    };
    spec
      .given([...added, providerEstablished, removal])
      .when(establishProvider())
      .thenNothing();
    spec.given(added).when(establishProvider(provider.partnerId)).thenNothing();
  });

  it('needs the customer', () => {
    spec.given([]).when(establishProvider()).thenThrows('CUSTOMER.NOT_FOUND', 'customerId');
  });
});

describe('AssignPartnerOfRecord (mirror of a subscription-level ResellerAssociated)', () => {
  const assign = (subscriptionId = 's-1') => ({
    type: 'AssignPartnerOfRecord' as const,
    data: { customerId: 'customer-1', subscriptionId, providerId: provider.partnerId, resellerId: reseller.partnerId },
  });

  it('assigns once', () => {
    const events = spec.given(added).when(assign()).events();
    expect(events).toEqual([
      {
        type: 'PartnerOfRecordAssigned',
        data: {
          customerId: 'customer-1',
          subscriptionId: 's-1',
          providerId: provider.partnerId,
          partnerId: reseller.partnerId,
          assignedAt: at,
        },
      },
    ]);
    spec
      .given([...added, ...events])
      .when(assign())
      .thenNothing();
    const state = replayed([...added, ...events]);
    expect(state.status === 'exists' && state.subscriptions['s-1'].partnerOfRecordId).toBe(reseller.partnerId);
  });

  it('needs the subscription', () => {
    spec.given(added).when(assign('s-404')).thenThrows('SUBSCRIPTION.NOT_FOUND', 'subscriptionId');
  });

  describe('a new partner of record while the previous one is the support contact', () => {
    const second = { ...reseller, partnerId: 'reseller-2' };
    const assignTo = (resellerId: string) => ({ ...assign(), data: { ...assign().data, resellerId } });
    const firstAssigned = spec.given(added).when(assign()).events();
    const supportByFirst: CustomerEvent = {
      type: 'SupportContactDesignated',
      data: {
        customerId: 'customer-1',
        subscriptionId: 's-1',
        supportContactId: reseller.partnerId,
        contactKind: 'reseller',
        designatedBy: 'user-1',
        designatedAt: at,
      },
    };

    it('hands support back to the seller when the previous reseller is not associated with the customer', () => {
      spec
        .given([...added, ...firstAssigned, supportByFirst])
        .when(assignTo(second.partnerId))
        .then([
          {
            type: 'PartnerOfRecordAssigned',
            data: {
              customerId: 'customer-1',
              subscriptionId: 's-1',
              providerId: provider.partnerId,
              partnerId: second.partnerId,
              assignedAt: at,
            },
          },
          {
            type: 'SupportContactDesignated',
            data: {
              customerId: 'customer-1',
              subscriptionId: 's-1',
              supportContactId: provider.partnerId,
              contactKind: 'provider',
              designatedBy: 'relationship-process',
              designatedAt: at,
            },
          },
        ]);
    });

    it('keeps a support contact the provider associated with the customer', () => {
      const associated: CustomerEvent = {
        type: 'ResellerAssociationRecorded',
        data: { customerId: 'customer-1', providerId: provider.partnerId, resellerId: reseller.partnerId, recordedAt: at },
      };
      const events = spec
        .given([...added, associated, ...firstAssigned, supportByFirst])
        .when(assignTo(second.partnerId))
        .events();
      expect(events.map((e) => e.type)).toEqual(['PartnerOfRecordAssigned']);
    });
  });
});
