import { DomainError } from '../../errors';
import { own } from '../../shared/own';
import { requireId } from '../../shared/validation';
import { AssociateResellerWithCustomer, AssociateResellerWithSubscription } from '../commands';
import { CustomerContext } from '../context';
import { PartnerOfRecordAssigned, ResellerAssociationRecorded, SupportContactDesignated } from '../events';
import { requireActingPartner, requireActivePartnership, requireActiveRelationship, requireCustomer } from '../guards';
import { CustomerState } from '../state';
import { partnerOfRecordAssignment } from './process-steps';

/**
 * Decided on the customer stream: its revision guards the provider's relationship, so an association and a
 * concurrent RemoveRelationship exclude each other (the loser re-decides: a removal still applies after an
 * association; an association after a removal is refused). The partnership's state is a lookup; a removal of the
 * partnership leaves associations as they are, so an association that races it ends as if made just before it.
 */
const requireProviderServing = (state: CustomerState, context: CustomerContext, providerId: string) => {
  const customer = requireCustomer(state);
  const provider = requireActingPartner(context, providerId, ['indirect-provider']);
  requireActiveRelationship(customer, provider.partnerId);
  return customer;
};

export const associateResellerWithCustomer = (
  { data }: AssociateResellerWithCustomer,
  state: CustomerState,
  context: CustomerContext,
): ResellerAssociationRecorded[] => {
  const customer = requireProviderServing(state, context, data.providerId);
  const resellerId = requireId(data.resellerId, 'resellerId');
  requireActivePartnership(context, 'resellerId');
  if (customer.associations.some((a) => a.providerId === data.providerId && a.resellerId === resellerId)) return [];
  return [
    {
      type: 'ResellerAssociationRecorded',
      data: { customerId: customer.customerId, providerId: data.providerId, resellerId, recordedAt: context.now.toISOString() },
    },
  ];
};

export const associateResellerWithSubscription = (
  { data }: AssociateResellerWithSubscription,
  state: CustomerState,
  context: CustomerContext,
): (PartnerOfRecordAssigned | SupportContactDesignated)[] => {
  const customer = requireProviderServing(state, context, data.providerId);
  const resellerId = requireId(data.resellerId, 'resellerId');
  const subscription = own(customer.subscriptions, requireId(data.subscriptionId, 'subscriptionId'));
  if (!subscription || subscription.partnerId !== data.providerId)
    throw new DomainError('SUBSCRIPTION.NOT_FOUND', undefined, 'subscriptionId');
  requireActivePartnership(context, 'resellerId');
  return partnerOfRecordAssignment(customer, subscription, data.providerId, resellerId, context.now);
};
