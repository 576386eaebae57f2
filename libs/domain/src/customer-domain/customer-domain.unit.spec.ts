import { fold } from '../shared/decider';
import { deciderSpec } from '../testing/decider-spec';
import { at, now } from '../testing/fixtures';
import { CustomerDomainClaimed } from './events';
import { customerDomainDecider } from './index';

const spec = deciderSpec(customerDomainDecider, { now });
const claimed: CustomerDomainClaimed = { type: 'CustomerDomainClaimed', data: { domain: 'contoso.example', customerId: 'c-1', claimedAt: at } };

describe('customer domain decider', () => {
  it('claims a free domain in its normalised form', () => {
    spec.given([]).when({ type: 'ClaimCustomerDomain', data: { domain: ' Contoso.Example ', customerId: 'c-1' } }).then([claimed]);
  });

  it('refuses a domain another customer claimed', () => {
    spec
      .given([claimed])
      .when({ type: 'ClaimCustomerDomain', data: { domain: 'contoso.example', customerId: 'c-2' } })
      .thenThrows('CUSTOMER.DOMAIN_TAKEN', 'primaryDomain');
  });

  it('treats a repeated claim by the same customer as done', () => {
    spec.given([claimed]).when({ type: 'ClaimCustomerDomain', data: { domain: 'CONTOSO.example', customerId: 'c-1' } }).thenNothing();
  });

  it('refuses an invalid domain or customer id', () => {
    spec.given([]).when({ type: 'ClaimCustomerDomain', data: { domain: 'not a domain', customerId: 'c-1' } }).thenThrows('CUSTOMER.DOMAIN_INVALID', 'primaryDomain');
    spec.given([]).when({ type: 'ClaimCustomerDomain', data: { domain: 'contoso.example', customerId: 'c_1' } }).thenThrows('VALIDATION', 'customerId');
  });

  it('replays to the first claim', () => {
    expect(fold(customerDomainDecider, [claimed])).toEqual({ status: 'claimed', domain: 'contoso.example', customerId: 'c-1' });
  });
});
