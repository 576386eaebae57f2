import { exhaustive } from '../shared/exhaustive';
import { CustomerDomainEvent } from './events';

export type CustomerDomainState = { status: 'free' } | { status: 'claimed'; domain: string; customerId: string };

export const initialState = (): CustomerDomainState => ({ status: 'free' });

export const evolve = (state: CustomerDomainState, event: CustomerDomainEvent): CustomerDomainState => {
  switch (event.type) {
    case 'CustomerDomainClaimed':
      // The first claim is the one the store accepted with "no stream"; later ones cannot exist.
      return state.status === 'claimed' ? state : { status: 'claimed', domain: event.data.domain, customerId: event.data.customerId };
    default:
      return exhaustive(event.type, state);
  }
};
