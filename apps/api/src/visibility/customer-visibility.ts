import {
  mayReadAccount,
  maySeeSubscription,
  providersAssociating,
  type AccountAccess,
  type CustomerState,
  type ExistingCustomer,
} from '@app/domain/customer';
import { accountAccess, type CustomerAccountDoc, type CustomerSubscription } from '@app/read-models';
import type { Principal } from '../auth/principal';

/**
 * The one visibility rule (`@app/domain/customer` visibility) applied to both shapes an account is served in:
 * the write-side state (GET /v1/customers/{id}) and the read-model document and rows (the query endpoints).
 * A customer's own users see all of it; a partner only what the rule grants, anyone else gets 404.
 */
function mayRead(access: AccountAccess, customerId: string, principal: Principal): boolean {
  return principal.kind === 'customer' ? principal.customerId === customerId : mayReadAccount(access, principal.partnerId);
}

function stateAccess(state: ExistingCustomer): AccountAccess {
  return {
    activePartnerIds: Object.values(state.relationships)
      .filter((r) => r.active)
      .map((r) => r.partnerId),
    associations: state.associations,
  };
}

function onlyVisible<S extends { partnerId: string; partnerOfRecordId?: string | null; supportContactId: string }>(
  subscriptions: Readonly<Record<string, S>>,
  partnerId: string,
  access: AccountAccess,
): Record<string, S> {
  const associatedBy = providersAssociating(access, partnerId);
  return Object.fromEntries(Object.entries(subscriptions).filter(([, s]) => maySeeSubscription(s, partnerId, associatedBy)));
}

/** The write-side account as the caller may see it; undefined when it may not see the customer at all. */
export function visibleCustomer(state: CustomerState, principal: Principal): Record<string, unknown> | undefined {
  if (state.status !== 'exists' || !mayRead(stateAccess(state), state.customerId, principal)) return undefined;
  const { appliedInvitations: _internal, ...account } = state;
  if (principal.kind === 'customer') return account;
  return { ...account, subscriptions: onlyVisible(state.subscriptions, principal.partnerId, stateAccess(state)) };
}

/**
 * The read-model account as the caller may see it: other sellers' subscriptions are left out, and so are
 * who removed another partner's relationship and why, and the admin user name given to the partner that added it.
 */
export function visibleAccount(doc: CustomerAccountDoc | undefined, principal: Principal): CustomerAccountDoc | undefined {
  if (!doc || !mayRead(accountAccess(doc), doc.customerId, principal)) return undefined;
  if (principal.kind === 'customer') return doc;
  const { partnerId } = principal;
  const relationships = Object.fromEntries(
    Object.entries(doc.relationships).map(([id, r]) => {
      if (id === partnerId) return [id, r];
      const { removedBy: _by, removalReason: _reason, ...shown } = r;
      return [id, shown];
    }),
  );
  const { adminUserName, ...rest } = doc;
  const addedByCaller = doc.relationships[partnerId]?.origin === 'added';
  return {
    ...rest,
    ...(addedByCaller && adminUserName !== undefined ? { adminUserName } : {}),
    relationships,
    subscriptions: onlyVisible(doc.subscriptions, partnerId, accountAccess(doc)),
  };
}

/**
 * Subscription rows of an account the caller may read, without other sellers' subscriptions; `associatedBy` are the
 * providers that associated the calling reseller with the customer.
 */
export function visibleSubscriptions(
  items: readonly CustomerSubscription[],
  principal: Principal,
  associatedBy: readonly string[] = [],
): CustomerSubscription[] {
  return principal.kind === 'customer' ? [...items] : items.filter((s) => maySeeSubscription(s, principal.partnerId, associatedBy));
}
