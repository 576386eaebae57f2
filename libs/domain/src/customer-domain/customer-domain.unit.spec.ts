import { fold } from '../shared/decider';
import { deciderSpec } from '../testing/decider-spec';
import { at, now } from '../testing/fixtures';
import { CustomerDomainContext } from './context';
import { CustomerDomainClaimed } from './events';
import { customerDomainDecider } from './index';

const spec = deciderSpec(customerDomainDecider, { now } as CustomerDomainContext);
const claimed: CustomerDomainClaimed = {
  type: 'CustomerDomainClaimed',
  data: { domain: 'contoso.example', customerId: 'c-1', claimedAt: at },
};

describe('customer domain decider', () => {
  it('claims a free domain in its normalised form', () => {
    spec
      .given([])
      .when({ type: 'ClaimCustomerDomain', data: { domain: ' Contoso.Example ', customerId: 'c-1' } })
      .then([claimed]);
  });

  it('refuses a domain another customer claimed', () => {
    spec
      .given([claimed])
      .when({ type: 'ClaimCustomerDomain', data: { domain: 'contoso.example', customerId: 'c-2' } })
      .thenThrows('CUSTOMER.DOMAIN_TAKEN', 'primaryDomain');
  });

  it('treats a repeated claim by the same customer as done', () => {
    spec
      .given([claimed])
      .when({ type: 'ClaimCustomerDomain', data: { domain: 'CONTOSO.example', customerId: 'c-1' } })
      .thenNothing();
  });

  it('refuses an invalid domain or customer id', () => {
    spec
      .given([])
      .when({ type: 'ClaimCustomerDomain', data: { domain: 'not a domain', customerId: 'c-1' } })
      .thenThrows('CUSTOMER.DOMAIN_INVALID', 'primaryDomain');
    spec
      .given([])
      .when({ type: 'ClaimCustomerDomain', data: { domain: 'contoso.example', customerId: 'c_1' } })
      .thenThrows('VALIDATION', 'customerId');
  });

  it('replays to the first claim', () => {
    expect(fold(customerDomainDecider, [claimed])).toEqual({
      status: 'claimed',
      domain: 'contoso.example',
      customerId: 'c-1',
      claimedAt: at,
    });
  });

  describe('a claim whose customer was never created', () => {
    const claimC2 = { type: 'ClaimCustomerDomain' as const, data: { domain: 'contoso.example', customerId: 'c-2' } };
    const abandoned = { customerId: 'c-1', abandoned: true };
    const takenOver: CustomerDomainClaimed = {
      type: 'CustomerDomainClaimed',
      data: { domain: 'contoso.example', customerId: 'c-2', takenOverFrom: 'c-1', claimedAt: at },
    };

    it('is taken over by another customer once the claimant’s creation was abandoned', () => {
      spec.given([claimed]).when(claimC2, { claimant: abandoned }).then([takenOver]);
      expect(fold(customerDomainDecider, [claimed, takenOver])).toEqual({
        status: 'claimed',
        domain: 'contoso.example',
        customerId: 'c-2',
        claimedAt: at,
      });
    });

    it('stands while the claimant’s creation is not abandoned, unknown, or the lookup names another customer', () => {
      spec
        .given([claimed])
        .when(claimC2, { claimant: { customerId: 'c-1', abandoned: false } })
        .thenThrows('CUSTOMER.DOMAIN_TAKEN', 'primaryDomain');
      spec.given([claimed]).when(claimC2).thenThrows('CUSTOMER.DOMAIN_TAKEN');
      spec
        .given([claimed])
        .when(claimC2, { claimant: { customerId: 'c-9', abandoned: true } })
        .thenThrows('CUSTOMER.DOMAIN_TAKEN');
    });

    it('after a takeover, the former claimant is refused and the new one repeats as a no-op', () => {
      spec
        .given([claimed, takenOver])
        .when({ type: 'ClaimCustomerDomain', data: { domain: 'contoso.example', customerId: 'c-1' } })
        .thenThrows('CUSTOMER.DOMAIN_TAKEN');
      spec.given([claimed, takenOver]).when(claimC2).thenNothing();
    });

    it('ignores a claim event that does not take over from the holder', () => {
      const stray: CustomerDomainClaimed = {
        type: 'CustomerDomainClaimed',
        data: { domain: 'contoso.example', customerId: 'c-3', claimedAt: at },
      };
      expect(fold(customerDomainDecider, [claimed, stray])).toMatchObject({ customerId: 'c-1' });
    });
  });
});
