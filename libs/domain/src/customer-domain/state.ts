import { exhaustive } from '../shared/exhaustive';
import { CustomerDomainEvent } from './events';

export type CustomerDomainState = { status: 'free' } | { status: 'claimed'; domain: string; customerId: string; claimedAt: string };

export const initialState = (): CustomerDomainState => ({ status: 'free' });

export const evolve = (state: CustomerDomainState, event: CustomerDomainEvent): CustomerDomainState => {
  switch (event.type) {
    case 'CustomerDomainClaimed': {
      const { domain, customerId, takenOverFrom, claimedAt } = event.data;
      // Only the first claim or a takeover from the current holder changes hands.
      if (state.status === 'claimed' && takenOverFrom !== state.customerId) return state;
      return { status: 'claimed', domain, customerId, claimedAt };
    }
    default:
      return exhaustive(event.type, state);
  }
};
