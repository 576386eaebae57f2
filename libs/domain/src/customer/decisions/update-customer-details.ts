import { DomainError } from '../../errors';
import { requireAddress, requireContact, requireText } from '../../shared/validation';
import { UpdateCustomerDetails } from '../commands';
import { CustomerContext } from '../context';
import { CustomerDetailsUpdated } from '../events';
import { hasActiveRelationship, requireActingPartner, requireCustomer } from '../guards';
import { CustomerState, ExistingCustomer } from '../state';
import { own } from '../../shared/own';

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * A partner with an active relationship, or a reseller associated by a provider whose relationship is still
 * active (the read rule of `visibility.ts`): an association that raced the provider's removal grants nothing.
 */
const requireManagedBy = (state: ExistingCustomer, partnerId: string): void => {
  const associated = state.associations.some((a) => a.resellerId === partnerId && hasActiveRelationship(state, a.providerId));
  if (hasActiveRelationship(state, partnerId) || associated) return;
  if (own(state.relationships, partnerId)) throw new DomainError('RELATIONSHIP.NOT_ACTIVE', undefined, 'partnerId');
  throw new DomainError('CUSTOMER.NOT_FOUND', undefined, 'customerId');
};

/** Only the fields that actually change are recorded; no change records nothing. */
export const updateCustomerDetails = (
  { data }: UpdateCustomerDetails,
  state: CustomerState,
  context: CustomerContext,
): CustomerDetailsUpdated[] => {
  const customer = requireCustomer(state);
  requireActingPartner(context, data.partnerId);
  requireManagedBy(customer, data.partnerId);
  if (data.companyName === undefined && data.address === undefined && data.primaryContact === undefined)
    throw new DomainError('VALIDATION', 'Nothing to update', 'companyName');
  const companyName = data.companyName === undefined ? undefined : requireText(data.companyName, 'companyName');
  const address = data.address === undefined ? undefined : requireAddress(data.address, 'address');
  const primaryContact = data.primaryContact === undefined ? undefined : requireContact(data.primaryContact, 'primaryContact');
  const changes = {
    ...(companyName !== undefined && companyName !== customer.companyName ? { companyName } : {}),
    ...(address !== undefined && !same(address, customer.address) ? { address } : {}),
    ...(primaryContact !== undefined && !same(primaryContact, customer.primaryContact) ? { primaryContact } : {}),
  };
  if (Object.keys(changes).length === 0) return [];
  return [
    {
      type: 'CustomerDetailsUpdated',
      data: { customerId: customer.customerId, partnerId: data.partnerId, ...changes, updatedAt: context.now.toISOString() },
    },
  ];
};
