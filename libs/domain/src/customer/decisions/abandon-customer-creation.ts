import { DomainError } from '../../errors';
import { normaliseDomain } from '../../shared/domain-name';
import { requireId } from '../../shared/validation';
import { AbandonCustomerCreation } from '../commands';
import { CustomerContext, defaultClaimGraceMs } from '../context';
import { CustomerCreationAbandoned } from '../events';
import { CustomerState } from '../state';

/**
 * Gives up the creation of a customer id with a domain whose claim is older than the grace period while the
 * customer does not exist. Decided on the customer stream at its revision, so a creation with that domain
 * that comes late loses against it, and the claim's takeover never leaves two customers with one domain.
 * The id itself may still be created later with another domain (a customer tenant keeps its id).
 */
export const abandonCustomerCreation = (
  { data }: AbandonCustomerCreation,
  state: CustomerState,
  { now, claimGraceMs = defaultClaimGraceMs }: CustomerContext,
): CustomerCreationAbandoned[] => {
  const customerId = requireId(data.customerId, 'customerId');
  const primaryDomain = normaliseDomain(data.primaryDomain);
  const claimedAt = typeof data.claimedAt === 'string' ? Date.parse(data.claimedAt) : Number.NaN;
  if (Number.isNaN(claimedAt)) throw new DomainError('VALIDATION', 'claimedAt must be an ISO-8601 time', 'claimedAt');
  if (state.status === 'abandoned' && state.abandonedDomains.includes(primaryDomain)) return [];
  if (state.status === 'exists' || now.getTime() - claimedAt < claimGraceMs)
    throw new DomainError('CUSTOMER.DOMAIN_TAKEN', `${primaryDomain} is already the primary domain of another customer`, 'primaryDomain');
  return [
    {
      type: 'CustomerCreationAbandoned',
      data: { customerId, primaryDomain, claimedAt: new Date(claimedAt).toISOString(), abandonedAt: now.toISOString() },
    },
  ];
};
