import { Decider } from '../shared/decider';
import { CustomerCommand } from './commands';
import { CustomerContext } from './context';
import { decide } from './decide';
import { CustomerEvent } from './events';
import { CustomerState, evolve, initialState } from './state';

export { decide } from './decide';
export { evolve, initialState } from './state';
export type { Association, CustomerState, ExistingCustomer, Relationship, Subscription } from './state';
export { toCustomerLookup } from './to-lookup';
export { maxLicenseCount } from './guards';
export { mayReadAccount, maySeeSubscription, partnersWithAccess, providersAssociating, type AccountAccess } from './visibility';

export const customerDecider: Decider<CustomerState, CustomerCommand, CustomerEvent, CustomerContext> = {
  initialState,
  evolve,
  decide,
};
