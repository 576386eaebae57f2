import { deciderSpec } from '../testing/decider-spec';
import { addCustomerData, now, provider } from '../testing/fixtures';
import { AbandonCustomerCreation } from './commands';
import { CustomerContext, defaultClaimGraceMs } from './context';
import { CustomerEvent } from './events';
import { customerDecider } from './index';

const spec = deciderSpec(customerDecider, { now, actingPartner: provider } as CustomerContext);
const claimedAt = new Date(now.getTime() - defaultClaimGraceMs).toISOString();
const abandon = (overrides: Partial<AbandonCustomerCreation['data']> = {}): AbandonCustomerCreation => ({
  type: 'AbandonCustomerCreation',
  data: { customerId: 'customer-1', primaryDomain: 'Contoso.Example', claimedAt, ...overrides },
});
const abandoned: CustomerEvent = {
  type: 'CustomerCreationAbandoned',
  data: { customerId: 'customer-1', primaryDomain: 'contoso.example', claimedAt, abandonedAt: now.toISOString() },
};
const establish = (primaryDomain: string) => ({
  type: 'EstablishInvitedRelationships' as const,
  data: {
    customerId: 'customer-1',
    invitationId: 'inv-1',
    partnerId: provider.partnerId,
    kind: 'reseller' as const,
    adminServices: [],
    newCustomer: { companyName: 'C', primaryDomain },
  },
});
const added = customerDecider.decide({ type: 'AddCustomer', data: addCustomerData() }, customerDecider.initialState(), {
  now,
  actingPartner: provider,
});

describe('AbandonCustomerCreation (before a domain claim is taken over)', () => {
  it('gives up a customer id whose claim is past the grace period while its stream is empty, once', () => {
    spec.given([]).when(abandon()).then([abandoned]);
    spec.given([abandoned]).when(abandon()).thenNothing();
  });

  it('refuses while the grace period runs (a configured one too) and for a customer that exists', () => {
    const recent = new Date(now.getTime() - defaultClaimGraceMs + 1).toISOString();
    spec
      .given([])
      .when(abandon({ claimedAt: recent }))
      .thenThrows('CUSTOMER.DOMAIN_TAKEN', 'primaryDomain');
    expect(
      spec
        .given([])
        .when(abandon({ claimedAt: recent }), { claimGraceMs: 0 })
        .events(),
    ).toHaveLength(1);
    spec.given(added).when(abandon()).thenThrows('CUSTOMER.DOMAIN_TAKEN', 'primaryDomain');
    spec
      .given([])
      .when(abandon({ claimedAt: 'yesterday' }))
      .thenThrows('VALIDATION', 'claimedAt');
  });

  it('makes a late creation of that customer id with that domain fail, whichever way it comes', () => {
    spec.given([abandoned]).when({ type: 'AddCustomer', data: addCustomerData() }).thenThrows('CUSTOMER.DOMAIN_TAKEN', 'primaryDomain');
    spec
      .given([abandoned])
      .when({
        type: 'ImportCustomer',
        data: { customerId: 'customer-1', partnerId: provider.partnerId, companyName: 'C', primaryDomain: 'contoso.example' },
      })
      .thenThrows('CUSTOMER.DOMAIN_TAKEN', 'primaryDomain');
    spec.given([abandoned]).when(establish('contoso.example')).thenThrows('CUSTOMER.DOMAIN_TAKEN', 'newCustomer.primaryDomain');
    spec
      .given([abandoned])
      .when({ type: 'UpdateCustomerDetails', data: { customerId: 'customer-1', partnerId: provider.partnerId, companyName: 'X' } })
      .thenThrows('CUSTOMER.NOT_FOUND');
  });

  it('still lets the id be created with another domain (a customer tenant keeps its id), and abandons per domain', () => {
    const events = spec.given([abandoned]).when(establish('northwind.example')).events();
    expect(events.map((e) => e.type)).toEqual(['CustomerRegistered', 'RelationshipEstablished']);
    expect(
      customerDecider.decide(
        abandon({ primaryDomain: 'northwind.example' }),
        [abandoned].reduce(customerDecider.evolve, customerDecider.initialState()),
        { now },
      ),
    ).toHaveLength(1);
  });
});
