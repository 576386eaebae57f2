import { DomainError } from '../../errors';
import { requireId, requireText } from '../../shared/validation';
import { AddSubscription, ChangeLicenseCount, DesignateSupportContact } from '../commands';
import { CustomerContext } from '../context';
import { LicenseCountChanged, SubscriptionAdded, SupportContactDesignated } from '../events';
import {
  requireActingPartner,
  requireActivePartnership,
  requireActiveRelationship,
  requireCustomer,
  requireLicenseCount,
  requireManagedSubscription,
  requireOffer,
  requireOwnSubscription,
} from '../guards';
import { CustomerState } from '../state';
import { own } from '../../shared/own';

const sellers = ['direct', 'indirect-provider'] as const;

/** A reseller of record is only requested here; the partnership stream decides the association. */
export const addSubscription = ({ data }: AddSubscription, state: CustomerState, context: CustomerContext): SubscriptionAdded[] => {
  const customer = requireCustomer(state);
  const partner = requireActingPartner(context, data.partnerId, sellers);
  requireActiveRelationship(customer, partner.partnerId);
  const subscriptionId = requireId(data.subscriptionId, 'subscriptionId');
  if (own(customer.subscriptions, subscriptionId)) throw new DomainError('SUBSCRIPTION.ALREADY_EXISTS', undefined, 'subscriptionId');
  const offer = requireOffer(data.offerId, 'offerId');
  const licenseCount = requireLicenseCount(data.licenseCount, 'licenseCount');
  if (data.partnerOfRecordId !== undefined) {
    requireId(data.partnerOfRecordId, 'partnerOfRecordId');
    if (partner.kind !== 'indirect-provider')
      throw new DomainError('PARTNER.KIND_NOT_ALLOWED', 'Only an indirect provider names a reseller of record', 'partnerOfRecordId');
    requireActivePartnership(context, 'partnerOfRecordId');
  }
  return [
    {
      type: 'SubscriptionAdded',
      data: {
        customerId: customer.customerId,
        subscriptionId,
        offerId: offer.offerId,
        service: offer.service,
        licenseCount,
        partnerId: partner.partnerId,
        supportContactId: partner.partnerId,
        ...(data.partnerOfRecordId === undefined ? {} : { requestedPartnerOfRecordId: data.partnerOfRecordId }),
        addedAt: context.now.toISOString(),
      },
    },
  ];
};

export const changeLicenseCount = ({ data }: ChangeLicenseCount, state: CustomerState, context: CustomerContext): LicenseCountChanged[] => {
  const customer = requireCustomer(state);
  // An associated reseller manages the customer's subscriptions with its provider (the seed's "administrator access").
  const partner = requireActingPartner(context, data.partnerId, [...sellers, 'indirect-reseller']);
  const subscription = requireManagedSubscription(customer, data.subscriptionId, partner);
  const licenseCount = requireLicenseCount(data.licenseCount, 'licenseCount');
  if (licenseCount === subscription.licenseCount) return [];
  return [
    {
      type: 'LicenseCountChanged',
      data: {
        customerId: customer.customerId,
        subscriptionId: subscription.subscriptionId,
        partnerId: data.partnerId,
        previousLicenseCount: subscription.licenseCount,
        licenseCount,
        changedAt: context.now.toISOString(),
      },
    },
  ];
};

/** The provider by default; a reseller only when associated with this customer or this subscription. */
export const designateSupportContact = (
  { data }: DesignateSupportContact,
  state: CustomerState,
  context: CustomerContext,
): SupportContactDesignated[] => {
  const customer = requireCustomer(state);
  requireActingPartner(context, data.partnerId, sellers);
  requireActiveRelationship(customer, data.partnerId);
  const subscription = requireOwnSubscription(customer, data.subscriptionId, data.partnerId);
  const designatedBy = requireText(data.designatedBy, 'designatedBy', 100);
  const choice = data.supportContact;
  let contactId: string;
  if (choice?.kind === 'provider') contactId = subscription.partnerId;
  else if (choice?.kind === 'reseller') {
    contactId = requireId(choice.resellerId, 'supportContact.resellerId');
    const associated =
      subscription.partnerOfRecordId === contactId ||
      customer.associations.some((a) => a.providerId === subscription.partnerId && a.resellerId === contactId);
    if (!associated) throw new DomainError('SUPPORT.RESELLER_NOT_ASSOCIATED', undefined, 'supportContact.resellerId');
  } else throw new DomainError('VALIDATION', "supportContact.kind must be 'provider' or 'reseller'", 'supportContact.kind');
  if (contactId === subscription.supportContactId) return [];
  return [
    {
      type: 'SupportContactDesignated',
      data: {
        customerId: customer.customerId,
        subscriptionId: subscription.subscriptionId,
        supportContactId: contactId,
        contactKind: choice.kind,
        designatedBy,
        designatedAt: context.now.toISOString(),
      },
    },
  ];
};
