import { DomainError } from '../../errors';
import { normaliseDomain } from '../../shared/domain-name';
import { optionalText, requireId, requireText } from '../../shared/validation';
import { ImportCustomer } from '../commands';
import { CustomerContext } from '../context';
import { CustomerImported, RelationshipEstablished } from '../events';
import { hasActiveRelationship, refuseAbandonedDomain, requireActingPartner } from '../guards';
import { CustomerState } from '../state';

/**
 * Brings in a customer the partner serves elsewhere. Only a customer this system does not know yet can be
 * imported: importing a known one would attach the caller to another partner's customer without that
 * customer's consent (that takes an invitation), and is refused as not found. Idempotent: a partner that already serves the customer
 * through an active relationship gets no new events. Resellers never add customers (DOMAIN.md).
 */
export const importCustomer = (
  { data }: ImportCustomer,
  state: CustomerState,
  context: CustomerContext,
): (CustomerImported | RelationshipEstablished)[] => {
  const partner = requireActingPartner(context, data.partnerId, ['direct', 'indirect-provider']);
  const customerId = requireId(data.customerId, 'customerId');
  const companyName = requireText(data.companyName, 'companyName');
  const primaryDomain = normaliseDomain(data.primaryDomain);
  const source = optionalText(data.source, 'source', 100);
  refuseAbandonedDomain(state, primaryDomain, 'primaryDomain');
  if (state.status === 'exists') {
    // A partner not serving the customer connects through an invitation; it is told no more than for a customer id
    // nobody serves, so an import cannot be used to learn which customers exist.
    if (!hasActiveRelationship(state, partner.partnerId)) throw new DomainError('CUSTOMER.NOT_FOUND', undefined, 'customerId');
    if (state.primaryDomain !== primaryDomain)
      throw new DomainError('VALIDATION', 'The primary domain does not match the existing customer', 'primaryDomain');
    return [];
  }
  const importedAt = context.now.toISOString();
  return [
    {
      type: 'CustomerImported',
      data: { customerId, partnerId: partner.partnerId, companyName, primaryDomain, ...(source ? { source } : {}), importedAt },
    },
    { type: 'RelationshipEstablished', data: { customerId, partnerId: partner.partnerId, origin: 'imported', establishedAt: importedAt } },
  ];
};
