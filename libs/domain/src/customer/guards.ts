import { shown } from '../shared/shown';
import { findOffer, isService, Offer, Service } from '../catalogue';
import { DomainError } from '../errors';
import { PartnerKind, PartnerRef } from '../shared/types';
import { CustomerContext } from './context';
import { CustomerState, ExistingCustomer, Subscription } from './state';
import { own } from '../shared/own';

export const maxLicenseCount = 1_000_000;

export const requireCustomer = (state: CustomerState): ExistingCustomer => {
  if (state.status !== 'exists') throw new DomainError('CUSTOMER.NOT_FOUND', undefined, 'customerId');
  return state;
};

/** The command's partner, enrolled and of an allowed kind. */
export const requireActingPartner = (context: CustomerContext, partnerId: string, kinds?: readonly PartnerKind[]): PartnerRef => {
  const partner = context.actingPartner;
  if (!partner || partner.partnerId !== partnerId) throw new DomainError('PARTNER.NOT_ENROLLED', undefined, 'partnerId');
  if (kinds && !kinds.includes(partner.kind))
    throw new DomainError('PARTNER.KIND_NOT_ALLOWED', `A ${partner.kind} partner may not do this`, 'partnerId');
  return partner;
};

/**
 * A partner that never served the customer gets NOT_FOUND (another partner's customer is invisible);
 * one whose relationship was removed gets RELATIONSHIP.NOT_ACTIVE.
 */
export const requireActiveRelationship = (state: ExistingCustomer, partnerId: string, field = 'partnerId'): void => {
  const relationship = own(state.relationships, partnerId);
  if (!relationship) throw new DomainError('CUSTOMER.NOT_FOUND', undefined, 'customerId');
  if (!relationship.active) throw new DomainError('RELATIONSHIP.NOT_ACTIVE', undefined, field);
};

/** A creation under an id whose creation with this domain was abandoned (its claim went to another customer). */
export const refuseAbandonedDomain = (state: CustomerState, primaryDomain: string, field: string): void => {
  if (state.status === 'abandoned' && state.abandonedDomains.includes(primaryDomain))
    throw new DomainError('CUSTOMER.DOMAIN_TAKEN', `${primaryDomain} is already the primary domain of another customer`, field);
};

export const hasActiveRelationship = (state: ExistingCustomer, partnerId: string): boolean =>
  own(state.relationships, partnerId)?.active === true;

export const requireOffer = (offerId: unknown, field: string): Offer => {
  const offer = typeof offerId === 'string' ? findOffer(offerId) : undefined;
  if (!offer) throw new DomainError('SUBSCRIPTION.OFFER_UNKNOWN', `Unknown offer ${shown(offerId)}`, field);
  return offer;
};

export const requireLicenseCount = (value: unknown, field: string): number => {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > maxLicenseCount)
    throw new DomainError('SUBSCRIPTION.LICENSE_COUNT_INVALID', undefined, field);
  return value;
};

export const requireService = (value: unknown, field = 'service'): Service => {
  if (!isService(value)) throw new DomainError('ADMIN.SERVICE_UNKNOWN', `Unknown service ${shown(value)}`, field);
  return value;
};

/** Subscriptions are visible only to the partner that sells them. */
export const requireOwnSubscription = (state: ExistingCustomer, subscriptionId: string, partnerId: string): Subscription => {
  const subscription = own(state.subscriptions, subscriptionId);
  if (!subscription || subscription.partnerId !== partnerId) throw new DomainError('SUBSCRIPTION.NOT_FOUND', undefined, 'subscriptionId');
  return subscription;
};

/**
 * A subscription the acting partner manages: its seller (with an active relationship), or an indirect reseller that
 * is its partner of record or that the seller associated with the customer, while the seller's relationship is active.
 * Anything else is not found, as for a partner that may not see it.
 */
export const requireManagedSubscription = (state: ExistingCustomer, subscriptionId: string, partner: PartnerRef): Subscription => {
  if (partner.kind !== 'indirect-reseller') {
    requireActiveRelationship(state, partner.partnerId);
    return requireOwnSubscription(state, subscriptionId, partner.partnerId);
  }
  const subscription = own(state.subscriptions, subscriptionId);
  const reseller = partner.partnerId;
  const manages =
    subscription !== undefined &&
    own(state.relationships, subscription.partnerId)?.active === true &&
    (subscription.partnerOfRecordId === reseller ||
      state.associations.some((a) => a.providerId === subscription.partnerId && a.resellerId === reseller));
  if (!manages) throw new DomainError('SUBSCRIPTION.NOT_FOUND', undefined, 'subscriptionId');
  return subscription;
};

export const requireActivePartnership = (context: CustomerContext, field: string): void => {
  if (context.partnershipStatus !== 'active') throw new DomainError('PARTNERSHIP.NOT_ACTIVE', undefined, field);
};
