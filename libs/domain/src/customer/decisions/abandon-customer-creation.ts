import { DomainError } from '../../errors';
import { normaliseDomain } from '../../shared/domain-name';
import { requireId } from '../../shared/validation';
import { AbandonCustomerCreation } from '../commands';
import { CustomerContext, defaultClaimGraceMs } from '../context';
import { CustomerCreationAbandoned } from '../events';
import { CustomerState } from '../state';

/**
 * Gives up a customer id whose domain claim is older than the grace period while its stream is still
 * empty. Decided on the customer stream (appended with "no stream"), so a creation that comes late loses
 * against it, and the claim's takeover never leaves two customers with one domain.
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
  if (state.status === 'abandoned') return [];
  if (state.status === 'exists' || now.getTime() - claimedAt < claimGraceMs)
    throw new DomainError('CUSTOMER.DOMAIN_TAKEN', `${primaryDomain} is already the primary domain of another customer`, 'primaryDomain');
  return [
    {
      type: 'CustomerCreationAbandoned',
      data: { customerId, primaryDomain, claimedAt: new Date(claimedAt).toISOString(), abandonedAt: now.toISOString() },
    },
  ];
};
