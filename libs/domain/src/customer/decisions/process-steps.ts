import { isService, Service, services as allServices } from '../../catalogue';
import { DomainError } from '../../errors';
import { normaliseDomain } from '../../shared/domain-name';
import { requireId, requireText } from '../../shared/validation';
import { AssignPartnerOfRecord, EstablishInvitedRelationships, RecordResellerAssociation } from '../commands';
import { CustomerContext } from '../context';
import {
  AdminPermissionsGranted,
  AdminPermissionsGrantedVia,
  CustomerEvent,
  PartnerOfRecordAssigned,
  RelationshipEstablished,
  ResellerAssociationRecorded,
} from '../events';
import { hasActiveRelationship, requireCustomer } from '../guards';
import { CustomerState } from '../state';
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
  if (data.kind === 'combined') requireId(data.providerId, 'providerId');
  else if (data.kind !== 'reseller') throw new DomainError('VALIDATION', "kind must be 'reseller' or 'combined'", 'kind');
  if (!Array.isArray(data.adminServices)) throw new DomainError('VALIDATION', 'adminServices must be a list', 'adminServices');
  const at = now.toISOString();
  const events: CustomerEvent[] = [];
  let holders: Readonly<Partial<Record<Service, string>>> = {};
  if (state.status === 'exists') {
    if (state.appliedInvitations.includes(data.invitationId)) return [];
    holders = state.adminHolders;
  } else {
    if (!data.newCustomer) throw new DomainError('CUSTOMER.DETAILS_REQUIRED', undefined, 'newCustomer');
    events.push({
      type: 'CustomerRegistered',
      data: {
        customerId: data.customerId,
        companyName: requireText(data.newCustomer.companyName, 'newCustomer.companyName'),
        primaryDomain: normaliseDomain(data.newCustomer.primaryDomain, 'newCustomer.primaryDomain'),
        invitationId: data.invitationId,
        registeredAt: at,
      },
    });
  }
  const origin = data.kind === 'combined' ? 'combined-invitation' : 'invitation';
  const partners = data.kind === 'combined' && data.providerId ? [data.partnerId, data.providerId] : [data.partnerId];
  const establish = partners
    .filter((partnerId) => state.status !== 'exists' || !hasActiveRelationship(state, partnerId))
    .map(
      (partnerId): RelationshipEstablished => ({
        type: 'RelationshipEstablished',
        data: { customerId: data.customerId, partnerId, origin, invitationId: data.invitationId, establishedAt: at },
      }),
    );
  const wanted = data.adminServices.filter(isService);
  return [...events, ...establish, ...grantsFor(holders, wanted, data.customerId, data.partnerId, 'invitation', at)];
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
  if (known) return [];
  const at = now.toISOString();
  const { customerId } = customer;
  return [
    { type: 'ResellerAssociationRecorded', data: { customerId, providerId: data.providerId, resellerId: data.resellerId, recordedAt: at } },
    ...(data.grantAdmin ? grantsFor(customer.adminHolders, allServices, customerId, data.resellerId, 'reseller-association', at) : []),
  ];
};

export const assignPartnerOfRecord = (
  { data }: AssignPartnerOfRecord,
  state: CustomerState,
  { now }: CustomerContext,
): PartnerOfRecordAssigned[] => {
  const customer = requireCustomer(state);
  requireId(data.providerId, 'providerId');
  requireId(data.resellerId, 'resellerId');
  const subscription = own(customer.subscriptions, data.subscriptionId);
  if (!subscription) throw new DomainError('SUBSCRIPTION.NOT_FOUND', undefined, 'subscriptionId');
  if (subscription.partnerOfRecordId === data.resellerId) return [];
  return [
    {
      type: 'PartnerOfRecordAssigned',
      data: {
        customerId: customer.customerId,
        subscriptionId: subscription.subscriptionId,
        providerId: data.providerId,
        partnerId: data.resellerId,
        assignedAt: now.toISOString(),
      },
    },
  ];
};
