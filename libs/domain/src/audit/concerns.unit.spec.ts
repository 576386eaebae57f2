import { customerConcernedBy, partnersConcernedBy } from './concerns';

describe('who an event concerns', () => {
  it('names the seller of a subscription once, and the reseller asked for as partner of record', () => {
    const data = { customerId: 'c1', subscriptionId: 's1', partnerId: 'prov', supportContactId: 'prov', requestedPartnerOfRecordId: 'res' };
    expect(partnersConcernedBy('SubscriptionAdded', data)).toEqual(['prov', 'res']);
  });

  it('names both sides of a partnership event and of an association mirrored on the customer', () => {
    expect(partnersConcernedBy('PartnershipRemoved', { providerId: 'prov', resellerId: 'res' })).toEqual(['prov', 'res']);
    expect(partnersConcernedBy('ResellerAssociationRecorded', { customerId: 'c1', providerId: 'prov', resellerId: 'res' })).toEqual([
      'prov',
      'res',
    ]);
  });

  it("names only the partner whose relationship a customer event changes, not the customer's other partners", () => {
    expect(partnersConcernedBy('RelationshipRemoved', { customerId: 'c1', partnerId: 'p2', reason: 'r' })).toEqual(['p2']);
    expect(partnersConcernedBy('AdminPermissionsGranted', { customerId: 'c1', partnerId: 'p3', service: 'azure' })).toEqual(['p3']);
  });

  it('names the provider of a combined invitation beside the inviting reseller', () => {
    expect(partnersConcernedBy('RelationshipRequested', { invitationId: 'i1', partnerId: 'res', providerId: 'prov' })).toEqual([
      'res',
      'prov',
    ]);
    expect(partnersConcernedBy('RelationshipRequested', { invitationId: 'i1', partnerId: 'direct' })).toEqual(['direct']);
  });

  it('shows no partner the bookkeeping of domain claims, registrations, unknown types or malformed data', () => {
    expect(partnersConcernedBy('CustomerDomainClaimed', { domain: 'a.example', customerId: 'c1' })).toEqual([]);
    expect(partnersConcernedBy('CustomerRegistered', { customerId: 'c1', invitationId: 'i1' })).toEqual([]);
    expect(partnersConcernedBy('SomethingNew', { partnerId: 'p1' })).toEqual([]);
    expect(partnersConcernedBy('RelationshipRemoved', null)).toEqual([]);
    expect(partnersConcernedBy('RelationshipRemoved', { partnerId: 42 })).toEqual([]);
  });

  it("finds the customer from a customer stream's name, else from the data", () => {
    expect(customerConcernedBy('customer-c1', { partnerId: 'p1' })).toBe('c1');
    expect(customerConcernedBy('invitation-i1', { invitationId: 'i1', customerId: 'c2' })).toBe('c2');
    expect(customerConcernedBy('partnership-prov_res', { providerId: 'prov', resellerId: 'res' })).toBeUndefined();
    expect(customerConcernedBy('partnership-prov_res', 'not an object')).toBeUndefined();
  });
});
