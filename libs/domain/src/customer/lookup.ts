import { Service } from '../catalogue';

/**
 * What another stream's decision may know about a customer, resolved by the caller from `customer-{id}`
 * (see `toCustomerLookup`). Undefined in a context means the customer stream does not exist.
 */
export interface CustomerLookup {
  readonly customerId: string;
  readonly activePartnerIds: readonly string[];
  readonly adminHolders: Readonly<Partial<Record<Service, string>>>;
  readonly subscriptions: readonly { readonly subscriptionId: string; readonly partnerId: string }[];
}
