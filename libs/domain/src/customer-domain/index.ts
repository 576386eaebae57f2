import { Decider } from '../shared/decider';
import { CustomerDomainCommand } from './commands';
import { CustomerDomainContext } from './context';
import { decide } from './decide';
import { CustomerDomainEvent } from './events';
import { CustomerDomainState, evolve, initialState } from './state';

export { decide } from './decide';
export { evolve, initialState } from './state';
export type { CustomerDomainState } from './state';

export const customerDomainDecider: Decider<CustomerDomainState, CustomerDomainCommand, CustomerDomainEvent, CustomerDomainContext> = {
  initialState,
  evolve,
  decide,
};
