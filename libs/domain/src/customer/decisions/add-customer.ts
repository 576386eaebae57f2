import { DomainError } from '../../errors';
import { normaliseDomain } from '../../shared/domain-name';
import { requireAddress, requireContact, requireDate, requireEmail, requireId, requireText } from '../../shared/validation';
import { AddCustomer, InitialSubscription } from '../commands';
import { CustomerContext } from '../context';
import { AgreementAttestation, CustomerAdded, RelationshipEstablished, SubscriptionAdded } from '../events';
import { refuseAbandonedDomain, requireActingPartner, requireActivePartnership, requireLicenseCount, requireOffer } from '../guards';
import { CustomerState } from '../state';

export const maxInitialSubscriptions = 50;

const attestation = (agreement: AddCustomer['data']['agreement'] | undefined, now: Date): AgreementAttestation => {
  if (typeof agreement !== 'object' || agreement === null) throw new DomainError('AGREEMENT.ATTESTATION_REQUIRED', undefined, 'agreement');
  if (agreement.accepted !== true) {
    throw new DomainError(
      'AGREEMENT.ATTESTATION_REQUIRED',
      'The customer must have accepted the customer agreement.',
      'agreement.accepted',
    );
  }
  const signedAt = requireDate(agreement.signedAt, 'agreement.signedAt');
  if (signedAt.getTime() > now.getTime()) throw new DomainError('AGREEMENT.DATE_IN_FUTURE', undefined, 'agreement.signedAt');
  return {
    signerName: requireText(agreement.signerName, 'agreement.signerName'),
    signerEmail: requireEmail(agreement.signerEmail, 'agreement.signerEmail'),
    signedAt: signedAt.toISOString(),
    attestedBy: requireText(agreement.attestedBy, 'agreement.attestedBy', 100),
  };
};

/** With a reseller to associate, each initial subscription asks for it as partner of record (seed: add a new customer, step 3). */
const initialSubscriptions = (
  subscriptions: readonly InitialSubscription[],
  customerId: string,
  partnerId: string,
  addedAt: string,
  resellerId: string | undefined,
): SubscriptionAdded[] => {
  if (subscriptions.length > maxInitialSubscriptions)
    throw new DomainError('VALIDATION', `At most ${maxInitialSubscriptions} initial subscriptions`, 'subscriptions');
  const seen = new Set<string>();
  return subscriptions.map((subscription, index) => {
    const field = `subscriptions[${index}]`;
    const subscriptionId = requireId(subscription?.subscriptionId, `${field}.subscriptionId`);
    if (seen.has(subscriptionId)) throw new DomainError('SUBSCRIPTION.ALREADY_EXISTS', undefined, `${field}.subscriptionId`);
    seen.add(subscriptionId);
    const offer = requireOffer(subscription.offerId, `${field}.offerId`);
    return {
      type: 'SubscriptionAdded',
      data: {
        customerId,
        subscriptionId,
        offerId: offer.offerId,
        service: offer.service,
        licenseCount: requireLicenseCount(subscription.licenseCount, `${field}.licenseCount`),
        partnerId,
        supportContactId: partnerId,
        ...(resellerId === undefined ? {} : { requestedPartnerOfRecordId: resellerId }),
        addedAt,
      },
    };
  });
};

/** All-or-nothing: the customer, the adding partner's relationship and the initial subscriptions. */
export const addCustomer = (
  { data }: AddCustomer,
  state: CustomerState,
  context: CustomerContext,
): (CustomerAdded | RelationshipEstablished | SubscriptionAdded)[] => {
  if (state.status === 'exists') throw new DomainError('CUSTOMER.ALREADY_EXISTS', undefined, 'customerId');
  refuseAbandonedDomain(state, normaliseDomain(data.primaryDomain), 'primaryDomain');
  const partner = requireActingPartner(context, data.partnerId, ['direct', 'indirect-provider']);
  const customerId = requireId(data.customerId, 'customerId');
  const addedAt = context.now.toISOString();
  const agreement = attestation(data.agreement, context.now);
  if (data.resellerId !== undefined) {
    requireId(data.resellerId, 'resellerId');
    if (partner.kind !== 'indirect-provider')
      throw new DomainError('PARTNER.KIND_NOT_ALLOWED', 'Only an indirect provider associates a reseller', 'resellerId');
    requireActivePartnership(context, 'resellerId');
  }
  if (data.subscriptions !== undefined && !Array.isArray(data.subscriptions))
    throw new DomainError('VALIDATION', 'subscriptions must be a list', 'subscriptions');
  const added: CustomerAdded = {
    type: 'CustomerAdded',
    data: {
      customerId,
      partnerId: partner.partnerId,
      companyName: requireText(data.companyName, 'companyName'),
      primaryDomain: normaliseDomain(data.primaryDomain),
      address: requireAddress(data.address, 'address'),
      primaryContact: requireContact(data.primaryContact, 'primaryContact'),
      agreement,
      adminUserName: requireEmail(data.adminUserName, 'adminUserName'),
      ...(data.resellerId === undefined ? {} : { requestedResellerId: data.resellerId }),
      addedAt,
    },
  };
  return [
    added,
    { type: 'RelationshipEstablished', data: { customerId, partnerId: partner.partnerId, origin: 'added', establishedAt: addedAt } },
    ...initialSubscriptions(data.subscriptions ?? [], customerId, partner.partnerId, addedAt, data.resellerId),
  ];
};
