import { CustomerContext } from './context';
import { fold } from '../shared/decider';
import { addCustomerData, at, direct, now, provider, reseller } from '../testing/fixtures';
import { CustomerEvent } from './events';
import { customerDecider, toCustomerLookup } from './index';

const context: CustomerContext = { now, actingPartner: provider, partnershipStatus: 'active' };

describe('customer evolve', () => {
  it('replays a whole history into the account state the decisions and other streams rely on', () => {
    const history: CustomerEvent[] = [
      ...customerDecider.decide(
        {
          type: 'AddCustomer',
          data: addCustomerData({ subscriptions: [{ subscriptionId: 's-1', offerId: 'azure-plan', licenseCount: 5 }] }),
        },
        customerDecider.initialState(),
        context,
      ),
      {
        type: 'RelationshipEstablished',
        data: { customerId: 'customer-1', partnerId: direct.partnerId, origin: 'invitation', invitationId: 'inv-1', establishedAt: at },
      },
      {
        type: 'AdminPermissionsGranted',
        data: { customerId: 'customer-1', partnerId: direct.partnerId, service: 'exchange', via: 'invitation', grantedAt: at },
      },
      {
        type: 'ResellerAssociationRecorded',
        data: { customerId: 'customer-1', providerId: provider.partnerId, resellerId: reseller.partnerId, recordedAt: at },
      },
      {
        type: 'LicenseCountChanged',
        data: {
          customerId: 'customer-1',
          subscriptionId: 's-1',
          partnerId: provider.partnerId,
          previousLicenseCount: 5,
          licenseCount: 7,
          changedAt: at,
        },
      },
      {
        type: 'SupportContactDesignated',
        data: {
          customerId: 'customer-1',
          subscriptionId: 's-1',
          supportContactId: reseller.partnerId,
          contactKind: 'reseller',
          designatedBy: 'u',
          designatedAt: at,
        },
      },
      {
        type: 'CustomerDetailsUpdated',
        data: { customerId: 'customer-1', partnerId: provider.partnerId, companyName: 'Contoso Group', updatedAt: at },
      },
      {
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
      },
      {
        type: 'AdminPermissionsRemoved',
        data: { customerId: 'customer-1', partnerId: direct.partnerId, service: 'exchange', removedBy: 'c', via: 'removal', removedAt: at },
      },
    ];
    const state = fold(customerDecider, history);
    expect(state).toMatchObject({
      status: 'exists',
      companyName: 'Contoso Group',
      primaryDomain: 'contoso.example',
      adminHolders: {},
      associations: [{ providerId: provider.partnerId, resellerId: reseller.partnerId }],
      subscriptions: { 's-1': { licenseCount: 7, supportContactId: reseller.partnerId, partnerId: provider.partnerId } },
      appliedInvitations: ['inv-1'],
    });
    expect(state.status === 'exists' && state.relationships[direct.partnerId]).toMatchObject({
      active: false,
      removedAt: at,
      origin: 'invitation',
    });
    expect(toCustomerLookup(state)).toEqual({
      customerId: 'customer-1',
      activePartnerIds: [provider.partnerId],
      adminHolders: {},
      subscriptions: [{ subscriptionId: 's-1', partnerId: provider.partnerId }],
    });
  });

  it('cut at any revision gives the state as of that moment (what an auditor replays)', () => {
    const history: CustomerEvent[] = customerDecider.decide(
      { type: 'AddCustomer', data: addCustomerData() },
      customerDecider.initialState(),
      context,
    );
    expect(fold(customerDecider, history.slice(0, 1))).toMatchObject({ status: 'exists', relationships: {} });
    expect(toCustomerLookup(fold(customerDecider, []))).toBeUndefined();
  });

  it('ignores events that cannot apply to a customer that does not exist', () => {
    const stray: CustomerEvent = {
      type: 'LicenseCountChanged',
      data: { customerId: 'x', subscriptionId: 's', partnerId: 'p', previousLicenseCount: 1, licenseCount: 2, changedAt: at },
    };
    expect(fold(customerDecider, [stray])).toEqual({ status: 'none' });
  });
});
