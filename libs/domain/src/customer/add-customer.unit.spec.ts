import { deciderSpec } from '../testing/decider-spec';
import { addCustomerData, at, direct, now, provider, reseller } from '../testing/fixtures';
import { AddCustomer } from './commands';
import { customerDecider } from './index';

const spec = deciderSpec(customerDecider, { now, actingPartner: provider, partnershipStatus: 'active' });
const add = (overrides: Partial<AddCustomer['data']> = {}): AddCustomer => ({ type: 'AddCustomer', data: addCustomerData(overrides) });

describe('AddCustomer', () => {
  it('records the customer, the adding partner’s relationship and the initial subscriptions at once', () => {
    spec
      .given([])
      .when(
        add({
          primaryDomain: 'Contoso.Example',
          subscriptions: [{ subscriptionId: 's-1', offerId: 'teams-essentials', licenseCount: 25 }],
        }),
      )
      .then([
        {
          type: 'CustomerAdded',
          data: {
            customerId: 'customer-1',
            partnerId: provider.partnerId,
            companyName: 'Contoso Ltd',
            primaryDomain: 'contoso.example',
            address: { line1: '1 Main Street', city: 'Springfield', postalCode: '12345', country: 'US' },
            primaryContact: { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@contoso.example' },
            agreement: {
              signerName: 'Ada Lovelace',
              signerEmail: 'ada@contoso.example',
              signedAt: '2026-02-28T09:00:00.000Z',
              attestedBy: 'user-1',
            },
            adminUserName: 'admin@contoso.example',
            addedAt: at,
          },
        },
        {
          type: 'RelationshipEstablished',
          data: { customerId: 'customer-1', partnerId: provider.partnerId, origin: 'added', establishedAt: at },
        },
        {
          type: 'SubscriptionAdded',
          data: {
            customerId: 'customer-1',
            subscriptionId: 's-1',
            offerId: 'teams-essentials',
            service: 'teams',
            licenseCount: 25,
            partnerId: provider.partnerId,
            supportContactId: provider.partnerId,
            addedAt: at,
          },
        },
      ]);
  });

  it('never records a password', () => {
    const events = spec
      .given([])
      .when(add({ password: 'S3cret!' } as never))
      .events();
    expect(JSON.stringify(events)).not.toContain('S3cret');
  });

  it('lets a provider name a reseller in an active partnership, to be associated by the partnership stream', () => {
    const [added] = spec
      .given([])
      .when(add({ resellerId: reseller.partnerId }))
      .events();
    expect(added).toMatchObject({ type: 'CustomerAdded', data: { requestedResellerId: reseller.partnerId } });
  });

  it('refuses a reseller whose partnership with the provider is not active', () => {
    for (const partnershipStatus of ['none', 'requested', 'removed'] as const)
      spec
        .given([])
        .when(add({ resellerId: reseller.partnerId }), { partnershipStatus })
        .thenThrows('PARTNERSHIP.NOT_ACTIVE', 'resellerId');
  });

  it('refuses a reseller named by a direct partner', () => {
    spec
      .given([])
      .when(add({ partnerId: direct.partnerId, resellerId: reseller.partnerId }), { actingPartner: direct })
      .thenThrows('PARTNER.KIND_NOT_ALLOWED', 'resellerId');
  });

  it('refuses an indirect reseller adding a customer and a partner that is not enrolled', () => {
    spec
      .given([])
      .when(add({ partnerId: reseller.partnerId }), { actingPartner: reseller })
      .thenThrows('PARTNER.KIND_NOT_ALLOWED');
    spec.given([]).when(add(), { actingPartner: undefined }).thenThrows('PARTNER.NOT_ENROLLED', 'partnerId');
  });

  it('refuses an existing customer id', () => {
    const history = spec.given([]).when(add()).events();
    spec.given(history).when(add()).thenThrows('CUSTOMER.ALREADY_EXISTS', 'customerId');
  });

  it('requires the agreement attestation, signed no later than now', () => {
    spec
      .given([])
      .when(add({ agreement: undefined as never }))
      .thenThrows('AGREEMENT.ATTESTATION_REQUIRED', 'agreement');
    const notAccepted = { ...addCustomerData().agreement, accepted: false };
    spec
      .given([])
      .when(add({ agreement: notAccepted }))
      .thenThrows('AGREEMENT.ATTESTATION_REQUIRED', 'agreement.accepted');
    const future = { ...addCustomerData().agreement, signedAt: '2026-03-01T10:00:01.000Z' };
    spec
      .given([])
      .when(add({ agreement: future }))
      .thenThrows('AGREEMENT.DATE_IN_FUTURE', 'agreement.signedAt');
    const exactlyNow = { ...addCustomerData().agreement, signedAt: at };
    expect(
      spec
        .given([])
        .when(add({ agreement: exactlyNow }))
        .events(),
    ).toHaveLength(2);
    spec
      .given([])
      .when(add({ agreement: { ...future, signedAt: 'yesterday' } }))
      .thenThrows('VALIDATION', 'agreement.signedAt');
    spec
      .given([])
      .when(add({ agreement: { ...exactlyNow, signerEmail: 'nope' } }))
      .thenThrows('VALIDATION', 'agreement.signerEmail');
    spec
      .given([])
      .when(add({ agreement: { ...exactlyNow, signerName: ' ' } }))
      .thenThrows('VALIDATION', 'agreement.signerName');
  });

  it.each<[string, string, Partial<AddCustomer['data']>]>([
    ['VALIDATION', 'companyName', { companyName: '' }],
    ['CUSTOMER.DOMAIN_INVALID', 'primaryDomain', { primaryDomain: 'bad domain' }],
    ['VALIDATION', 'customerId', { customerId: 'a_b' }],
    ['VALIDATION', 'address.country', { address: { line1: 'x', city: 'y', postalCode: '1', country: 'USA' } }],
    ['VALIDATION', 'address', { address: undefined as never }],
    ['VALIDATION', 'primaryContact.email', { primaryContact: { firstName: 'A', lastName: 'B', email: 'b' } }],
    ['VALIDATION', 'adminUserName', { adminUserName: 'admin' }],
    ['VALIDATION', 'subscriptions', { subscriptions: 'many' as never }],
    [
      'SUBSCRIPTION.OFFER_UNKNOWN',
      'subscriptions[0].offerId',
      { subscriptions: [{ subscriptionId: 's-1', offerId: 'nope', licenseCount: 1 }] },
    ],
    [
      'SUBSCRIPTION.LICENSE_COUNT_INVALID',
      'subscriptions[0].licenseCount',
      { subscriptions: [{ subscriptionId: 's-1', offerId: 'azure-plan', licenseCount: 0 }] },
    ],
    [
      'SUBSCRIPTION.LICENSE_COUNT_INVALID',
      'subscriptions[0].licenseCount',
      { subscriptions: [{ subscriptionId: 's-1', offerId: 'azure-plan', licenseCount: 1.5 }] },
    ],
    [
      'SUBSCRIPTION.ALREADY_EXISTS',
      'subscriptions[1].subscriptionId',
      {
        subscriptions: [
          { subscriptionId: 's-1', offerId: 'azure-plan', licenseCount: 1 },
          { subscriptionId: 's-1', offerId: 'teams-essentials', licenseCount: 1 },
        ],
      },
    ],
    [
      'VALIDATION',
      'subscriptions',
      { subscriptions: Array.from({ length: 51 }, (_, i) => ({ subscriptionId: `s-${i}`, offerId: 'azure-plan', licenseCount: 1 })) },
    ],
  ])('refuses the whole command with %s on %s', (code, field, overrides) => {
    spec
      .given([])
      .when(add(overrides))
      .thenThrows(code as never, field);
  });
});
