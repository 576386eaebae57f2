import { CustomerContext } from './context';
import { deciderSpec } from '../testing/decider-spec';
import { addCustomerData, at, direct, now, provider, reseller } from '../testing/fixtures';
import { ImportCustomer, RemoveRelationship, UpdateCustomerDetails } from './commands';
import { CustomerEvent, ResellerAssociationRecorded } from './events';
import { customerDecider } from './index';

const context: CustomerContext = { now, actingPartner: provider, partnershipStatus: 'active' };
const spec = deciderSpec(customerDecider, context);
const added = customerDecider.decide({ type: 'AddCustomer', data: addCustomerData() }, customerDecider.initialState(), context);

const remove = (overrides: Partial<RemoveRelationship['data']> = {}): RemoveRelationship => ({
  type: 'RemoveRelationship',
  data: {
    customerId: 'customer-1',
    partnerId: provider.partnerId,
    reason: 'Customer moved to another partner',
    goodFaithConfirmed: true,
    noticeResponsibilityConfirmed: true,
    removedBy: 'user-1',
    ...overrides,
  },
});

const removed: CustomerEvent = {
  type: 'RelationshipRemoved',
  data: {
    customerId: 'customer-1',
    partnerId: provider.partnerId,
    reason: 'Customer moved to another partner',
    goodFaithConfirmed: true,
    noticeResponsibilityConfirmed: true,
    removedBy: 'user-1',
    removedAt: at,
  },
};

describe('RemoveRelationship', () => {
  it('records the reason, both confirmations and who removed it', () => {
    spec.given(added).when(remove()).then([removed]);
  });

  it('leaves admin permissions unchanged', () => {
    const granted: CustomerEvent = {
      type: 'AdminPermissionsGranted',
      data: { customerId: 'customer-1', partnerId: provider.partnerId, service: 'exchange', via: 'invitation', grantedAt: at },
    };
    const events = spec
      .given([...added, granted])
      .when(remove())
      .events();
    expect(events.map((event) => event.type)).toEqual(['RelationshipRemoved']);
    const state = [...added, granted, ...events].reduce(customerDecider.evolve, customerDecider.initialState());
    expect(state.status === 'exists' && state.adminHolders.exchange).toBe(provider.partnerId);
  });

  it('requires both confirmations and a reason', () => {
    spec
      .given(added)
      .when(remove({ goodFaithConfirmed: false }))
      .thenThrows('RELATIONSHIP.CONFIRMATION_REQUIRED', 'goodFaithConfirmed');
    spec
      .given(added)
      .when(remove({ noticeResponsibilityConfirmed: 'yes' as never }))
      .thenThrows('RELATIONSHIP.CONFIRMATION_REQUIRED', 'noticeResponsibilityConfirmed');
    spec
      .given(added)
      .when(remove({ reason: '' }))
      .thenThrows('VALIDATION', 'reason');
  });

  it('refuses a relationship already removed, one never held, and an unknown customer', () => {
    spec
      .given([...added, removed])
      .when(remove())
      .thenThrows('RELATIONSHIP.NOT_ACTIVE', 'partnerId');
    spec
      .given(added)
      .when(remove({ partnerId: direct.partnerId }), { actingPartner: direct })
      .thenThrows('CUSTOMER.NOT_FOUND');
    spec.given([]).when(remove()).thenThrows('CUSTOMER.NOT_FOUND', 'customerId');
  });
});

describe('ImportCustomer', () => {
  const importing = (overrides: Partial<ImportCustomer['data']> = {}): ImportCustomer => ({
    type: 'ImportCustomer',
    data: {
      customerId: 'customer-1',
      partnerId: direct.partnerId,
      companyName: 'Contoso Ltd',
      primaryDomain: 'contoso.example',
      source: 'legacy-portal',
      ...overrides,
    },
  });
  const imported: CustomerEvent[] = [
    {
      type: 'CustomerImported',
      data: {
        customerId: 'customer-1',
        partnerId: direct.partnerId,
        companyName: 'Contoso Ltd',
        primaryDomain: 'contoso.example',
        source: 'legacy-portal',
        importedAt: at,
      },
    },
    {
      type: 'RelationshipEstablished',
      data: { customerId: 'customer-1', partnerId: direct.partnerId, origin: 'imported', establishedAt: at },
    },
  ];

  it('brings in a customer with a relationship of origin imported', () => {
    spec.given([]).when(importing(), { actingPartner: direct }).then(imported);
  });

  it('is idempotent per customer and partner', () => {
    spec.given(imported).when(importing(), { actingPartner: direct }).thenNothing();
  });

  it('never attaches the importer to a customer it does not serve (another partner’s, or one it was removed from), nor says it exists', () => {
    spec.given(added).when(importing(), { actingPartner: direct }).thenThrows('CUSTOMER.NOT_FOUND', 'customerId');
    spec
      .given(added)
      .when(importing({ primaryDomain: 'other.example' }), { actingPartner: direct })
      .thenThrows('CUSTOMER.NOT_FOUND', 'customerId');
    spec
      .given([...added, removed])
      .when(importing({ partnerId: provider.partnerId }), { actingPartner: provider })
      .thenThrows('CUSTOMER.NOT_FOUND', 'customerId');
  });

  it('is for direct partners and providers only: resellers never add customers', () => {
    spec
      .given([])
      .when(importing({ partnerId: reseller.partnerId }), { actingPartner: reseller })
      .thenThrows('PARTNER.KIND_NOT_ALLOWED', 'partnerId');
  });

  it('refuses a domain that is not the existing customer’s, bad input, and a partner not enrolled', () => {
    spec
      .given(imported)
      .when(importing({ primaryDomain: 'other.example' }), { actingPartner: direct })
      .thenThrows('VALIDATION', 'primaryDomain');
    spec
      .given([])
      .when(importing({ companyName: '' }), { actingPartner: direct })
      .thenThrows('VALIDATION', 'companyName');
    spec.given([]).when(importing(), { actingPartner: undefined }).thenThrows('PARTNER.NOT_ENROLLED');
  });
});

describe('UpdateCustomerDetails', () => {
  const update = (overrides: Partial<UpdateCustomerDetails['data']>): UpdateCustomerDetails => ({
    type: 'UpdateCustomerDetails',
    data: { customerId: 'customer-1', partnerId: provider.partnerId, ...overrides },
  });

  it('records only the fields that change', () => {
    spec
      .given(added)
      .when(update({ companyName: 'Contoso Group', address: addCustomerData().address }))
      .then([
        {
          type: 'CustomerDetailsUpdated',
          data: { customerId: 'customer-1', partnerId: provider.partnerId, companyName: 'Contoso Group', updatedAt: at },
        },
      ]);
    spec
      .given(added)
      .when(update({ companyName: 'Contoso Ltd' }))
      .thenNothing();
  });

  it('lets a reseller associated by the provider manage the account', () => {
    const associated: ResellerAssociationRecorded = {
      type: 'ResellerAssociationRecorded',
      data: { customerId: 'customer-1', providerId: provider.partnerId, resellerId: reseller.partnerId, recordedAt: at },
    };
    const events = spec
      .given([...added, associated])
      .when(update({ partnerId: reseller.partnerId, companyName: 'C2' }), { actingPartner: reseller })
      .events();
    expect(events).toHaveLength(1);
  });

  it('stops a reseller managing the account once the provider that associated it no longer serves the customer', () => {
    const associated: ResellerAssociationRecorded = {
      type: 'ResellerAssociationRecorded',
      data: { customerId: 'customer-1', providerId: provider.partnerId, resellerId: reseller.partnerId, recordedAt: at },
    };
    spec
      .given([...added, removed, associated])
      .when(update({ partnerId: reseller.partnerId, companyName: 'C2' }), { actingPartner: reseller })
      .thenThrows('CUSTOMER.NOT_FOUND');
  });

  it('refuses empty updates, bad fields, strangers and removed partners', () => {
    spec.given(added).when(update({})).thenThrows('VALIDATION', 'companyName');
    spec
      .given(added)
      .when(update({ primaryContact: { firstName: 'A', lastName: '', email: 'a@b.example' } }))
      .thenThrows('VALIDATION', 'primaryContact.lastName');
    spec
      .given(added)
      .when(update({ partnerId: direct.partnerId, companyName: 'X' }), { actingPartner: direct })
      .thenThrows('CUSTOMER.NOT_FOUND');
    spec
      .given([...added, removed])
      .when(update({ companyName: 'X' }))
      .thenThrows('RELATIONSHIP.NOT_ACTIVE');
    spec
      .given([])
      .when(update({ companyName: 'X' }))
      .thenThrows('CUSTOMER.NOT_FOUND');
  });
});
