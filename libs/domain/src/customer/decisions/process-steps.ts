import { isService, Service, services as allServices } from '../../catalogue';
import { DomainError } from '../../errors';
import { normaliseDomain } from '../../shared/domain-name';
import { requireId, requireText } from '../../shared/validation';
import {
  AssignPartnerOfRecord,
  EstablishCombinedProviderRelationship,
  EstablishInvitedRelationships,
  RecordResellerAssociation,
} from '../commands';
import { CustomerContext } from '../context';
import {
  AdminPermissionsGranted,
  AdminPermissionsGrantedVia,
  CustomerEvent,
  PartnerOfRecordAssigned,
  RelationshipEstablished,
  ResellerAssociationRecorded,
  SupportContactDesignated,
} from '../events';
import { hasActiveRelationship, refuseAbandonedDomain, requireCustomer } from '../guards';
import { CustomerState, ExistingCustomer, Subscription } from '../state';
import { own } from '../../shared/own';

// These commands come from the process manager, after the guarding stream already decided. They never
// refuse a business rule: whatever was already applied is skipped, so a replay records nothing new.

/** Grants only services nobody holds: the multi-channel rule wins over a late process step. */
const grantsFor = (
  holders: Readonly<Partial<Record<Service, string>>>,
  wanted: readonly Service[],
  customerId: string,
  partnerId: string,
  via: AdminPermissionsGrantedVia,
  grantedAt: string,
): AdminPermissionsGranted[] =>
  wanted
    .filter((service) => holders[service] === undefined)
    .map((service) => ({ type: 'AdminPermissionsGranted', data: { customerId, partnerId, service, via, grantedAt } }));

export const establishInvitedRelationships = (
  { data }: EstablishInvitedRelationships,
  state: CustomerState,
  { now }: CustomerContext,
): CustomerEvent[] => {
  requireId(data.customerId, 'customerId');
  requireId(data.invitationId, 'invitationId');
  requireId(data.partnerId, 'partnerId');
  if (data.kind !== 'reseller' && data.kind !== 'combined')
    throw new DomainError('VALIDATION', "kind must be 'reseller' or 'combined'", 'kind');
  if (!Array.isArray(data.adminServices)) throw new DomainError('VALIDATION', 'adminServices must be a list', 'adminServices');
  const at = now.toISOString();
  const events: CustomerEvent[] = [];
  let holders: Readonly<Partial<Record<Service, string>>> = {};
  if (state.status === 'exists') {
    if (state.appliedInvitations.includes(data.invitationId)) return [];
    holders = state.adminHolders;
  } else {
    if (!data.newCustomer) throw new DomainError('CUSTOMER.DETAILS_REQUIRED', undefined, 'newCustomer');
    const primaryDomain = normaliseDomain(data.newCustomer.primaryDomain, 'newCustomer.primaryDomain');
    // The acceptance came after its domain claim was taken over (the process manager was down too long).
    refuseAbandonedDomain(state, primaryDomain, 'newCustomer.primaryDomain');
    events.push({
      type: 'CustomerRegistered',
      data: {
        customerId: data.customerId,
        companyName: requireText(data.newCustomer.companyName, 'newCustomer.companyName'),
        primaryDomain,
        invitationId: data.invitationId,
        registeredAt: at,
      },
    });
  }
  const origin = data.kind === 'combined' ? 'combined-invitation' : 'invitation';
  const establish: RelationshipEstablished[] =
    state.status === 'exists' && hasActiveRelationship(state, data.partnerId)
      ? []
      : [
          {
            type: 'RelationshipEstablished',
            data: { customerId: data.customerId, partnerId: data.partnerId, origin, invitationId: data.invitationId, establishedAt: at },
          },
        ];
  const wanted = data.adminServices.filter(isService);
  return [...events, ...establish, ...grantsFor(holders, wanted, data.customerId, data.partnerId, 'invitation', at)];
};

/** Skips a provider this invitation already connected (even if removed since) or one already active. */
export const establishCombinedProviderRelationship = (
  { data }: EstablishCombinedProviderRelationship,
  state: CustomerState,
  { now }: CustomerContext,
): RelationshipEstablished[] => {
  const customer = requireCustomer(state);
  const invitationId = requireId(data.invitationId, 'invitationId');
  const providerId = requireId(data.providerId, 'providerId');
  const current = own(customer.relationships, providerId);
  if (current && (current.active || current.invitationId === invitationId)) return [];
  return [
    {
      type: 'RelationshipEstablished',
      data: {
        customerId: customer.customerId,
        partnerId: providerId,
        origin: 'combined-invitation',
        invitationId,
        establishedAt: now.toISOString(),
      },
    },
  ];
};

export const recordResellerAssociation = (
  { data }: RecordResellerAssociation,
  state: CustomerState,
  { now }: CustomerContext,
): (ResellerAssociationRecorded | AdminPermissionsGranted)[] => {
  const customer = requireCustomer(state);
  requireId(data.providerId, 'providerId');
  requireId(data.resellerId, 'resellerId');
  const known = customer.associations.some((a) => a.providerId === data.providerId && a.resellerId === data.resellerId);
  // As for a partner of record: a provider that no longer serves the customer associates nobody with it.
  if (known || !hasActiveRelationship(customer, data.providerId)) return [];
  const at = now.toISOString();
  const { customerId } = customer;
  return [
    { type: 'ResellerAssociationRecorded', data: { customerId, providerId: data.providerId, resellerId: data.resellerId, recordedAt: at } },
    ...(data.grantAdmin ? grantsFor(customer.adminHolders, allServices, customerId, data.resellerId, 'reseller-association', at) : []),
  ];
};

/**
 * A support contact must stay a partner the rule of DesignateSupportContact allows: the seller, the
 * subscription's partner of record, or a reseller associated with the customer by the seller.
 */
const supportContactStillAllowed = (customer: ExistingCustomer, subscription: Subscription, newPartnerOfRecordId: string): boolean => {
  const contactId = subscription.supportContactId;
  return (
    contactId === subscription.partnerId ||
    contactId === newPartnerOfRecordId ||
    customer.associations.some((a) => a.providerId === subscription.partnerId && a.resellerId === contactId)
  );
};

/** The designation back to the seller is made by the process, not a user. */
export const processDesignator = 'relationship-process';

export const assignPartnerOfRecord = (
  { data }: AssignPartnerOfRecord,
  state: CustomerState,
  { now }: CustomerContext,
): (PartnerOfRecordAssigned | SupportContactDesignated)[] => {
  const customer = requireCustomer(state);
  requireId(data.providerId, 'providerId');
  requireId(data.resellerId, 'resellerId');
  const subscription = own(customer.subscriptions, data.subscriptionId);
  if (!subscription) throw new DomainError('SUBSCRIPTION.NOT_FOUND', undefined, 'subscriptionId');
  // The fact happened on the partnership stream; it takes effect here only while the provider still serves the
  // customer (a removal that came first ends what the association would have granted).
  if (!hasActiveRelationship(customer, data.providerId)) return [];
  return partnerOfRecordAssignment(customer, subscription, data.providerId, data.resellerId, now);
};

/** The reseller becomes the subscription's partner of record; a support contact that no longer qualifies falls back to the seller. */
export const partnerOfRecordAssignment = (
  customer: ExistingCustomer,
  subscription: Subscription,
  providerId: string,
  resellerId: string,
  now: Date,
): (PartnerOfRecordAssigned | SupportContactDesignated)[] => {
  if (subscription.partnerOfRecordId === resellerId) return [];
  const at = now.toISOString();
  const assigned: PartnerOfRecordAssigned = {
    type: 'PartnerOfRecordAssigned',
    data: {
      customerId: customer.customerId,
      subscriptionId: subscription.subscriptionId,
      providerId,
      partnerId: resellerId,
      assignedAt: at,
    },
  };
  if (supportContactStillAllowed(customer, subscription, resellerId)) return [assigned];
  // The previous partner of record loses its support duty with the role; it falls back to the seller.
  return [
    assigned,
    {
      type: 'SupportContactDesignated',
      data: {
        customerId: customer.customerId,
        subscriptionId: subscription.subscriptionId,
        supportContactId: subscription.partnerId,
        contactKind: 'provider',
        designatedBy: processDesignator,
        designatedAt: at,
      },
    },
  ];
};
