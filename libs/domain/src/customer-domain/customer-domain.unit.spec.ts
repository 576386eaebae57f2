import { fold } from '../shared/decider';
import { deciderSpec } from '../testing/decider-spec';
import { at, now } from '../testing/fixtures';
import { CustomerDomainContext, defaultClaimGraceMs } from './context';
import { CustomerDomainClaimed } from './events';
import { customerDomainDecider } from './index';

const spec = deciderSpec(customerDomainDecider, { now } as CustomerDomainContext);
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
    expect(fold(customerDomainDecider, [claimed])).toEqual({ status: 'claimed', domain: 'contoso.example', customerId: 'c-1', claimedAt: at });
  });

  describe('a claim whose customer was never created', () => {
    const claimC2 = { type: 'ClaimCustomerDomain' as const, data: { domain: 'contoso.example', customerId: 'c-2' } };
    const afterGrace = new Date(now.getTime() + defaultClaimGraceMs);
    const orphan = { customerId: 'c-1', exists: false };
    const takenOver: CustomerDomainClaimed = {
      type: 'CustomerDomainClaimed',
      data: { domain: 'contoso.example', customerId: 'c-2', takenOverFrom: 'c-1', claimedAt: afterGrace.toISOString() },
    };

    it('is taken over by another customer once the grace period has passed', () => {
      spec.given([claimed]).when(claimC2, { now: afterGrace, claimant: orphan }).then([takenOver]);
      expect(fold(customerDomainDecider, [claimed, takenOver])).toEqual({
        status: 'claimed',
        domain: 'contoso.example',
        customerId: 'c-2',
        claimedAt: afterGrace.toISOString(),
      });
    });

    it('stands within the grace period, with a configured grace, and while its customer exists or is unknown', () => {
      const justBefore = new Date(afterGrace.getTime() - 1);
      spec.given([claimed]).when(claimC2, { now: justBefore, claimant: orphan }).thenThrows('CUSTOMER.DOMAIN_TAKEN', 'primaryDomain');
      spec.given([claimed]).when(claimC2, { now: new Date(now.getTime() + 50), claimant: orphan, claimGraceMs: 50 }).then([
        { type: 'CustomerDomainClaimed', data: { ...takenOver.data, claimedAt: new Date(now.getTime() + 50).toISOString() } },
      ]);
      spec.given([claimed]).when(claimC2, { now: afterGrace, claimant: { customerId: 'c-1', exists: true } }).thenThrows('CUSTOMER.DOMAIN_TAKEN');
      spec.given([claimed]).when(claimC2, { now: afterGrace }).thenThrows('CUSTOMER.DOMAIN_TAKEN');
      spec.given([claimed]).when(claimC2, { now: afterGrace, claimant: { customerId: 'c-9', exists: false } }).thenThrows('CUSTOMER.DOMAIN_TAKEN');
    });

    it('after a takeover, the former claimant is refused and the new one repeats as a no-op', () => {
      spec.given([claimed, takenOver]).when({ type: 'ClaimCustomerDomain', data: { domain: 'contoso.example', customerId: 'c-1' } }).thenThrows('CUSTOMER.DOMAIN_TAKEN');
      spec.given([claimed, takenOver]).when(claimC2).thenNothing();
    });

    it('ignores a claim event that does not take over from the holder', () => {
      const stray: CustomerDomainClaimed = { type: 'CustomerDomainClaimed', data: { domain: 'contoso.example', customerId: 'c-3', claimedAt: at } };
      expect(fold(customerDomainDecider, [claimed, stray])).toMatchObject({ customerId: 'c-1' });
    });
  });
});
