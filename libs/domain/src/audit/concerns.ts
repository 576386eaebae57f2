import { eventTypes, type AnyDomainEvent, type EventType } from '../events';
import { parseStreamName } from '../stream-names';

type DataOf<T extends EventType> = Extract<AnyDomainEvent, { type: T }>['data'];
type PartnersOf = { readonly [T in EventType]: (data: DataOf<T>) => readonly (string | undefined)[] };

/**
 * Which partners an event is about: the one visibility rule of everything that shows events to a partner (audit
 * history and exports, the live feed, webhooks). A partner is shown an event only when it is named here, so an
 * event about a customer two partners serve reaches each of them only for its own part. Written per event type so
 * that a new event cannot be added without deciding who sees it.
 */
const partnersOf: PartnersOf = {
  PartnerEnrolled: (d) => [d.partnerId],
  CustomerAdded: (d) => [d.partnerId, d.requestedResellerId],
  // A customer that registered while accepting an invitation: the invitation's `InvitationAccepted` tells its partner.
  CustomerRegistered: () => [],
  CustomerDetailsUpdated: (d) => [d.partnerId],
  CustomerImported: (d) => [d.partnerId],
  RelationshipEstablished: (d) => [d.partnerId],
  RelationshipRemoved: (d) => [d.partnerId],
  AdminPermissionsGranted: (d) => [d.partnerId],
  AdminPermissionsRemoved: (d) => [d.partnerId],
  ResellerAssociationRecorded: (d) => [d.providerId, d.resellerId],
  SubscriptionAdded: (d) => [d.partnerId, d.supportContactId, d.requestedPartnerOfRecordId],
  LicenseCountChanged: (d) => [d.partnerId],
  PartnerOfRecordAssigned: (d) => [d.providerId, d.partnerId],
  SupportContactDesignated: (d) => [d.supportContactId],
  // Bookkeeping of a creation that never completed: no partner's relationship changed.
  CustomerCreationAbandoned: () => [],
  CustomerDomainClaimed: () => [],
  RelationshipRequested: (d) => [d.partnerId, d.providerId],
  InvitationAccepted: (d) => [d.partnerId, d.providerId],
  InvitationRevoked: (d) => [d.partnerId],
  InvitationExpired: (d) => [d.partnerId],
  PartnershipRequested: (d) => [d.providerId, d.resellerId],
  PartnershipAccepted: (d) => [d.providerId, d.resellerId],
  PartnershipRemoved: (d) => [d.providerId, d.resellerId],
  ResellerAssociated: (d) => [d.providerId, d.resellerId],
  ResellerAssociationDeclined: (d) => [d.providerId, d.resellerId],
  CombinedInvitationConfirmed: (d) => [d.providerId, d.resellerId],
  CombinedInvitationDeclined: (d) => [d.providerId, d.resellerId],
};

/** The partner ids an event names (without repeats); none for an event no partner is shown, or an unknown type. */
export function partnersConcernedBy(type: string, data: unknown): readonly string[] {
  const rule = (partnersOf as Record<string, ((data: unknown) => readonly (string | undefined)[]) | undefined>)[type];
  if (!rule || typeof data !== 'object' || data === null) return [];
  const ids = rule(data).filter((id): id is string => typeof id === 'string' && id.length > 0);
  return ids.length < 2 ? ids : [...new Set(ids)];
}

/**
 * Any value for any field: an event type whose rule names a partner when every field is set is one a partner can be
 * shown. Derived from the one rule rather than listed a second time.
 */
const everyFieldSet: unknown = new Proxy({}, { get: () => 'probe' });

/** The event types some partner may be shown: what its live feed and webhooks can carry. */
export const eventTypesShownToPartners: readonly EventType[] = eventTypes.filter(
  (type) => partnersConcernedBy(type, everyFieldSet).length > 0,
);

/** The customer an event is about: its stream's, or the one its data names (invitations, partnerships). */
export function customerConcernedBy(streamName: string, data: unknown): string | undefined {
  const parsed = parseStreamName(streamName);
  if (parsed?.category === 'customer') return parsed.customerId;
  const customerId = typeof data === 'object' && data !== null ? (data as { customerId?: unknown }).customerId : undefined;
  return typeof customerId === 'string' ? customerId : undefined;
}
