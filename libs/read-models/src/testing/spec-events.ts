import type {
  CustomerAdded,
  RelationshipEstablished,
  RelationshipRemoved,
  RelationshipRequested,
  ResellerAssociated,
  SubscriptionAdded,
} from '@app/domain';

// Builders for the projection specs: complete events of the domain's own types, with only what a spec varies.
export const at = '2026-03-01T10:00:00.000Z';

export const customerAdded = (
  customerId: string,
  partnerId: string,
  companyName = 'Contoso Ltd',
  primaryDomain = 'contoso.example',
): CustomerAdded => ({
  type: 'CustomerAdded',
  data: {
    customerId,
    partnerId,
    companyName,
    primaryDomain,
    address: { line1: '1 Main Street', city: 'Springfield', postalCode: '12345', country: 'US' },
    primaryContact: { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@contoso.example' },
    agreement: { signerName: 'Ada Lovelace', signerEmail: 'ada@contoso.example', signedAt: at, attestedBy: 'user-1' },
    adminUserName: `admin@${primaryDomain}`,
    addedAt: at,
  },
});

export const established = (
  customerId: string,
  partnerId: string,
  origin: RelationshipEstablished['data']['origin'] = 'added',
): RelationshipEstablished => ({
  type: 'RelationshipEstablished',
  data: { customerId, partnerId, origin, establishedAt: at },
});

export const removed = (customerId: string, partnerId: string, removedAt = at): RelationshipRemoved => ({
  type: 'RelationshipRemoved',
  data: {
    customerId,
    partnerId,
    reason: 'contract ended',
    goodFaithConfirmed: true,
    noticeResponsibilityConfirmed: true,
    removedBy: 'user-1',
    removedAt,
  },
});

export const associated = (customerId: string, providerId: string, resellerId: string, subscriptionId?: string): ResellerAssociated => ({
  type: 'ResellerAssociated',
  data: { providerId, resellerId, customerId, ...(subscriptionId ? { subscriptionId } : {}), grantAdmin: false, associatedAt: at },
});

export const subscriptionAdded = (customerId: string, subscriptionId: string, partnerId: string, licenseCount = 10): SubscriptionAdded => ({
  type: 'SubscriptionAdded',
  data: {
    customerId,
    subscriptionId,
    offerId: 'offer-1',
    service: 'exchange',
    licenseCount,
    partnerId,
    supportContactId: partnerId,
    addedAt: at,
  },
});

export const requested = (invitationId: string, partnerId: string, providerId?: string): RelationshipRequested => ({
  type: 'RelationshipRequested',
  data: {
    invitationId,
    partnerId,
    kind: providerId ? 'combined' : 'reseller',
    ...(providerId ? { providerId } : {}),
    includeAdminPermissions: true,
    services: ['exchange'],
    tokenHash: 'a'.repeat(64),
    expiresAt: '2026-03-31T10:00:00.000Z',
    emailDraft: 'Accept here: {{invitationLink}}',
    requestedBy: 'user-1',
    requestedAt: at,
  },
});
