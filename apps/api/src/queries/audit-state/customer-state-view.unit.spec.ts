import { customerDecider, fold, type CustomerEvent } from '@app/domain';
import { customerStateView } from './customer-state-view';

const at = '2026-03-01T10:00:00.000Z';
const c = { customerId: 'c1' };
const events: CustomerEvent[] = [
  {
    type: 'CustomerRegistered',
    data: { ...c, companyName: 'Contoso', primaryDomain: 'contoso.example', invitationId: 'i0', registeredAt: at },
  },
  { type: 'RelationshipEstablished', data: { ...c, partnerId: 'prov', origin: 'added', establishedAt: at } },
  { type: 'RelationshipEstablished', data: { ...c, partnerId: 'direct', origin: 'invitation', invitationId: 'i1', establishedAt: at } },
  { type: 'ResellerAssociationRecorded', data: { ...c, providerId: 'prov', resellerId: 'res', recordedAt: at } },
  { type: 'AdminPermissionsGranted', data: { ...c, partnerId: 'res', service: 'exchange', via: 'reseller-association', grantedAt: at } },
  { type: 'AdminPermissionsGranted', data: { ...c, partnerId: 'direct', service: 'teams', via: 'invitation', grantedAt: at } },
  {
    type: 'SubscriptionAdded',
    data: {
      ...c,
      subscriptionId: 's2',
      offerId: 'o',
      service: 'exchange',
      licenseCount: 5,
      partnerId: 'prov',
      supportContactId: 'prov',
      addedAt: at,
    },
  },
  {
    type: 'SubscriptionAdded',
    data: {
      ...c,
      subscriptionId: 's1',
      offerId: 'o',
      service: 'teams',
      licenseCount: 2,
      partnerId: 'direct',
      supportContactId: 'direct',
      addedAt: at,
    },
  },
  { type: 'PartnerOfRecordAssigned', data: { ...c, subscriptionId: 's2', providerId: 'prov', partnerId: 'res', assignedAt: at } },
  {
    type: 'RelationshipRemoved',
    data: {
      ...c,
      partnerId: 'direct',
      reason: 'r',
      goodFaithConfirmed: true,
      noticeResponsibilityConfirmed: true,
      removedBy: 'u',
      removedAt: '2026-03-02T10:00:00.000Z',
    },
  },
];
const state = fold(customerDecider, events);

describe('customer state view', () => {
  it('shows a platform auditor everything, sorted by ids, removed relationships with their date', () => {
    const view = customerStateView(state);
    expect(view.relationships).toEqual([
      {
        partnerId: 'direct',
        status: 'removed',
        origin: 'invitation',
        establishedAt: at,
        removedAt: '2026-03-02T10:00:00.000Z',
        invitationId: 'i1',
      },
      { partnerId: 'prov', status: 'active', origin: 'added', establishedAt: at },
    ]);
    expect(view.adminPermissions).toEqual([
      { service: 'exchange', partnerId: 'res' },
      { service: 'teams', partnerId: 'direct' },
    ]);
    expect(view.subscriptions.map((s) => [s.subscriptionId, s.partnerOfRecordId])).toEqual([
      ['s1', null],
      ['s2', 'res'],
    ]);
  });

  it('shows one partner only its own part: its relationship, admin permissions, associations and the subscriptions it sells, is partner of record of or supports', () => {
    const reseller = customerStateView(state, 'res');
    expect(reseller.relationships).toEqual([]);
    expect(reseller.adminPermissions).toEqual([{ service: 'exchange', partnerId: 'res' }]);
    expect(reseller.associations).toEqual([{ providerId: 'prov', resellerId: 'res' }]);
    expect(reseller.subscriptions.map((s) => s.subscriptionId)).toEqual(['s2']);
    const direct = customerStateView(state, 'direct');
    expect(direct.relationships.map((r) => r.partnerId)).toEqual(['direct']);
    expect(direct.associations).toEqual([]);
    expect(direct.subscriptions.map((s) => s.subscriptionId)).toEqual(['s1']);
  });

  it('a customer not created yet at the moment has no state', () => {
    expect(customerStateView(fold(customerDecider, []))).toEqual({
      status: 'none',
      relationships: [],
      adminPermissions: [],
      associations: [],
      subscriptions: [],
    });
  });
});
