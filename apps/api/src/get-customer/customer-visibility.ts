import type { CustomerState } from '@app/domain/customer';
import type { Principal } from '../auth/principal';

/**
 * Who may read a customer account: a partner that has or had a relationship with it, a provider or reseller
 * associated with it, and the customer's own users. Anyone else gets 404, as if it did not exist.
 */
export function canSeeCustomer(state: CustomerState, principal: Principal): boolean {
  if (state.status !== 'exists') return false;
  if (principal.kind === 'customer') return principal.customerId === state.customerId;
  const { partnerId } = principal;
  return (
    state.relationships[partnerId] !== undefined ||
    state.associations.some((a) => a.providerId === partnerId || a.resellerId === partnerId)
  );
}

/** A partner sees the subscriptions it sells or is partner of record or support contact of; a customer sees all. */
export function visibleCustomer(state: Extract<CustomerState, { status: 'exists' }>, principal: Principal): Record<string, unknown> {
  const { appliedInvitations: _internal, ...account } = state;
  if (principal.kind === 'customer') return account;
  const partnerId = principal.partnerId;
  const subscriptions = Object.fromEntries(
    Object.entries(state.subscriptions).filter(
      ([, s]) => s.partnerId === partnerId || s.partnerOfRecordId === partnerId || s.supportContactId === partnerId,
    ),
  );
  return { ...account, subscriptions };
}
