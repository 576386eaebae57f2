import type { AdminPermissionsGranted, CustomerEvent, PartnerEnrolled, PartnerKind, Service } from '@app/domain';
import { stream, type GivenStream } from './api-spec';

// Histories for the given/when/then specs: complete events of the domain's own types.
export const at = '2026-03-01T10:00:00.000Z';

export const enrolledPartner = (partnerId: string, kind: PartnerKind = 'direct'): GivenStream =>
  stream(`partner-${partnerId}`, {
    type: 'PartnerEnrolled',
    data: { partnerId, kind, name: `Partner ${partnerId}`, mpnId: '1234567', country: 'US', enrolledAt: at },
  } satisfies PartnerEnrolled);

/** A customer the partner added: its creation and the relationship that follows it. */
export const customerAddedBy = (customerId: string, partnerId: string): CustomerEvent[] => [
  {
    type: 'CustomerAdded',
    data: {
      customerId,
      partnerId,
      companyName: 'Contoso Ltd',
      primaryDomain: `${customerId}.example`,
      address: { line1: '1 Main St', city: 'Seattle', postalCode: '98101', country: 'US' },
      primaryContact: { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com' },
      agreement: { signerName: 'Ada Lovelace', signerEmail: 'ada@example.com', signedAt: at, attestedBy: 'user-1' },
      adminUserName: `admin@${customerId}.example`,
      addedAt: at,
    },
  },
  { type: 'RelationshipEstablished', data: { customerId, partnerId, origin: 'added', establishedAt: at } },
];

export const invitedPartner = (customerId: string, partnerId: string): CustomerEvent => ({
  type: 'RelationshipEstablished',
  data: { customerId, partnerId, origin: 'invitation', establishedAt: at },
});

export const adminGranted = (customerId: string, partnerId: string, service: Service): AdminPermissionsGranted => ({
  type: 'AdminPermissionsGranted',
  data: { customerId, partnerId, service, via: 'invitation', grantedAt: at },
});

export const subscriptionAdded = (customerId: string, subscriptionId: string, partnerId: string): CustomerEvent => ({
  type: 'SubscriptionAdded',
  data: {
    customerId,
    subscriptionId,
    offerId: 'exchange-online-plan-1',
    service: 'exchange',
    licenseCount: 3,
    partnerId,
    supportContactId: partnerId,
    addedAt: at,
  },
});

export const relationshipRemoved = (customerId: string, partnerId: string): CustomerEvent => ({
  type: 'RelationshipRemoved',
  data: {
    customerId,
    partnerId,
    reason: 'ended',
    goodFaithConfirmed: true,
    noticeResponsibilityConfirmed: true,
    removedBy: 'user-1',
    removedAt: at,
  },
});
