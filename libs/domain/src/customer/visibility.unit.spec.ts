import { mayReadAccount, maySeeSubscription, partnersWithAccess } from './visibility';

describe('customer account visibility rule', () => {
  const access = {
    activePartnerIds: ['provider-a', 'direct-b'],
    associations: [
      { providerId: 'provider-a', resellerId: 'reseller-r' },
      { providerId: 'provider-gone', resellerId: 'reseller-s' },
    ],
  };

  it('grants active relationships and resellers associated by a provider that is still active', () => {
    expect(partnersWithAccess(access)).toEqual(['direct-b', 'provider-a', 'reseller-r']);
    for (const id of partnersWithAccess(access)) expect(mayReadAccount(access, id)).toBe(true);
  });

  it('refuses removed relationships, associations of a removed provider, and strangers', () => {
    expect(mayReadAccount(access, 'provider-gone')).toBe(false);
    expect(mayReadAccount(access, 'reseller-s')).toBe(false);
    expect(mayReadAccount(access, 'stranger')).toBe(false);
  });

  it('shows a subscription to its seller, partner of record and support contact only', () => {
    const subscription = { partnerId: 'provider-a', partnerOfRecordId: 'reseller-r', supportContactId: 'reseller-t' };
    expect(['provider-a', 'reseller-r', 'reseller-t'].map((p) => maySeeSubscription(subscription, p))).toEqual([true, true, true]);
    expect(maySeeSubscription(subscription, 'direct-b')).toBe(false);
    expect(maySeeSubscription({ partnerId: 'x', partnerOfRecordId: null, supportContactId: 'x' }, 'y')).toBe(false);
  });
});
