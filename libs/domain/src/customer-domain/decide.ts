import { DomainError } from '../errors';
import { normaliseDomain } from '../shared/domain-name';
import { requireCommandData, requireId } from '../shared/validation';
import { ClaimCustomerDomain, CustomerDomainCommand } from './commands';
import { CustomerDomainContext } from './context';
import { CustomerDomainClaimed, CustomerDomainEvent } from './events';
import { CustomerDomainState } from './state';
import { shown } from '../shared/shown';

/**
 * A repeated claim by the same customer (a retried command) is already done. A claim whose customer's
 * creation was abandoned (its stream stayed empty past the grace period, see `AbandonCustomerCreation`)
 * is taken over at this stream's revision, so of two racing takeovers one wins.
 */
export const claimCustomerDomain = (
  { data }: ClaimCustomerDomain,
  state: CustomerDomainState,
  { now, claimant }: CustomerDomainContext,
): CustomerDomainClaimed[] => {
  const domain = normaliseDomain(data.domain, 'primaryDomain');
  const customerId = requireId(data.customerId, 'customerId');
  if (state.status === 'free') return [{ type: 'CustomerDomainClaimed', data: { domain, customerId, claimedAt: now.toISOString() } }];
  if (state.customerId === customerId) return [];
  const orphaned = claimant?.customerId === state.customerId && claimant.abandoned;
  if (!orphaned)
    throw new DomainError('CUSTOMER.DOMAIN_TAKEN', `${domain} is already the primary domain of another customer`, 'primaryDomain');
  return [{ type: 'CustomerDomainClaimed', data: { domain, customerId, takenOverFrom: state.customerId, claimedAt: now.toISOString() } }];
};

export const decide = (
  command: CustomerDomainCommand,
  state: CustomerDomainState,
  context: CustomerDomainContext,
): CustomerDomainEvent[] => {
  requireCommandData(command);
  switch (command.type) {
    case 'ClaimCustomerDomain':
      return claimCustomerDomain(command, state, context);
    default: {
      const unknownCommand: never = command.type;
      throw new DomainError('VALIDATION', `Unknown command ${shown(unknownCommand)}`);
    }
  }
};
