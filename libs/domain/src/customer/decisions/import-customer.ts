import { DomainError } from '../../errors';
import { normaliseDomain } from '../../shared/domain-name';
import { optionalText, requireId, requireText } from '../../shared/validation';
import { ImportCustomer } from '../commands';
import { CustomerContext } from '../context';
import { CustomerImported, RelationshipEstablished } from '../events';
import { hasActiveRelationship, requireActingPartner } from '../guards';
import { CustomerState } from '../state';

/** Idempotent per customer and partner: a partner that already serves the customer gets no new events. */
export const importCustomer = (
  { data }: ImportCustomer,
  state: CustomerState,
  context: CustomerContext,
): (CustomerImported | RelationshipEstablished)[] => {
  const partner = requireActingPartner(context, data.partnerId);
  const customerId = requireId(data.customerId, 'customerId');
  const companyName = requireText(data.companyName, 'companyName');
  const primaryDomain = normaliseDomain(data.primaryDomain);
  const source = optionalText(data.source, 'source', 100);
  if (state.status === 'exists') {
    if (state.primaryDomain !== primaryDomain)
      throw new DomainError('VALIDATION', 'The primary domain does not match the existing customer', 'primaryDomain');
    if (hasActiveRelationship(state, partner.partnerId)) return [];
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
