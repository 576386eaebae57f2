import { CustomerLookup } from './lookup';
import { CustomerState } from './state';

/** Projects a folded customer stream into what other streams' decisions may rely on. */
export const toCustomerLookup = (state: CustomerState): CustomerLookup | undefined =>
  state.status === 'exists'
    ? {
        customerId: state.customerId,
        activePartnerIds: Object.values(state.relationships)
          .filter((relationship) => relationship.active)
          .map((relationship) => relationship.partnerId),
        adminHolders: state.adminHolders,
        subscriptions: Object.values(state.subscriptions).map(({ subscriptionId, partnerId }) => ({ subscriptionId, partnerId })),
      }
    : undefined;
